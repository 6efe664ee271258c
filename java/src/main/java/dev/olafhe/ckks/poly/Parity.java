package dev.olafhe.ckks.poly;

/** Which Chebyshev coefficients a polynomial may have: all, only odd indices, or only even indices. */
public enum Parity {
    GENERAL, ODD, EVEN;

    /** Whether coefficient index k is allowed. */
    boolean allows(int k) {
        return switch (this) {
            case GENERAL -> true;
            case ODD -> k % 2 == 1;
            case EVEN -> k % 2 == 0;
        };
    }
}
