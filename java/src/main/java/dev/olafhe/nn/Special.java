package dev.olafhe.nn;

/** Special functions Java's Math lacks. */
public final class Special {
    private Special() {
    }

    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);

    /**
     * The error function to about 1e-15 absolute: for |x| < 2.5 the all-positive series
     * {@code erf x = 2/sqrt(pi) e^{-x^2} sum_n 2^n x^{2n+1} / (1*3*...*(2n+1))} (no cancellation);
     * beyond, {@code 1 - erfc x} with erfc from its continued fraction (modified Lentz).
     */
    public static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double ax = Math.abs(x);
        double r;
        if (ax < 2.5) {
            double x2 = ax * ax;
            double term = ax;
            double sum = ax;
            for (int n = 0; n < 200; n++) {
                term *= 2.0 * x2 / (2 * n + 3);
                sum += term;
                if (term < 1e-17 * sum) {
                    break;
                }
            }
            r = TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
        } else if (ax < 6.5) {
            r = 1.0 - erfcContinuedFraction(ax);
        } else {
            r = 1.0;
        }
        return x < 0 ? -r : r;
    }

    /** erfc(x) for x >= 2 by the continued fraction erfc x = e^{-x^2}/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...)))). */
    private static double erfcContinuedFraction(double x) {
        // Lentz on  f = x + a1/(x + a2/(x + ...)) with a_k = k/2
        double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0;
        for (int k = 1; k < 300; k++) {
            double a = k / 2.0;
            d = x + a * d;
            d = d == 0 ? tiny : d;
            c = x + a / c;
            c = c == 0 ? tiny : c;
            d = 1.0 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1.0) < 1e-16) {
                break;
            }
        }
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
    }

    /**
     * Fast erf for the executor's float path: {@code 1 - erfc(x)} with the Chebyshev-fitted erfc of Numerical
     * Recipes (fractional error of erfc below 1.2e-7, so absolute error of erf below ~2.4e-7: float32 level).
     * One exp per call instead of the series; {@link #erf} is the 1e-15 reference.
     */
    public static double erfFast(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double ans = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? 1.0 - ans : ans - 1.0;
    }
}
