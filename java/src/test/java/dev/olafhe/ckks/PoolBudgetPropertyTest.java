package dev.olafhe.ckks;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code olafhe.pool.bytes} override of the pool's budget: a byte count, 0 turns the pool off, garbage refused. */
class PoolBudgetPropertyTest {
    private static final String PROPERTY = "olafhe.pool.bytes";
    private final CkksParameters params = CkksParameters.of(CkksTestContexts.LITERALS.get(CkksContextsTest.DEFAULT_SET));

    @AfterEach
    void clear() {
        System.clearProperty(PROPERTY);
    }

    @Test
    void withoutThePropertyThePoolGetsTheScratchBudget() {
        assertEquals(CkksContext.scratchBudgetBytes(params), CkksContext.poolBudgetBytes(params));
    }

    @Test
    void thePropertySetsTheBudgetAndZeroIsAccepted() {
        System.setProperty(PROPERTY, "0");
        assertEquals(0, CkksContext.poolBudgetBytes(params));
        System.setProperty(PROPERTY, " 1048576 ");
        assertEquals(1 << 20, CkksContext.poolBudgetBytes(params));
    }

    @Test
    void aNegativeOrNonNumericBudgetIsRefusedWithThePropertyNamed() {
        for (String bad : new String[] {"-1", "lots", ""}) {
            System.setProperty(PROPERTY, bad);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CkksContext.poolBudgetBytes(params));
            assertTrue(e.getMessage().contains(PROPERTY) && e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }
}
