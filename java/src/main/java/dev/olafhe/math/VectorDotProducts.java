package dev.olafhe.math;

import java.util.Arrays;

import static dev.olafhe.math.VectorModular.FOLD_TERMS;
import static dev.olafhe.math.VectorNtt.LS;

/**
 * The key switch's inner product of one limb, out0 = Σ_j x_j·b_j and out1 = Σ_j x_j·a_j mod q, on Vector API doubles
 * ({@link VectorModular}'s exact lazy products, summed over blocks of coefficients by {@link VectorSums} and reduced
 * once per {@link VectorModular#FOLD_TERMS} digits): fully reduced, so bit-identical to the scalar 128-bit sums of
 * {@link WideSums#addProducts}. For moduli of at most {@value VectorNtt#MAX_BITS} bits ({@link #supports}).
 */
public final class VectorDotProducts {
    /** Coefficients per block: the two blocks of sums (16 KiB) stay in L1. */
    private static final int BLOCK = 1024;

    private VectorDotProducts() {
    }

    /**
     * Whether {@link #keyProducts} applies to this modulus (the module is resolved, the switch
     * {@code -Dolafhe.math.vector} is on, q has at most {@value VectorNtt#MAX_BITS} bits, at least 4 double lanes).
     * Safe to call without {@code jdk.incubator.vector}.
     */
    public static boolean supports(Modulus modulus) {
        return NttTables.VECTOR && VectorModular.fit(modulus); // the switch first: no vector class loaded
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
}
