package dev.olafhe.math;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;

import static dev.olafhe.math.VectorModular.liftNegative;
import static dev.olafhe.math.VectorModular.mulConstantLazy;
import static dev.olafhe.math.VectorModular.mulLazy;
import static dev.olafhe.math.VectorNtt.DS;
import static dev.olafhe.math.VectorNtt.LANES;
import static dev.olafhe.math.VectorNtt.LS;
import static dev.olafhe.math.VectorNtt.addMod;
import static dev.olafhe.math.VectorNtt.fromLongs;
import static dev.olafhe.math.VectorNtt.toLongs;

/**
 * Element-wise modular arithmetic on one limb with the Vector API, fully reduced into [0, q) and therefore
 * bit-identical to {@link Modulus}'s scalar operations on residues in [0, q). Every kernel handles the coefficients
 * up to the last full vector and returns where it stopped: the caller finishes the tail on the scalar path. Outputs
 * may alias inputs at the same index (each vector is loaded before it is stored).
 *
 * <ul>
 *   <li>Additions ({@link #add}, {@link #sub}, {@link #neg}, {@link #addScalar}) run on long lanes with one
 *       compare-and-blend correction: exact for any modulus below 2^62, so every {@link Modulus} (ask
 *       {@link VectorKernels#supportsAdditions});</li>
 *   <li>products ({@link #mul}, {@link #mulAdd}, {@link #mulScalar}, {@link #subMulScalar}) run on
 *       {@link VectorModular}'s exact lazy products of doubles, for moduli of at most {@value VectorNtt#MAX_BITS} bits
 *       (ask {@link VectorKernels#supports}). A lazy product lies in [−0.75q, 0.75q], so one conditional addition
 *       of q reduces it; with an accumulator in [0, q) added, one conditional subtraction more.</li>
 * </ul>
 * Each kernel is one short loop that C2 compiles whole, so no vector crosses a call and none is boxed (see
 * {@link VectorSums}).
 */
public final class VectorElementWise {
    private VectorElementWise() {
    }

    /** out = x + y mod q up to the returned index (class comment). */
    public static int add(Modulus modulus, long[] x, long[] y, long[] out) {
        LongVector q = LongVector.broadcast(LS, modulus.value());
        int end = LS.loopBound(out.length);
        for (int c = 0; c < end; c += LANES) {
            LongVector s = LongVector.fromArray(LS, x, c).add(LongVector.fromArray(LS, y, c));
            subtractIfAtLeast(s, q).intoArray(out, c);
        }
        return end;
    }

    /** out = x + w mod q for a fixed residue w, up to the returned index. */
    public static int addScalar(Modulus modulus, long[] x, long w, long[] out) {
        LongVector q = LongVector.broadcast(LS, modulus.value());
        LongVector wv = LongVector.broadcast(LS, w);
        int end = LS.loopBound(out.length);
        for (int c = 0; c < end; c += LANES) {
            subtractIfAtLeast(LongVector.fromArray(LS, x, c).add(wv), q).intoArray(out, c);
        }
        return end;
    }

    /** out = x − y mod q up to the returned index. */
    public static int sub(Modulus modulus, long[] x, long[] y, long[] out) {
        LongVector q = LongVector.broadcast(LS, modulus.value());
        int end = LS.loopBound(out.length);
        for (int c = 0; c < end; c += LANES) {
            LongVector d = LongVector.fromArray(LS, x, c).sub(LongVector.fromArray(LS, y, c));
            d.blend(d.add(q), d.compare(VectorOperators.LT, 0L)).intoArray(out, c);
        }
        return end;
    }

    /** out = −x mod q (0 stays 0) up to the returned index. */
    public static int neg(Modulus modulus, long[] x, long[] out) {
        LongVector q = LongVector.broadcast(LS, modulus.value());
        LongVector zero = LongVector.zero(LS);
        int end = LS.loopBound(out.length);
        for (int c = 0; c < end; c += LANES) {
            LongVector xv = LongVector.fromArray(LS, x, c);
            q.sub(xv).blend(zero, xv.compare(VectorOperators.EQ, zero)).intoArray(out, c);
        }
        return end;
    }

    /** out = x·y mod q up to the returned index. */
    public static int mul(Modulus modulus, long[] x, long[] y, long[] out) {
        return products(modulus, x, y, out, false);
    }

    /** acc = acc + x·y mod q up to the returned index. */
    public static int mulAdd(Modulus modulus, long[] x, long[] y, long[] acc) {
        return products(modulus, x, y, acc, true);
    }

    /** out = x·w mod q for a fixed residue w (its quotient factor fl(w/q) computed once), up to the returned index. */
    public static int mulScalar(Modulus modulus, long[] x, long w, long[] out) {
        return constantProducts(modulus, x, null, w, out);
    }

    /**
     * out = (x − y)·w mod q for a fixed residue w, up to the returned index: the last step of rescaling and of
     * ModDown. The difference enters the lazy product unreduced, in (−q, q): the product's bound depends on |x − y|
     * only, so it stays in [−0.75q, 0.75q].
     */
    public static int subMulScalar(Modulus modulus, long[] x, long[] y, long w, long[] out) {
        return constantProducts(modulus, x, y, w, out);
    }

    /** out = x·y (+ out if {@code accumulate}) mod q; the flag is loop-invariant, so C2 compiles one loop per value. */
    private static int products(Modulus modulus, long[] x, long[] y, long[] out, boolean accumulate) {
        double qd = modulus.value();
        DoubleVector q = DoubleVector.broadcast(DS, qd);
        DoubleVector negQInv = DoubleVector.broadcast(DS, -1.0 / qd);
        int end = LS.loopBound(out.length);
        for (int c = 0; c < end; c += LANES) {
            DoubleVector xv = fromLongs(LongVector.fromArray(LS, x, c));
            DoubleVector p = liftNegative(mulLazy(xv, xv.neg(), fromLongs(LongVector.fromArray(LS, y, c)), q, negQInv), q);
            if (accumulate) {
                p = addMod(p, fromLongs(LongVector.fromArray(LS, out, c)), q);
            }
            toLongs(p).intoArray(out, c);
        }
        return end;
    }

    /** out = (x − y)·w mod q, or x·w where y is null (loop-invariant, as in {@link #products}). */
    private static int constantProducts(Modulus modulus, long[] x, long[] y, long w, long[] out) {
        double qd = modulus.value();
        DoubleVector q = DoubleVector.broadcast(DS, qd);
        DoubleVector wv = DoubleVector.broadcast(DS, (double) w);
        DoubleVector negW = wv.neg();
        DoubleVector wq = DoubleVector.broadcast(DS, w / qd);
        int end = LS.loopBound(out.length);
        for (int c = 0; c < end; c += LANES) {
            DoubleVector d = fromLongs(LongVector.fromArray(LS, x, c));
            if (y != null) {
                d = d.sub(fromLongs(LongVector.fromArray(LS, y, c)));
            }
            toLongs(liftNegative(mulConstantLazy(d, wv, negW, wq, q), q)).intoArray(out, c);
        }
        return end;
    }

    /** s − q where s &ge; q, else s: [0, 2q) to [0, q). */
    private static LongVector subtractIfAtLeast(LongVector s, LongVector q) {
        return s.blend(s.sub(q), s.compare(VectorOperators.GE, q));
    }
}
