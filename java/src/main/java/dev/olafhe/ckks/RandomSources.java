package dev.olafhe.ckks;

import java.security.SecureRandom;
import java.util.Random;

/** Where key generation and encryption get their randomness. */
public final class RandomSources {
    private RandomSources() {
    }

    /** The default: a cryptographically secure generator. */
    public static Random secure() {
        return new SecureRandom();
    }

    /**
     * A deterministic, seeded generator (java.util.Random's specified LCG) for tests and cross-backend
     * comparisons: the same seed gives the same keys and ciphertexts on every backend and JVM.
     * <b>Not secure</b>: never use it for real data; commands allow it only with {@code --insecure} and report it
     * as INSECURE ({@link SecurityPolicy}).
     */
    public static Random deterministic(long seed) {
        return new Random(seed);
    }
}
