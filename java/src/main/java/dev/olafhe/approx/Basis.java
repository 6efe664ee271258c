package dev.olafhe.approx;

/**
 * Which Chebyshev polynomials T_k (k <= degree) a fit may use. ODD/EVEN halve the unknowns and, under CKKS,
 * the scalar work; they only make sense on an interval symmetric about 0 for a target of that symmetry.
 */
public enum Basis {
    GENERAL,
    ODD,
    EVEN;

    /** The indices k of the allowed T_k, ascending. */
    public int[] indices(int degree) {
        if (degree < 0) {
            throw new IllegalArgumentException("degree must be >= 0, got " + degree);
        }
        if (this == ODD && degree < 1) {
            throw new IllegalArgumentException("an odd polynomial needs degree >= 1");
        }
        int step = this == GENERAL ? 1 : 2;
        int first = this == ODD ? 1 : 0;
        int n = (degree - first) / step + 1;
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = first + i * step;
        }
        return idx;
    }

    /** Coefficient array of length degree+1 with {@code values[i]} at index {@code indices(degree)[i]}. */
    double[] scatter(int degree, double[] values) {
        int[] idx = indices(degree);
        double[] c = new double[degree + 1];
        for (int i = 0; i < idx.length; i++) {
            c[idx[i]] = values[i];
        }
        return c;
    }
}
