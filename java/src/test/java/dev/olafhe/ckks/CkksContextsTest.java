package dev.olafhe.ckks;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/** Base of the CKKS tests that share the parameter sets of {@link CkksTestContexts} across one test class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CkksContextsTest {
    /** The set the single-set tests use. */
    static final String DEFAULT_SET = "logN11-Q4-P2-dnum2";

    final CkksTestContexts contexts = new CkksTestContexts();

    @AfterAll
    void closeContexts() {
        contexts.close();
    }

    CkksTestContext defaultContext() {
        return contexts.get(DEFAULT_SET);
    }
}
