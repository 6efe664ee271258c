package dev.olafhe.math;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;

import static dev.olafhe.math.VectorNtt.DS;
import static dev.olafhe.math.VectorNtt.DUP2;
import static dev.olafhe.math.VectorNtt.DUP4;
import static dev.olafhe.math.VectorNtt.EVENS;
import static dev.olafhe.math.VectorNtt.LANES;
import static dev.olafhe.math.VectorNtt.LS;
import static dev.olafhe.math.VectorNtt.ODD1;
import static dev.olafhe.math.VectorNtt.ODD2;
import static dev.olafhe.math.VectorNtt.ODDS;
import static dev.olafhe.math.VectorNtt.SWAP1;
import static dev.olafhe.math.VectorNtt.SWAP2;
import static dev.olafhe.math.VectorNtt.SWAP_HALVES;
import static dev.olafhe.math.VectorNtt.UPPER_HALF;
import static dev.olafhe.math.VectorNtt.addMod;
import static dev.olafhe.math.VectorNtt.doubles;
import static dev.olafhe.math.VectorNtt.fromLongs;
import static dev.olafhe.math.VectorNtt.mulMod;
import static dev.olafhe.math.VectorNtt.subMod;
import static dev.olafhe.math.VectorNtt.toLongs;

/**
 * The inverse negacyclic NTT of {@link NttTables} (Gentleman–Sande, bit-reversed input, natural output, N^-1
 * folded into the last stage; bit-identical fully reduced outputs) with {@link VectorNtt}'s exact double-precision
 * arithmetic and layouts, in the reverse order: the stages of distance 1 .. L/2 (L the lane count, 8 or 4) on pairs
 * of L-blocks shuffled so that the butterflies' operands share lanes (each layout change is the involution the
 * forward transform uses; the last of them stores natural order again), then the stages of distance L .. N/4 on
 * contiguous vectors, then the last stage with the scaling, writing longs.
 * Butterfly: (x, y) to (x + y, (x − y)·w), all values in [0, q).
 */
final class VectorInverseNtt {
    private final int n;
    private final double qd;
    /** psi^-bitrev(i) as doubles, and fl(psi^-bitrev(i) / q). */
    private final double[] w;
    private final double[] wq;
    /** N^-1 and psi^-bitrev(1)·N^-1 mod q (the last stage's factors), as doubles. */
    private final double nInv;
    private final double lastW;
    private final VectorNtt.Pass[] passes;

    VectorInverseNtt(Modulus modulus, long[] psiInvRev, long nInverse, long lastTwiddleTimesNInv) {
        this.n = psiInvRev.length;
        this.qd = modulus.value();
        this.w = new double[n];
        this.wq = new double[n];
        VectorNtt.twiddles(psiInvRev, qd, w, wq);
        this.nInv = nInverse;
        this.lastW = lastTwiddleTimesNInv;
        int shuffled = Integer.numberOfTrailingZeros(LANES); // distances 1 .. L/2
        int stages = Integer.numberOfTrailingZeros(n) - 1 - shuffled; // distances L .. N/4
        passes = new VectorNtt.Pass[stages + shuffled + 2];
        int p = 0;
        passes[p++] = this::deinterleave;
        passes[p++] = this::distanceOne;
        passes[p++] = this::distanceTwo;
        if (LANES == 8) {
            passes[p++] = this::distanceFour;
        }
        for (int t = LANES; t < n >> 1; t <<= 1) {
            int tt = t;
            passes[p++] = a -> stage(a, tt);
        }
        passes[p] = this::lastStageScaled;
    }

    /** In-place inverse NTT; inputs in [0, q), outputs in [0, q), bit-identical to the scalar transform. */
    void inverse(long[] a) {
        for (VectorNtt.Pass pass : passes) {
            pass.run(a); // megamorphic on purpose (VectorNtt's class comment)
        }
    }

    /** Longs to doubles, each 2L values b.. split into [even values of both blocks], [odd values]. */
    private void deinterleave(long[] a) {
        for (int b = 0; b < n; b += 2 * LANES) {
            DoubleVector u1 = fromLongs(LongVector.fromArray(LS, a, b));
            DoubleVector u2 = fromLongs(LongVector.fromArray(LS, a, b + LANES));
            u1.rearrange(EVENS).blend(u2.rearrange(EVENS), UPPER_HALF).reinterpretAsLongs().intoArray(a, b);
            u1.rearrange(ODDS).blend(u2.rearrange(ODDS), UPPER_HALF).reinterpretAsLongs().intoArray(a, b + LANES);
        }
    }

    /** Distance 1: x = the even values, y = the odd; twiddles psi^-bitrev(N/2 + b/2 + lane). */
    private void distanceOne(long[] a) {
        DoubleVector qv = DoubleVector.broadcast(DS, qd);
        for (int b = 0; b < n; b += 2 * LANES) {
            DoubleVector x = doubles(a, b);
            DoubleVector y = doubles(a, b + LANES);
            int i1 = n / 2 + b / 2;
            DoubleVector w1 = DoubleVector.fromArray(DS, w, i1);
            addMod(x, y, qv).reinterpretAsLongs().intoArray(a, b);
            mulMod(subMod(x, y, qv), w1, w1.neg(), DoubleVector.fromArray(DS, wq, i1), qv)
                    .reinterpretAsLongs().intoArray(a, b + LANES);
        }
    }

