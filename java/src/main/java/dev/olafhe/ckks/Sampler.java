package dev.olafhe.ckks;

import java.util.Random;

/**
 * Host-side samplers for key generation and encryption. Sampling happens on the host so that a seeded
 * random source yields identical polynomials on every backend; the results are uploaded.
 */
final class Sampler {
    /** Standard deviation and truncation bound of the error distribution (Lattigo's defaults). */
    static final double SIGMA = 3.2;
    static final double BOUND = 6 * SIGMA;

    private final Random random;

    Sampler(Random random) {
        this.random = random;
    }

    /** A fresh seed for {@link SeedExpander} (from this sampler's source: secure unless seeded for tests). */
    byte[] seed() {
        byte[] seed = new byte[SeedExpander.SEED_BYTES];
        random.nextBytes(seed);
        return seed;
    }

    /** Uniform residues in [0, q). */
    long[] uniform(long q, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = random.nextLong(q);
        }
        return out;
    }

    /** Rounded Gaussian with σ = 3.2, rejecting samples beyond 6σ. */
    long[] gaussian(int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            double x;
            do {
                x = random.nextGaussian() * SIGMA;
            } while (Math.abs(x) > BOUND);
            out[i] = Math.round(x);
        }
        return out;
    }

    /** Secret coefficients in {-1, 0, 1}: uniform (h = 0) or exactly h non-zero entries. */
    long[] ternary(int n, SecretDistribution distribution) {
        long[] out = new long[n];
        if (distribution.isUniformTernary()) {
            for (int i = 0; i < n; i++) {
                out[i] = random.nextInt(3) - 1;
            }
            return out;
        }
        int h = distribution.hammingWeight();
        int[] positions = new int[n];
        for (int i = 0; i < n; i++) {
            positions[i] = i;
        }
        for (int i = 0; i < h; i++) { // partial Fisher-Yates: the first h positions are a uniform h-subset
            int j = i + random.nextInt(n - i);
            int t = positions[i];
            positions[i] = positions[j];
            positions[j] = t;
            out[positions[i]] = random.nextBoolean() ? 1 : -1;
        }
        return out;
    }
}
