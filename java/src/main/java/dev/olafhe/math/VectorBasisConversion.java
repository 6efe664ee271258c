package dev.olafhe.math;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;

import java.util.Arrays;

import static dev.olafhe.math.VectorModular.FOLD_TERMS;
import static dev.olafhe.math.VectorModular.ROUND;
import static dev.olafhe.math.VectorNtt.DS;
import static dev.olafhe.math.VectorNtt.LANES;
import static dev.olafhe.math.VectorNtt.LS;
import static dev.olafhe.math.VectorNtt.fromLongs;
import static dev.olafhe.math.VectorNtt.mulMod;
import static dev.olafhe.math.VectorNtt.toLongs;

/**
 * {@link BasisConverter}'s three steps on Vector API doubles ({@link VectorModular}), bit-identical to the scalar
 * ones: each kernel handles the coefficients up to the last full vector and returns where it stopped, and the
 * converter finishes the tail (and the moduli these kernels do not take) on the scalar path.
 * <ul>
 *   <li>scaling of a source limb of at most {@value VectorNtt#MAX_BITS} bits;</li>
 *   <li>accumulation into a target of at most {@value VectorNtt#MAX_BITS} bits: lazy products summed by
 *       {@link VectorSums};
 *       a wider source residue y (up to 61 bits, not exact as a double) enters as its two halves,
 *       y_hi·(2^32·w mod m) + y_lo·w; the overflow u enters as one more term u·(−Q mod m), so the result is
 *       already Σ − u·Q mod m;</li>
 *   <li>the overflow: the same float64 sum as the scalar one in the same order (each (double) y rounded once,
 *       exactly as a long-to-double cast: the sum of its exact 2^32 halves; IEEE division, unchanged), then floor.</li>
 * </ul>
 */
final class VectorBasisConversion {
    private static final double TWO_32 = 0x1p32;

    private final Modulus[] source;
    /** Per source: whether its residues exceed {@value VectorNtt#MAX_BITS} bits (they enter as two halves). */
    private final boolean[] wide;
    private final double[] sourceQ;
    /** Per source: (Q/q_i)^-1 mod q_i and its quotient factor fl(w/q_i) (vector sources only). */
    private final double[] qHatInv;
    private final double[] qHatInvQuotient;
    /** Per vector target j (null otherwise): the factors of its terms. */
    private final TargetTerms[] targets;

    /** One target modulus m: per source i, w = (Q/q_i) mod m (and 2^32·w mod m for a wide source), and −Q mod m. */
    private static final class TargetTerms {
        final double m;
        final double[] w;
        final double[] wQuotient;
        final double[] wHigh;
        final double[] wHighQuotient;
        final double minusQ;
        final double minusQQuotient;

        TargetTerms(Modulus target, long[] qHatMod, long qMod) {
            m = target.value();
            int s = qHatMod.length;
            w = new double[s];
            wQuotient = new double[s];
            wHigh = new double[s];
            wHighQuotient = new double[s];
            for (int i = 0; i < s; i++) {
                w[i] = qHatMod[i];
                wQuotient[i] = w[i] / m;
                wHigh[i] = target.mul(qHatMod[i], target.reduce(1L << 32));
                wHighQuotient[i] = wHigh[i] / m;
            }
            minusQ = target.neg(qMod);
            minusQQuotient = minusQ / m;
        }
    }

    VectorBasisConversion(Modulus[] source, Modulus[] target, long[] qHatInv, long[][] qHatModTarget,
                          long[] qModTarget) {
        this.source = source;
        int s = source.length;
        wide = new boolean[s];
        sourceQ = new double[s];
        this.qHatInv = new double[s];
        qHatInvQuotient = new double[s];
        for (int i = 0; i < s; i++) {
            wide[i] = source[i].bits() > VectorNtt.MAX_BITS;
            sourceQ[i] = source[i].value();
            this.qHatInv[i] = qHatInv[i];
            qHatInvQuotient[i] = this.qHatInv[i] / sourceQ[i];
        }
        targets = new TargetTerms[target.length];
        for (int j = 0; j < target.length; j++) {
            if (VectorModular.fit(target[j])) {
                targets[j] = new TargetTerms(target[j], qHatModTarget[j], qModTarget[j]);
            }
        }
    }

