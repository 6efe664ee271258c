package dev.olafhe.math;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;

import java.util.Arrays;

import static dev.olafhe.math.VectorModular.FOLD_TERMS;
import static dev.olafhe.math.VectorModular.mulLazy;
import static dev.olafhe.math.VectorModular.reduce;
import static dev.olafhe.math.VectorNtt.DS;
import static dev.olafhe.math.VectorNtt.LANES;
import static dev.olafhe.math.VectorNtt.LS;
import static dev.olafhe.math.VectorNtt.fromLongs;
import static dev.olafhe.math.VectorNtt.toLongs;

/**
 * The key switch's inner product of one limb, out0 = Σ_j x_j·b_j and out1 = Σ_j x_j·a_j mod q, and the tensor
 * product of a ciphertext multiplication ({@link #tensor}), on Vector API doubles
 * ({@link VectorModular}'s exact lazy products, summed over blocks of coefficients by {@link VectorSums} and reduced
 * once per {@link VectorModular#FOLD_TERMS} digits): fully reduced, so bit-identical to the scalar 128-bit sums of
 * {@link WideSums#addProducts}. For moduli of at most {@value VectorNtt#MAX_BITS} bits ({@link VectorKernels#supports}:
 * ask there, this class needs {@code jdk.incubator.vector} to load).
 */
public final class VectorDotProducts {
    /** Coefficients per block: the two blocks of sums (16 KiB) stay in L1. */
    private static final int BLOCK = 1024;

    private VectorDotProducts() {
    }

    /**
     * out0[c] = Σ_j x[j][c]·kb[j][c] and out1[c] = Σ_j x[j][c]·ka[j][c] mod q for c in [0, k), all operands in
     * [0, q); k is the largest multiple of the lane count not above out0.length, returned: the caller computes the
     * tail. Outputs may alias inputs at the same index.
     */
    public static int keyProducts(Modulus modulus, long[][] x, long[][] kb, long[][] ka, long[] out0, long[] out1) {
        double q = modulus.value();
        int end = LS.loopBound(out0.length);
        double[] acc0 = new double[Math.min(BLOCK, end)];
        double[] acc1 = new double[acc0.length];
        for (int from = 0; from < end; from += BLOCK) {
            int len = Math.min(BLOCK, end - from);
            Arrays.fill(acc0, 0);
            Arrays.fill(acc1, 0);
            for (int j = 0; j < x.length; j++) {
                if (j > 0 && j % FOLD_TERMS == 0) {
                    VectorSums.fold(acc0, len, q);
                    VectorSums.fold(acc1, len, q);
                }
                VectorSums.addProducts(acc0, acc1, x[j], kb[j], ka[j], from, len, q);
            }
            VectorSums.store(acc0, out0, from, len, q);
            VectorSums.store(acc1, out1, from, len, q);
        }
        return end;
    }

    /**
     * The tensor product of two degree-1 ciphertexts' limbs (NTT domain): d0 = x0·y0, d1 = x0·y1 + x1·y0,
     * d2 = x1·y1 mod q for c in [0, k), k the largest multiple of the lane count not above d0.length, returned (the
     * caller computes the tail); operands in [0, q), outputs must not alias inputs. Three short loops, not one: see
     * {@link VectorSums} on C2's inlining budget.
     */
    public static int tensor(Modulus modulus, long[] x0, long[] x1, long[] y0, long[] y1, long[] d0, long[] d1,
                             long[] d2) {
        double q = modulus.value();
        int end = LS.loopBound(d0.length);
        products(x0, y0, d0, end, q);
        products(x0, y1, d1, end, q);
        addProducts(x1, y0, d1, end, q);
        products(x1, y1, d2, end, q);
        return end;
    }

    /** out = x·y mod q on [0, len). */
    private static void products(long[] x, long[] y, long[] out, int len, double q) {
        DoubleVector qv = DoubleVector.broadcast(DS, q);
        DoubleVector negQInv = DoubleVector.broadcast(DS, -1.0 / q);
        for (int c = 0; c < len; c += LANES) {
            DoubleVector xv = fromLongs(LongVector.fromArray(LS, x, c));
            DoubleVector p = mulLazy(xv, xv.neg(), fromLongs(LongVector.fromArray(LS, y, c)), qv, negQInv);
            toLongs(reduce(p, qv, negQInv)).intoArray(out, c);
        }
    }

    /** out = out + x·y mod q on [0, len), out in [0, q). */
    private static void addProducts(long[] x, long[] y, long[] out, int len, double q) {
        DoubleVector qv = DoubleVector.broadcast(DS, q);
        DoubleVector negQInv = DoubleVector.broadcast(DS, -1.0 / q);
        for (int c = 0; c < len; c += LANES) {
            DoubleVector xv = fromLongs(LongVector.fromArray(LS, x, c));
            DoubleVector p = mulLazy(xv, xv.neg(), fromLongs(LongVector.fromArray(LS, y, c)), qv, negQInv);
            toLongs(reduce(p.add(fromLongs(LongVector.fromArray(LS, out, c))), qv, negQInv)).intoArray(out, c);
        }
    }
}
