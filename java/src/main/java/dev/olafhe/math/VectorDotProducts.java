package dev.olafhe.math;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;

import static dev.olafhe.math.VectorModular.FOLD_TERMS;
import static dev.olafhe.math.VectorModular.mulLazy;
import static dev.olafhe.math.VectorModular.reduce;
import static dev.olafhe.math.VectorNtt.DS;
import static dev.olafhe.math.VectorNtt.LANES;
import static dev.olafhe.math.VectorNtt.LS;
import static dev.olafhe.math.VectorNtt.fromLongs;
import static dev.olafhe.math.VectorNtt.toLongs;

/**
 * The key switch's inner product of one limb, out0 = Σ_j x_j·b_j and out1 = Σ_j x_j·a_j mod q, on Vector API doubles
 * ({@link VectorModular}'s exact lazy products, summed in registers and reduced once per {@link
 * VectorModular#FOLD_TERMS} digits): fully reduced, so bit-identical to the scalar 128-bit sums of
 * {@link WideSums#addProducts}. For moduli of at most {@value VectorNtt#MAX_BITS} bits ({@link #supports}).
 */
public final class VectorDotProducts {
    private VectorDotProducts() {
    }

    /**
     * Whether {@link #keyProducts} applies to this modulus (the module is resolved, the switch
     * {@code -Dolafhe.math.vector} is on, q has at most {@value VectorNtt#MAX_BITS} bits, at least 4 double lanes).
     * Safe to call without {@code jdk.incubator.vector}.
     */
    public static boolean supports(Modulus modulus) {
        return NttTables.VECTOR && VectorModular.supports(modulus); // the switch first: no vector class loaded
    }

    /**
     * out0[c] = Σ_j x[j][c]·kb[j][c] and out1[c] = Σ_j x[j][c]·ka[j][c] mod q for c in [0, k), all operands in
     * [0, q); k is the largest multiple of the lane count not above out0.length, returned: the caller computes the
     * tail. Outputs may alias inputs at the same index.
     */
    public static int keyProducts(Modulus modulus, long[][] x, long[][] kb, long[][] ka, long[] out0, long[] out1) {
        DoubleVector q = DoubleVector.broadcast(DS, modulus.value());
        DoubleVector negQInv = DoubleVector.broadcast(DS, -1.0 / modulus.value());
        DoubleVector zero = DoubleVector.zero(DS);
        int end = LS.loopBound(out0.length);
        for (int c = 0; c < end; c += LANES) {
            DoubleVector s0 = zero;
            DoubleVector s1 = zero;
            for (int j = 0; j < x.length; j++) {
                if (j > 0 && j % FOLD_TERMS == 0) {
                    s0 = reduce(s0, q, negQInv);
                    s1 = reduce(s1, q, negQInv);
                }
                DoubleVector xj = fromLongs(LongVector.fromArray(LS, x[j], c));
                DoubleVector negX = xj.neg();
                s0 = s0.add(mulLazy(xj, negX, fromLongs(LongVector.fromArray(LS, kb[j], c)), q, negQInv));
                s1 = s1.add(mulLazy(xj, negX, fromLongs(LongVector.fromArray(LS, ka[j], c)), q, negQInv));
            }
            toLongs(reduce(s0, q, negQInv)).intoArray(out0, c);
            toLongs(reduce(s1, q, negQInv)).intoArray(out1, c);
        }
        return end;
    }
}