    boolean scales(int i) {
        return VectorModular.fit(source[i]);
    }

    boolean accumulates(int j) {
        return targets[j] != null;
    }

    /** scaled[c] = x[c]·(Q/q_i)^-1 mod q_i for x[c] in [0, q_i), up to the returned index; needs {@link #scales}. */
    int scale(int i, long[] x, long[] scaled) {
        DoubleVector q = DoubleVector.broadcast(DS, sourceQ[i]);
        DoubleVector w = DoubleVector.broadcast(DS, qHatInv[i]);
        DoubleVector negW = w.neg();
        DoubleVector wq = DoubleVector.broadcast(DS, qHatInvQuotient[i]);
        int end = LS.loopBound(x.length);
        for (int c = 0; c < end; c += LANES) {
            toLongs(mulMod(fromLongs(LongVector.fromArray(LS, x, c)), w, negW, wq, q)).intoArray(scaled, c);
        }
        return end;
    }

    /**
     * out[c] = Σ_i scaled_i[c]·(Q/q_i) − u[c]·Q mod m_j (without the u term when u is null) for c in
     * [from, from + k), k the largest multiple of the lane count not above len, returned; needs {@link #accumulates}.
     * The sums go through {@code acc} (at least k doubles).
     */
    int accumulate(int j, long[][] scaled, long[] u, long[] out, int from, int len, double[] acc) {
        TargetTerms t = targets[j];
        int k = LS.loopBound(len);
        Arrays.fill(acc, 0, k, 0);
        int terms = 0;
        for (int i = 0; i < scaled.length; i++) {
            if (terms > FOLD_TERMS - 3) { // room for this source's two terms and u's
                VectorSums.fold(acc, k, t.m);
                terms = 0;
            }
            if (wide[i]) {
                VectorSums.addWideConstantProducts(acc, scaled[i], from, k, t.w[i], t.wQuotient[i], t.wHigh[i],
                        t.wHighQuotient[i], t.m);
                terms += 2;
            } else {
                VectorSums.addConstantProducts(acc, scaled[i], from, k, t.w[i], t.wQuotient[i], t.m);
                terms++;
            }
        }
        if (u != null) {
            VectorSums.addConstantProducts(acc, u, from, k, t.minusQ, t.minusQQuotient, t.m);
        }
        VectorSums.store(acc, out, from, k, t.m);
        return k;
    }

    /**
     * {@link BasisConverter#overflow} up to the returned index (the largest multiple of the lane count not above the
     * length): u = floor(Σ_i fl(y_i)/q_i [+ 1/2]), the same float64 operations in the same order.
     */
    int overflow(long[][] scaled, boolean centred, long[] u) {
        int end = LS.loopBound(scaled[0].length);
        LongVector low = LongVector.broadcast(LS, VectorSums.LOW_32);
        LongVector shift = LongVector.broadcast(LS, 32);
        for (int c = 0; c < end; c += LANES) {
            DoubleVector v = DoubleVector.zero(DS);
            for (int i = 0; i < scaled.length; i++) {
                v = v.add(asDouble(LongVector.fromArray(LS, scaled[i], c), low, shift).div(sourceQ[i]));
            }
            if (centred) {
                v = v.add(0.5);
            }
            toLongs(floor(v)).intoArray(u, c);
        }
        return end;
    }

    /**
     * (double) y for y in [0, 2^63), rounded once as the cast rounds: fl(y_hi·2^32 + y_lo), both halves exact; low
     * and shift are broadcasts of 2^32 − 1 and 32 (a scalar shift count or mask made C2 box vectors here, JDK 25).
     */
    private static DoubleVector asDouble(LongVector y, LongVector low, LongVector shift) {
        return fromLongs(y.lanewise(VectorOperators.LSHR, shift)).mul(TWO_32).add(fromLongs(y.and(low)));
    }

    /** Math.floor for v in [0, 2^51): the nearest integer, less one where it lies above v. */
    private static DoubleVector floor(DoubleVector v) {
        DoubleVector nearest = v.add(ROUND).sub(ROUND);
        return nearest.blend(nearest.sub(1.0), nearest.compare(VectorOperators.GT, v));
    }
}
