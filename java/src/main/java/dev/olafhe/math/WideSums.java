package dev.olafhe.math;

/**
 * Unreduced sums of products of residues as unsigned 128-bit values, one (hi, lo) pair of arrays per run of
 * coefficients, reduced once at the end with {@link Modulus#reduceWide}. Residues are below 2^61, so each product
 * is below 2^122 and up to {@link #MAX_TERMS} products fit in 128 bits; callers fold longer sums.
 */
public final class WideSums {
    /** How many products below 2^122 a sum may hold without overflowing 128 bits. */
    public static final int MAX_TERMS = 63;

    private WideSums() {
    }

    /** hi:lo[k] += x[from + k] · y[from + k] for k in [0, len) (operands below 2^63). */
    public static void addProducts(long[] x, long[] y, int from, long[] hi, long[] lo, int len) {
        for (int k = 0; k < len; k++) {
            long a = x[from + k];
            long b = y[from + k];
            long pLo = a * b;
            long sLo = lo[k] + pLo;
            hi[k] += Math.multiplyHigh(a, b) + carry(lo[k], pLo, sLo);
            lo[k] = sLo;
        }
    }

    /** hi:lo[k] += x[from + k] · w for k in [0, len) (operands below 2^63). */
    public static void addScaled(long[] x, int from, long w, long[] hi, long[] lo, int len) {
        for (int k = 0; k < len; k++) {
            long a = x[from + k];
            long pLo = a * w;
            long sLo = lo[k] + pLo;
            hi[k] += Math.multiplyHigh(a, w) + carry(lo[k], pLo, sLo);
            lo[k] = sLo;
        }
    }

    /** out[from + k] = (hi:lo[k]) mod q for k in [0, len). */
    public static void reduce(Modulus m, long[] hi, long[] lo, long[] out, int from, int len) {
        for (int k = 0; k < len; k++) {
            out[from + k] = m.reduceWide(hi[k], lo[k]);
        }
    }

    /** Replaces each sum by its residue (hi = 0), so that up to {@link #MAX_TERMS} - 1 more products fit. */
    public static void fold(Modulus m, long[] hi, long[] lo, int len) {
        for (int k = 0; k < len; k++) {
            lo[k] = m.reduceWide(hi[k], lo[k]);
            hi[k] = 0;
        }
    }

    /** The carry out of the unsigned 64-bit addition a + b = sum (0 or 1), branch-free. */
    public static long carry(long a, long b, long sum) {
        return ((a & b) | ((a | b) & ~sum)) >>> 63;
    }
}
