package dev.olafhe.approx;

import java.util.function.DoubleUnaryOperator;

/**
 * Weighted least squares in the Chebyshev basis: p = argmin over polynomials of the given degree and basis of
 * integral_a^b (f(x) - p(x))^2 w(x) dx. The integral is discretised by the midpoint rule on a fine uniform grid
 * (the histogram weights are piecewise constant, so a uniform grid integrates them without bias), and the
 * resulting overdetermined system is solved by Householder QR on the Chebyshev design matrix (the basis is
 * well conditioned on [-1, 1]; normal equations and the monomial basis are not used).
 */
public final class LeastSquares {
    /** Midpoint-rule nodes per fit (at least 8 per unknown). */
    static final int DEFAULT_GRID = 4096;

    private LeastSquares() {
    }

    public static ChebyshevSeries fit(DoubleUnaryOperator f, double a, double b, int degree, Basis basis, Weight w) {
        return fit(f, a, b, degree, basis, w, Math.max(DEFAULT_GRID, 8 * (degree + 1)));
    }

    public static ChebyshevSeries fit(DoubleUnaryOperator f, double a, double b, int degree, Basis basis, Weight w,
                                      int gridPoints) {
        if (!(a < b)) {
            throw new IllegalArgumentException("interval must have a < b, got [" + a + ", " + b + "]");
        }
        int[] idx = basis.indices(degree);
        int n = idx.length;
        if (gridPoints < 2 * n) {
            throw new IllegalArgumentException("need at least " + 2 * n + " grid points, got " + gridPoints);
        }
        int m = gridPoints;
        double[][] design = new double[m][n];
        double[] rhs = new double[m];
        double h = (b - a) / m;
        double[] t = new double[degree + 1];
        for (int i = 0; i < m; i++) {
            double x = a + (i + 0.5) * h;
            double wi = w.at(x);
            if (!(wi >= 0) || !Double.isFinite(wi)) {
                throw new IllegalArgumentException("weight must be finite and >= 0, got " + wi + " at x=" + x);
            }
            double s = Math.sqrt(wi * h);
            chebyshevValues((2 * x - a - b) / (b - a), t);
            for (int j = 0; j < n; j++) {
                design[i][j] = s * t[idx[j]];
            }
            rhs[i] = s * f.applyAsDouble(x);
        }
        double[] sol = solveQr(design, rhs, n);
        return new ChebyshevSeries(a, b, basis.scatter(degree, sol));
    }

    /** T_0(y) .. T_{t.length-1}(y) by the three-term recurrence. */
    static void chebyshevValues(double y, double[] t) {
        t[0] = 1;
        if (t.length > 1) {
            t[1] = y;
        }
        for (int k = 2; k < t.length; k++) {
            t[k] = 2 * y * t[k - 1] - t[k - 2];
        }
    }

    /** Least-squares solution of design * x = rhs (m x n, m >= n) by Householder QR; both arrays are overwritten. */
    static double[] solveQr(double[][] design, double[] rhs, int n) {
        int m = design.length;
        double maxDiag = 0;
        double[] diag = new double[n];
        for (int k = 0; k < n; k++) {
            double norm = 0;
            for (int i = k; i < m; i++) {
                norm = Math.hypot(norm, design[i][k]);
            }
            if (norm == 0) {
                diag[k] = 0;
                continue;
            }
            double alpha = design[k][k] > 0 ? -norm : norm;
            // v = x - alpha e1, stored in place in column k (rows k..m-1)
            design[k][k] -= alpha;
            double vv = 0;
            for (int i = k; i < m; i++) {
                vv += design[i][k] * design[i][k];
            }
            for (int j = k + 1; j < n; j++) {
                double dot = 0;
                for (int i = k; i < m; i++) {
                    dot += design[i][k] * design[i][j];
                }
                double s = 2 * dot / vv;
                for (int i = k; i < m; i++) {
                    design[i][j] -= s * design[i][k];
                }
            }
            double dot = 0;
            for (int i = k; i < m; i++) {
                dot += design[i][k] * rhs[i];
            }
            double s = 2 * dot / vv;
            for (int i = k; i < m; i++) {
                rhs[i] -= s * design[i][k];
            }
            diag[k] = alpha;
            maxDiag = Math.max(maxDiag, Math.abs(alpha));
        }
        double[] x = new double[n];
        for (int k = n - 1; k >= 0; k--) {
            if (Math.abs(diag[k]) <= 1e-13 * maxDiag) {
                throw new IllegalArgumentException("least squares is rank deficient (the weight vanishes on too much"
                        + " of the interval); add a floor weight with Weight.plus or lower the degree");
            }
            double s = rhs[k];
            for (int j = k + 1; j < n; j++) {
                s -= design[k][j] * x[j];
            }
            x[k] = s / diag[k];
        }
        return x;
    }
}
