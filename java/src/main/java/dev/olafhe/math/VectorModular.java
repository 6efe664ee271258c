package dev.olafhe.math;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;

import static dev.olafhe.math.VectorNtt.DS;
import static dev.olafhe.math.VectorNtt.LANES;
import static dev.olafhe.math.VectorNtt.LS;

/**
 * Exact modular products on Vector API doubles for moduli q of at most {@value VectorNtt#MAX_BITS} bits, in any lane
 * count (4 on AVX2, 8 on AVX-512): {@link VectorNtt}'s product and the element-wise kernels of key switching
 * ({@link VectorDotProducts}, {@link VectorBasisConversion}). Residues are held as doubles (exact below 2^53).
 *
 * <p><b>Lazy products.</b> r = x·y − c·q for an integer c within 0.75 of x·y/q, so r is an exact integer in
 * [−0.75q, 0.75q]: with h = fl(x·y), the parts h − x·y (one FMA) and h − c·q (one FMA: an integer below 2^51 in
 * magnitude, so exact) are exact, and r is their difference. The quotient c rounds x·(w/q) for a fixed factor w
 * with the precomputed fl(w/q) (error below 1/8, see {@link VectorNtt}), or h·fl(−1/q) for two varying factors
 * (relative error below 2^-52 of x·y/q &lt; 2^50: below 1/4). Requires x·y/q &lt; 2^50 and x, y &lt; 2^52.
 *
 * <p><b>Lazy sums.</b> Up to {@link #FOLD_TERMS} lazy products added to a value in [0, q) stay below 7q &lt; 2^53
 * in magnitude, so the sum is exact; {@link #reduce} brings such a sum into [0, q) (callers fold longer sums).
 */
final class VectorModular {
    /** Lazy products a sum may take before it is reduced again (class comment). */
    static final int FOLD_TERMS = 8;
    /** 1.5·2^52: adding and subtracting it rounds a double of magnitude below 2^51 to the nearest integer. */
    static final double ROUND = 0x1.8p52;

    private VectorModular() {
    }

    /**
     * Whether the kernels can run for this modulus, whatever the switch: q has at most {@value VectorNtt#MAX_BITS}
     * bits and the preferred species has at least 4 double lanes matched by as many long lanes (needs the module).
     */
    static boolean fit(Modulus modulus) {
        return modulus.bits() <= VectorNtt.MAX_BITS && fitLanes();
    }

    /** Whether the preferred species has at least 4 double lanes matched by as many long lanes. */
    static boolean fitLanes() {
        return LANES >= 4 && LS.length() == LANES;
    }

    /** x·w − c·q in [−0.75q, 0.75q] for a fixed factor w with −w and wq = fl(w/q) (class comment). */
    static DoubleVector mulConstantLazy(DoubleVector x, DoubleVector w, DoubleVector negW, DoubleVector wq,
                                        DoubleVector q) {
        DoubleVector negH = x.mul(negW); // -fl(x·w), exactly
        DoubleVector l = x.fma(w, negH); // x·w - fl(x·w), exactly
        DoubleVector c = x.fma(wq, DoubleVector.broadcast(DS, ROUND)).sub(ROUND);
        return l.sub(c.fma(q, negH)); // l - (c·q - fl(x·w)) = x·w - c·q, exactly
    }

    /** x·y − c·q in [−0.75q, 0.75q] for two varying factors, given −x and negQInv = fl(−1/q) (class comment). */
    static DoubleVector mulLazy(DoubleVector x, DoubleVector negX, DoubleVector y, DoubleVector q,
                                DoubleVector negQInv) {
        DoubleVector h = x.mul(y);
        DoubleVector negC = h.fma(negQInv, DoubleVector.broadcast(DS, ROUND)).sub(ROUND);
        DoubleVector hMinusCq = negC.fma(q, h); // h - c·q, exactly
        DoubleVector hMinusXy = negX.fma(y, h); // h - x·y, exactly
        return hMinusCq.sub(hMinusXy);
    }

    /** s mod q in [0, q) for an integer s with |s| &le; 7q (a lazy sum), given negQInv = fl(−1/q). */
    static DoubleVector reduce(DoubleVector s, DoubleVector q, DoubleVector negQInv) {
        DoubleVector negC = s.fma(negQInv, DoubleVector.broadcast(DS, ROUND)).sub(ROUND);
        return liftNegative(negC.fma(q, s), q); // s - c·q in [-q/2, q/2] plus a rounding error far below 1
    }

    /** r + q where r &lt; 0, else r: [−q, q) to [0, q). */
    static DoubleVector liftNegative(DoubleVector r, DoubleVector q) {
        return r.blend(r.add(q), r.compare(VectorOperators.LT, 0.0));
    }
}