    /**
     * Distance 2: the layout changes to x = [e0 e1 e4 e5 | same], y = [e2 e3 e6 e7 | same]; twiddles twice. On 4
     * lanes (x = [e0 e1 of both blocks], y = [e2 e3 of both]) the last shuffled stage: it stores natural order.
     */
    private void distanceTwo(long[] a) {
        DoubleVector qv = DoubleVector.broadcast(DS, qd);
        for (int b = 0; b < n; b += 2 * LANES) {
            DoubleVector v1 = doubles(a, b);
            DoubleVector v2 = doubles(a, b + LANES);
            DoubleVector x = v1.blend(v2.rearrange(SWAP1), ODD1);
            DoubleVector y = v1.rearrange(SWAP1).blend(v2, ODD1);
            int i2 = n / 4 + b / 4;
            DoubleVector w2 = DoubleVector.fromArray(DS, w, i2).rearrange(DUP2);
            DoubleVector s = addMod(x, y, qv);
            DoubleVector d = mulMod(subMod(x, y, qv), w2, w2.neg(), DoubleVector.fromArray(DS, wq, i2)
                    .rearrange(DUP2), qv);
            if (LANES == 4) {
                storeNatural(s, d, a, b);
            } else {
                s.reinterpretAsLongs().intoArray(a, b);
                d.reinterpretAsLongs().intoArray(a, b + LANES);
            }
        }
    }

    /** Distance 4: x = [e0-3 of both blocks], y = [e4-7 of both]; stored back in natural order (as doubles). */
    private void distanceFour(long[] a) {
        DoubleVector qv = DoubleVector.broadcast(DS, qd);
        for (int b = 0; b < n; b += 16) {
            DoubleVector v1 = doubles(a, b);
            DoubleVector v2 = doubles(a, b + 8);
            DoubleVector x = v1.blend(v2.rearrange(SWAP2), ODD2);
            DoubleVector y = v1.rearrange(SWAP2).blend(v2, ODD2);
            int i4 = n / 8 + b / 8;
            DoubleVector w4 = DoubleVector.fromArray(DS, w, i4).rearrange(DUP4);
            DoubleVector s = addMod(x, y, qv);
            DoubleVector d = mulMod(subMod(x, y, qv), w4, w4.neg(), DoubleVector.fromArray(DS, wq, i4)
                    .rearrange(DUP4), qv);
            storeNatural(s, d, a, b);
        }
    }

    /**
     * The last shuffled stage's sums s = [e0 .. e(L/2 - 1) of both blocks] and results d = [the other halves] back
     * to natural order, blocks b and b + L.
     */
    private static void storeNatural(DoubleVector s, DoubleVector d, long[] a, int b) {
        s.blend(d.rearrange(SWAP_HALVES), UPPER_HALF).reinterpretAsLongs().intoArray(a, b);
        s.rearrange(SWAP_HALVES).blend(d, UPPER_HALF).reinterpretAsLongs().intoArray(a, b + LANES);
    }

    /** Distance t (8 &le; t &le; N/4) on doubles: group i of the N/(2t) uses psi^-bitrev(N/(2t) + i). */
    private void stage(long[] a, int t) {
        DoubleVector qv = DoubleVector.broadcast(DS, qd);
        int h = n / (2 * t);
        for (int i = 0; i < h; i++) {
            int j1 = 2 * t * i;
            DoubleVector wv = DoubleVector.broadcast(DS, w[h + i]);
            DoubleVector nwv = DoubleVector.broadcast(DS, -w[h + i]);
            DoubleVector wqv = DoubleVector.broadcast(DS, wq[h + i]);
            for (int j = j1; j < j1 + t; j += LANES) {
                DoubleVector x = doubles(a, j);
                DoubleVector y = doubles(a, j + t);
                addMod(x, y, qv).reinterpretAsLongs().intoArray(a, j);
                mulMod(subMod(x, y, qv), wv, nwv, wqv, qv).reinterpretAsLongs().intoArray(a, j + t);
            }
        }
    }

    /** The last stage (distance N/2) with N^-1 folded in: (x + y)·N^-1 and (x − y)·psi^-bitrev(1)·N^-1, as longs. */
    private void lastStageScaled(long[] a) {
        DoubleVector qv = DoubleVector.broadcast(DS, qd);
        DoubleVector ni = DoubleVector.broadcast(DS, nInv);
        DoubleVector nni = DoubleVector.broadcast(DS, -nInv);
        DoubleVector niq = DoubleVector.broadcast(DS, nInv / qd);
        DoubleVector lw = DoubleVector.broadcast(DS, lastW);
        DoubleVector nlw = DoubleVector.broadcast(DS, -lastW);
        DoubleVector lwq = DoubleVector.broadcast(DS, lastW / qd);
        int t = n >> 1;
        for (int j = 0; j < t; j += LANES) {
            DoubleVector x = doubles(a, j);
            DoubleVector y = doubles(a, j + t);
            toLongs(mulMod(addMod(x, y, qv), ni, nni, niq, qv)).intoArray(a, j);
            toLongs(mulMod(subMod(x, y, qv), lw, nlw, lwq, qv)).intoArray(a, j + t);
        }
    }
}
