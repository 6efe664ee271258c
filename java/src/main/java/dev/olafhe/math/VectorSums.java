package dev.olafhe.math;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;

import static dev.olafhe.math.VectorModular.mulConstantLazy;
import static dev.olafhe.math.VectorModular.mulLazy;
import static dev.olafhe.math.VectorModular.reduce;
import static dev.olafhe.math.VectorNtt.DS;
import static dev.olafhe.math.VectorNtt.LANES;
import static dev.olafhe.math.VectorNtt.LS;
import static dev.olafhe.math.VectorNtt.fromLongs;
import static dev.olafhe.math.VectorNtt.toLongs;

/**
 * Lazy sums of {@link VectorModular} products over a block of coefficients, the vector counterpart of
 * {@link WideSums}: acc[k] (doubles, exact integers) for the coefficients from + k, k in [0, len), len a multiple of
 * the lane count. Callers {@link #fold} after at most {@link VectorModular#FOLD_TERMS} products and {@link #store}
 * the residues at the end.
 *
 * <p>The sums live in memory (a block small enough for L1), not in registers across a loop over the terms: each
 * kernel here is one short loop that C2 compiles whole, and no vector crosses a method boundary. A kernel body with
 * all terms, folds and stores inlined stops inlining at C2's NodeCountInliningCutoff, and every Vector API value
 * passed to a call that is not inlined is boxed (17 MB of garbage per logN-16 limb, 1.5x slower than the scalar
 * code, measured on JDK 25 with AVX2).
 */
final class VectorSums {
    /** The low 32 bits of a long. */
    static final long LOW_32 = 0xFFFF_FFFFL;

    private VectorSums() {
    }

    /** acc0[k] += x·y0 and acc1[k] += x·y1 at coefficient from + k (lazy: in [−0.75q, 0.75q] each). */
    static void addProducts(double[] acc0, double[] acc1, long[] x, long[] y0, long[] y1, int from, int len,
                            double q) {
        DoubleVector qv = DoubleVector.broadcast(DS, q);
        DoubleVector negQInv = DoubleVector.broadcast(DS, -1.0 / q);
        for (int k = 0; k < len; k += LANES) {
            DoubleVector xv = fromLongs(LongVector.fromArray(LS, x, from + k));
            DoubleVector negX = xv.neg();
            DoubleVector p0 = mulLazy(xv, negX, fromLongs(LongVector.fromArray(LS, y0, from + k)), qv, negQInv);
            DoubleVector p1 = mulLazy(xv, negX, fromLongs(LongVector.fromArray(LS, y1, from + k)), qv, negQInv);
            DoubleVector.fromArray(DS, acc0, k).add(p0).intoArray(acc0, k);
            DoubleVector.fromArray(DS, acc1, k).add(p1).intoArray(acc1, k);
        }
    }

    /** acc[k] += y·w for a fixed factor w with wq = fl(w/q), y below 2^50 (lazy). */
    static void addConstantProducts(double[] acc, long[] y, int from, int len, double w, double wq, double q) {
        DoubleVector qv = DoubleVector.broadcast(DS, q);
        DoubleVector wv = DoubleVector.broadcast(DS, w);
        DoubleVector negW = wv.neg();
        DoubleVector wqv = DoubleVector.broadcast(DS, wq);
        for (int k = 0; k < len; k += LANES) {
            DoubleVector p = mulConstantLazy(fromLongs(LongVector.fromArray(LS, y, from + k)), wv, negW, wqv, qv);
            DoubleVector.fromArray(DS, acc, k).add(p).intoArray(acc, k);
        }
    }

    /**
     * acc[k] += y·w for y of up to 63 bits (not exact as a double) as its halves: y_hi·wHigh + y_lo·w with
     * y = y_hi·2^32 + y_lo and wHigh = 2^32·w mod q (two lazy products); wq, wHighQ the quotient factors.
     */
    static void addWideConstantProducts(double[] acc, long[] y, int from, int len, double w, double wq,
                                        double wHigh, double wHighQ, double q) {
        DoubleVector qv = DoubleVector.broadcast(DS, q);
        DoubleVector wv = DoubleVector.broadcast(DS, w);
        DoubleVector wqv = DoubleVector.broadcast(DS, wq);
        DoubleVector hv = DoubleVector.broadcast(DS, wHigh);
        DoubleVector hqv = DoubleVector.broadcast(DS, wHighQ);
        DoubleVector negW = wv.neg();
        DoubleVector negH = hv.neg();
        LongVector low = LongVector.broadcast(LS, LOW_32); // vectors, not scalars: see VectorBasisConversion.asDouble
        LongVector shift = LongVector.broadcast(LS, 32);
        for (int k = 0; k < len; k += LANES) {
            LongVector yv = LongVector.fromArray(LS, y, from + k);
            DoubleVector lo = mulConstantLazy(fromLongs(yv.and(low)), wv, negW, wqv, qv);
            DoubleVector hi = mulConstantLazy(fromLongs(yv.lanewise(VectorOperators.LSHR, shift)), hv, negH, hqv, qv);
            DoubleVector.fromArray(DS, acc, k).add(lo).add(hi).intoArray(acc, k);
        }
    }

    /** acc[k] mod q into [0, q), so that {@link VectorModular#FOLD_TERMS} more products fit. */
    static void fold(double[] acc, int len, double q) {
        DoubleVector qv = DoubleVector.broadcast(DS, q);
        DoubleVector negQInv = DoubleVector.broadcast(DS, -1.0 / q);
        for (int k = 0; k < len; k += LANES) {
            reduce(DoubleVector.fromArray(DS, acc, k), qv, negQInv).intoArray(acc, k);
        }
    }

    /** out[from + k] = acc[k] mod q, fully reduced, as longs. */
    static void store(double[] acc, long[] out, int from, int len, double q) {
        DoubleVector qv = DoubleVector.broadcast(DS, q);
        DoubleVector negQInv = DoubleVector.broadcast(DS, -1.0 / q);
        for (int k = 0; k < len; k += LANES) {
            toLongs(reduce(DoubleVector.fromArray(DS, acc, k), qv, negQInv)).intoArray(out, from + k);
        }
    }
}
