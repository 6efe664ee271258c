package dev.olafhe.approx;

import java.util.Arrays;

/**
 * A polynomial p(x) = sum_k c_k T_k(y) with y = (2x - a - b) / (b - a), i.e. a Chebyshev series on the
 * interval [a, b]. This is the hand-over format between the approximation code (which fits it), the plan
 * files (which store it) and the CKKS polynomial evaluator (which evaluates it homomorphically).
 * Immutable; the coefficient array is copied in and out.
 */
public final class ChebyshevSeries {
    private final double a;
    private final double b;
    private final double[] coeffs;

    public ChebyshevSeries(double a, double b, double[] coeffs) {
        if (!(a < b) || !Double.isFinite(a) || !Double.isFinite(b)) {
            throw new IllegalArgumentException("interval must be finite with a < b, got [" + a + ", " + b + "]");
        }
        if (coeffs.length == 0) {
            throw new IllegalArgumentException("a Chebyshev series needs at least one coefficient");
        }
        for (double c : coeffs) {
            if (!Double.isFinite(c)) {
                throw new IllegalArgumentException("non-finite coefficient in " + Arrays.toString(coeffs));
            }
        }
        this.a = a;
        this.b = b;
        this.coeffs = coeffs.clone();
    }

    public double a() {
        return a;
    }

    public double b() {
        return b;
    }

    /** Nominal degree: number of coefficients minus one (trailing zeros included). */
    public int degree() {
        return coeffs.length - 1;
    }

    public double[] coefficients() {
        return coeffs.clone();
    }

    public double coefficient(int k) {
        return coeffs[k];
    }

    /** Maps x in [a, b] to y in [-1, 1]. */
    public double toUnit(double x) {
        return (2 * x - a - b) / (b - a);
    }

    /** p(x), by Clenshaw's recurrence (numerically stable for any x, also outside [a, b]). */
    public double evaluate(double x) {
        double y = toUnit(x);
        double b1 = 0;
        double b2 = 0;
        for (int k = coeffs.length - 1; k >= 1; k--) {
            double t = 2 * y * b1 - b2 + coeffs[k];
            b2 = b1;
            b1 = t;
        }
        return y * b1 - b2 + coeffs[0];
    }

    /** Elements per block of {@link #evaluate(float[], float[], int)}. */
    private static final int BLOCK = 512;

    /**
     * {@code out[i] = (float) evaluate(in[i])} for i in [0, n), the same recurrence with the same operations in the
     * same order per element (so the same floats), run over blocks of elements per coefficient.
     */
    public void evaluate(float[] in, float[] out, int n) {
        double[][] work = new double[3][BLOCK];
        double[] y = work[0];
        for (int from = 0; from < n; from += BLOCK) {
            int m = Math.min(BLOCK, n - from);
            for (int i = 0; i < m; i++) {
                y[i] = toUnit(in[from + i]);
            }
            clenshawBlock(work, m);
            for (int i = 0; i < m; i++) {
                out[from + i] = (float) y[i];
            }
        }
    }

    public void evaluate(double[] in, double[] out, int n) {
        double[][] work = new double[3][BLOCK];
        double[] y = work[0];
        for (int from = 0; from < n; from += BLOCK) {
            int m = Math.min(BLOCK, n - from);
            for (int i = 0; i < m; i++) {
                y[i] = toUnit(in[from + i]);
            }
            clenshawBlock(work, m);
            System.arraycopy(y, 0, out, from, m);
        }
    }

    /**
     * Clenshaw's recurrence on the first {@code m} points y = work[0] (already mapped to [-1, 1]), per point the same
     * operations in the same order as {@link #evaluate(double)}; leaves the values in work[0] (work[1], work[2]: b1,
     * b2).
     */
    private void clenshawBlock(double[][] work, int m) {
        double[] y = work[0];
        double[] b1 = work[1];
        double[] b2 = work[2];
        java.util.Arrays.fill(b1, 0, m, 0);
        java.util.Arrays.fill(b2, 0, m, 0);
        for (int k = coeffs.length - 1; k >= 1; k--) {
            double c = coeffs[k];
            for (int i = 0; i < m; i++) {
                double t = 2 * y[i] * b1[i] - b2[i] + c;
                b2[i] = b1[i];
                b1[i] = t;
            }
        }
        for (int i = 0; i < m; i++) {
            y[i] = y[i] * b1[i] - b2[i] + coeffs[0];
        }
    }

    /** True when every even-index coefficient is zero (p(-y) = -p(y) in the unit variable). */
    public boolean isOdd() {
        for (int k = 0; k < coeffs.length; k += 2) {
            if (coeffs[k] != 0) {
                return false;
            }
        }
        return true;
    }

    /** True when every odd-index coefficient is zero. */
    public boolean isEven() {
        for (int k = 1; k < coeffs.length; k += 2) {
            if (coeffs[k] != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "ChebyshevSeries[deg=" + degree() + ", interval=[" + a + ", " + b + "]]";
    }
}
