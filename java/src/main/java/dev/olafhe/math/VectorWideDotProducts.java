package dev.olafhe.math;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;

import java.util.Arrays;

import static dev.olafhe.math.VectorNtt.LANES;
import static dev.olafhe.math.VectorNtt.LS;
import static dev.olafhe.math.VectorShoupNtt.mulLazy;

/**
 * The key switch's inner product of one limb, out0 = Σ_j x_j·kb_j and out1 = Σ_j x_j·ka_j mod q, for the moduli of
 * 51 to 61 bits ({@link VectorShoupNtt#fits}) that {@link VectorDotProducts}' doubles cannot take, on 64-bit lanes:
 * each product x·k as its four 32 x 32-bit partial products ({@code vpmuludq}), summed without carries into three
 * words per coefficient, c0 (the low halves of the low products), c1 (the 2^32 terms) and c2 (the 2^64 terms); the
 * residue of c2·2^64 + c1·2^32 + c0 at the end by two Shoup products. Fully reduced, so bit-identical to the scalar
 * 128-bit sums of {@link WideSums#addProducts}. One short loop per kernel (C2's inlining budget: see
 * {@link VectorShoupNtt}). Ask {@link VectorKernels#supportsWide} first: this class needs {@code jdk.incubator.vector}
 * to load.
 */
public final class VectorWideDotProducts {
    /**
     * How many products the three words hold: each adds below 2^58 + 2^33 to c2 (x, k below 2^61: their high halves
     * below 2^29) and below 3·2^32 to c1, so 31 keep c2 below 2^63.
     */
    static final int MAX_TERMS = 31;
    /** Coefficients per block: six arrays of sums (24 KiB) stay in L1. */
    private static final int BLOCK = 512;
    private static final long LOW_32 = 0xFFFF_FFFFL;

    private VectorWideDotProducts() {
    }

    /**
     * out0[c] = Σ_j x[j][c]·kb[j][c] and out1[c] = Σ_j x[j][c]·ka[j][c] mod q for c in [0, k), all operands in
     * [0, q); k is the largest multiple of the lane count not above out0.length, returned (0 for more than
     * {@value #MAX_TERMS} terms): the caller computes the rest. Outputs may alias inputs at the same index.
     */
    public static int keyProducts(Modulus modulus, long[][] x, long[][] kb, long[][] ka, long[] out0, long[] out1) {
        if (x.length > MAX_TERMS) {
            return 0;
        }
        long q = modulus.value();
        long[] factors = modulus.wordWeights();
        int end = LS.loopBound(out0.length);
        long[][] sums0 = new long[3][Math.min(BLOCK, end)];
        long[][] sums1 = new long[3][sums0[0].length];
        for (int from = 0; from < end; from += BLOCK) {
            int len = Math.min(BLOCK, end - from);
            for (long[] s : sums0) {
                Arrays.fill(s, 0);
            }
            for (long[] s : sums1) {
                Arrays.fill(s, 0);
            }
            for (int j = 0; j < x.length; j++) {
                addProducts(sums0, x[j], kb[j], from, len);
                addProducts(sums1, x[j], ka[j], from, len);
            }
            store(sums0, out0, from, len, q, factors);
            store(sums1, out1, from, len, q, factors);
        }
        return end;
    }

    /**
     * The three words of sums += x·k at coefficient from + c (class comment). No helper calls in it (C2's inlining
     * budget cannot leave a vector boxed across one); one output per loop: a loop for both, x split once, was
     * 10-15 % faster but boxed a vector per call.
     */
    private static void addProducts(long[][] sums, long[] x, long[] k, int from, int len) {
        long[] c0 = sums[0];
        long[] c1 = sums[1];
        long[] c2 = sums[2];
        for (int c = 0; c < len; c += LANES) {
            LongVector xv = LongVector.fromArray(LS, x, from + c);
            LongVector kv = LongVector.fromArray(LS, k, from + c);
            LongVector xl = xv.and(LOW_32);
            LongVector xh = xv.lanewise(VectorOperators.LSHR, 32);
            LongVector kl = kv.and(LOW_32);
            LongVector kh = kv.lanewise(VectorOperators.LSHR, 32);
            LongVector ll = xl.mul(kl);
            LongVector lh = xl.mul(kh);
            LongVector hl = xh.mul(kl);
            LongVector.fromArray(LS, c0, c).add(ll.and(LOW_32)).intoArray(c0, c);
            LongVector.fromArray(LS, c1, c).add(ll.lanewise(VectorOperators.LSHR, 32)).add(lh.and(LOW_32))
                    .add(hl.and(LOW_32)).intoArray(c1, c);
            LongVector.fromArray(LS, c2, c).add(xh.mul(kh)).add(lh.lanewise(VectorOperators.LSHR, 32))
                    .add(hl.lanewise(VectorOperators.LSHR, 32)).intoArray(c2, c);
        }
    }

    /**
     * out[from + c] = c2·2^64 + c1·2^32 + c0 mod q, in two passes of one Shoup product each (two in one loop body
     * exceed C2's inlining budget): c1 takes c0's high half and c2 becomes c2·(2^64 mod q) lazily; then
     * c1·(2^32 mod q) is added (below 4q &lt; 2^63), the sum reduced, c0's low half added and reduced once more.
     */
    private static void store(long[][] sums, long[] out, int from, int len, long q, long[] factors) {
        foldHighWord(sums, len, q, factors[2], factors[3]);
        addLowerWordsAndReduce(sums, out, from, len, q, factors[0], factors[1]);
    }

    private static void foldHighWord(long[][] sums, int len, long q, long r64, long r64Shoup) {
        long[] c0 = sums[0];
        long[] c1 = sums[1];
        long[] c2 = sums[2];
        LongVector qv = LongVector.broadcast(LS, q);
        LongVector rv = LongVector.broadcast(LS, r64);
        LongVector rs = LongVector.broadcast(LS, r64Shoup);
        for (int c = 0; c < len; c += LANES) {
            LongVector.fromArray(LS, c1, c).add(LongVector.fromArray(LS, c0, c).lanewise(VectorOperators.LSHR, 32))
                    .intoArray(c1, c);
            mulLazy(LongVector.fromArray(LS, c2, c), rv, rs, qv).intoArray(c2, c);
        }
    }

    private static void addLowerWordsAndReduce(long[][] sums, long[] out, int from, int len, long q, long r32,
                                               long r32Shoup) {
        long[] c0 = sums[0];
        long[] c1 = sums[1];
        long[] c2 = sums[2];
        LongVector qv = LongVector.broadcast(LS, q);
        LongVector twoQ = LongVector.broadcast(LS, 2 * q);
        LongVector rv = LongVector.broadcast(LS, r32);
        LongVector rs = LongVector.broadcast(LS, r32Shoup);
        for (int c = 0; c < len; c += LANES) {
            LongVector t = LongVector.fromArray(LS, c2, c).add(mulLazy(LongVector.fromArray(LS, c1, c), rv, rs, qv));
            t = t.sub(twoQ, t.compare(VectorOperators.GE, twoQ)); // [0, 4q) to [0, 2q)
            t = t.sub(qv, t.compare(VectorOperators.GE, qv)).add(LongVector.fromArray(LS, c0, c).and(LOW_32));
            t.sub(qv, t.compare(VectorOperators.GE, qv)).intoArray(out, from + c); // [0, q + 2^32) to [0, q)
        }
    }
}
