package dev.olafhe.math;

import java.util.Arrays;

import static dev.olafhe.math.VectorModular.FOLD_TERMS;
import static dev.olafhe.math.VectorNtt.LS;

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
     * caller computes the tail); operands in [0, q), outputs must not alias inputs. Four short loops of
     * {@link VectorElementWise}, not one: see {@link VectorSums} on C2's inlining budget.
     */
    public static int tensor(Modulus modulus, long[] x0, long[] x1, long[] y0, long[] y1, long[] d0, long[] d1,
                             long[] d2) {
        VectorElementWise.mul(modulus, x0, y0, d0);
        VectorElementWise.mul(modulus, x0, y1, d1);
        VectorElementWise.mulAdd(modulus, x1, y0, d1);
        return VectorElementWise.mul(modulus, x1, y1, d2);
    }
}
