package dev.olafhe.approx;

/** The scalar activations OLA-FHE approximates by polynomials, with double-precision references. */
public enum Target {
    RELU,
    /** Exact-erf GELU: x/2 (1 + erf(x / sqrt 2)). */
    GELU,
    /** SiLU (swish): x * sigmoid(x). */
    SILU,
    SIGMOID,
    TANH;

    public double apply(double x) {
        switch (this) {
            case RELU:
                return x > 0 ? x : 0.0;
            case GELU:
                return 0.5 * x * (1.0 + erf(x / Math.sqrt(2.0)));
            case SILU:
                return x / (1.0 + Math.exp(-x));
            case SIGMOID:
                return 1.0 / (1.0 + Math.exp(-x));
            case TANH:
                return Math.tanh(x);
            default:
                throw new AssertionError(this);
        }
    }

    /** Symmetry the best approximation on a symmetric interval inherits (only tanh is odd; none is even). */
    public Basis naturalBasis() {
        return this == TANH ? Basis.ODD : Basis.GENERAL;
    }

    /**
     * erf with absolute error below 1e-15: Taylor series for |x| < 3, continued fraction of erfc beyond.
     * Kept here (not borrowed from nn) because approx sits below nn in the layering.
     */
    static double erf(double x) {
        double ax = Math.abs(x);
        double r;
        if (ax < 3.0) {
            // erf(x) = 2/sqrt(pi) * sum_n (-1)^n x^(2n+1) / (n! (2n+1))
            double term = ax;
            double sum = ax;
            double x2 = ax * ax;
            for (int n = 1; n < 200; n++) {
                term *= -x2 / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
                    break;
                }
            }
            r = 2.0 / Math.sqrt(Math.PI) * sum;
        } else if (ax > 7) {
            r = 1.0;
        } else {
            // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), evaluated bottom-up
            double f = ax;
            for (int k = 60; k >= 1; k--) {
                f = ax + (k / 2.0) / f;
            }
            r = 1.0 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
        }
        return x < 0 ? -r : r;
    }
}
