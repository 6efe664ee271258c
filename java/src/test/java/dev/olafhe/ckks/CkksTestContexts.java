package dev.olafhe.ckks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameter sets the CKKS tests run on, built lazily and shared within a test class. All are small
 * and INSECURE (test-only). They cover derived and explicit dnum, one and several special primes, and a
 * sparse secret.
 */
final class CkksTestContexts implements AutoCloseable {
    /** Rotation steps every test context has keys for. */
    static final int[] ROTATIONS = {1, 2, 5, -1, -7, 100};

    static final Map<String, CkksParametersLiteral> LITERALS = new LinkedHashMap<>();

    static {
        LITERALS.put("logN11-Q4-P2-dnum2", new CkksParametersLiteral(11, new int[] {55, 40, 40, 40},
                new int[] {61, 61}, 40, SecretDistribution.uniformTernary(), 0, true));
        LITERALS.put("logN11-Q5-P1-dnum5", new CkksParametersLiteral(11, new int[] {50, 42, 42, 42, 42},
                new int[] {60}, 42, SecretDistribution.uniformTernary(), 5, true));
        LITERALS.put("logN12-Q6-P3-dnum2-h64", new CkksParametersLiteral(12, new int[] {58, 45, 45, 45, 45, 45},
                new int[] {61, 61, 61}, 45, SecretDistribution.fixedHammingWeight(64), 2, true));
    }

    /** Parameter-set names, for {@code @MethodSource}. */
    static java.util.stream.Stream<String> names() {
        return LITERALS.keySet().stream();
    }

    private final Map<String, CkksTestContext> contexts = new LinkedHashMap<>();

    CkksTestContext get(String name) {
        return contexts.computeIfAbsent(name, n -> new CkksTestContext(LITERALS.get(n), ROTATIONS, true, n.hashCode()));
    }

    @Override
    public void close() {
        contexts.values().forEach(CkksTestContext::close);
        contexts.clear();
    }
}
