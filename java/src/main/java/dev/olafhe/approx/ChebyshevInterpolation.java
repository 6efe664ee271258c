package dev.olafhe.approx;

import java.util.function.DoubleUnaryOperator;

/**
 * Interpolation at the degree+1 Chebyshev points of the first kind on [a, b]: near-minimax for smooth targets at
 * O(d^2) cost, the classic baseline between uniform least squares and Remez.
 */
public final class ChebyshevInterpolation {
    private ChebyshevInterpolation() {
    }

    public static ChebyshevSeries interpolate(DoubleUnaryOperator f, double a, double b, int degree) {
        if (degree < 0) {
            throw new IllegalArgumentException("degree must be >= 0, got " + degree);
        }
        int n = degree + 1;
        double[] fv = new double[n];
        double[] theta = new double[n];
        for (int j = 0; j < n; j++) {
            theta[j] = Math.PI * (j + 0.5) / n;
            double y = Math.cos(theta[j]);
            fv[j] = f.applyAsDouble(0.5 * (a + b) + 0.5 * (b - a) * y);
        }
        double[] c = new double[n];
        for (int k = 0; k < n; k++) {
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += fv[j] * Math.cos(k * theta[j]);
            }
            c[k] = (k == 0 ? 1.0 : 2.0) * s / n;
        }
        return new ChebyshevSeries(a, b, c);
    }
}
