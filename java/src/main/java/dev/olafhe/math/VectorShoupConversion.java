package dev.olafhe.math;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;

import java.util.Arrays;

import static dev.olafhe.math.VectorNtt.LANES;
import static dev.olafhe.math.VectorNtt.LS;
import static dev.olafhe.math.VectorShoupNtt.mulLazy;

/**
 * {@link BasisConverter}'s accumulation into the targets of 51 to 61 bits ({@link VectorShoupNtt#fits}), which the
 * double kernels of {@link VectorBasisConversion} cannot take, on 64-bit lanes with {@link VectorShoupNtt}'s Shoup
 * products: out = Σ_i y_i·(Q/q_i) + u·(−Q) mod m, each term in [0, 2m) added to a sum kept in [0, 2m), fully reduced
 * at the end, so bit-identical to the scalar 128-bit sums. The sums live in a block of longs, one short loop per term
 * (see {@link VectorSums} on C2's inlining budget).
 */
final class VectorShoupConversion {
    /**
     * Per target j: the factors of its terms, (Q/q_i) mod m_j per source i and last −Q mod m_j (the u term), with
     * their Shoup factors; null where the target is not taken.
     */
    private final Terms[] targets;

    private record Terms(long m, long[] w, long[] wShoup) {
    }

    VectorShoupConversion(Modulus[] target, long[][] qHatModTarget, long[] qModTarget) {
        targets = new Terms[target.length];
        for (int j = 0; j < target.length; j++) {
            Modulus m = target[j];
            if (VectorShoupNtt.fits(m)) {
                long[] w = Arrays.copyOf(qHatModTarget[j], qHatModTarget[j].length + 1);
                w[w.length - 1] = m.neg(qModTarget[j]);
                targets[j] = new Terms(m.value(), w, Arrays.stream(w).map(m::shoup).toArray());
            }
        }
    }

    boolean accumulates(int j) {
        return targets[j] != null;
    }

    /**
     * out[c] = Σ_i scaled_i[c]·(Q/q_i) − u[c]·Q mod m_j (no u term when u is null) for c in [from, from + k), k the
     * largest multiple of the lane count not above len, returned; the sums go through {@code acc} (at least k longs).
     * Sources below 2^61 and u below 2^63: Shoup's product takes any factor below 2^63. One call site per kernel: C2
     * inlines the kernels into this method, and a second copy of the product's loop puts it past its inlining budget.
     */
    int accumulate(int j, long[][] scaled, long[] u, long[] out, int from, int len, long[] acc) {
        Terms t = targets[j];
        int k = LS.loopBound(len);
        Arrays.fill(acc, 0, k, 0);
        int terms = scaled.length + (u != null ? 1 : 0);
        for (int i = 0; i < terms; i++) {
            addConstantProducts(acc, i < scaled.length ? scaled[i] : u, from, k, t.w[i], t.wShoup[i], t.m);
        }
        store(acc, out, from, k, t.m);
        return k;
    }

    /** acc[c] += y[from + c]·w mod m, kept in [0, 2m) (4m &lt; 2^63 for m below 2^61). */
    private static void addConstantProducts(long[] acc, long[] y, int from, int len, long w, long wShoup, long m) {
        LongVector mv = LongVector.broadcast(LS, m);
        LongVector twoM = LongVector.broadcast(LS, 2 * m);
        LongVector wv = LongVector.broadcast(LS, w);
        LongVector sv = LongVector.broadcast(LS, wShoup);
        for (int c = 0; c < len; c += LANES) {
            LongVector sum = LongVector.fromArray(LS, acc, c).add(mulLazy(LongVector.fromArray(LS, y, from + c), wv, sv, mv));
            // the reduction spelled out: a helper call after mulLazy is past C2's inlining budget here (boxing)
            sum.sub(twoM, sum.compare(VectorOperators.GE, twoM)).intoArray(acc, c);
        }
    }

    /** out[from + c] = acc[c] reduced from [0, 2m) into [0, m). */
    private static void store(long[] acc, long[] out, int from, int len, long m) {
        LongVector mv = LongVector.broadcast(LS, m);
        for (int c = 0; c < len; c += LANES) {
            LongVector sum = LongVector.fromArray(LS, acc, c);
            sum.sub(mv, sum.compare(VectorOperators.GE, mv)).intoArray(out, from + c);
        }
    }
}
