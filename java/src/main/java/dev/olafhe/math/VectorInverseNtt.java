package dev.olafhe.math;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;

import java.util.ArrayList;
import java.util.List;

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
 * arithmetic and layouts, in the reverse order: the stages of distance 1 .. LANES/2 on pairs of LANES-blocks shuffled
 * so that the butterflies' operands share lanes (each layout change is the involution the forward transform uses),
 * then the stages of distance LANES .. N/4 on contiguous vectors, then the last stage with the scaling, writing longs.
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
        List<VectorNtt.Pass> list = new ArrayList<>();
        list.add(this::deinterleave);
        list.add(this::distanceOne);
        if (LANES == 8) {
            list.add(a -> shuffledStage(a, 2, SWAP1, ODD1, DUP2, false));
            list.add(a -> shuffledStage(a, 4, SWAP2, ODD2, DUP4, true));
        } else {
            list.add(a -> shuffledStage(a, 2, SWAP1, ODD1, DUP2, true));
        }
        for (int t = LANES; t <= n / 4; t <<= 1) {
            int tt = t;
            list.add(a -> stage(a, tt));
        }
        list.add(this::lastStageScaled);
        passes = list.toArray(VectorNtt.Pass[]::new);
    }

    /** In-place inverse NTT; inputs in [0, q), outputs in [0, q), bit-identical to the scalar transform. */
    void inverse(long[] a) {
        for (VectorNtt.Pass pass : passes) {
            pass.run(a); // megamorphic on purpose (VectorNtt's class comment)
        }
    }

    /** Longs to doubles, each 2·LANES values b.. split into [even values of both blocks], [odd values]. */
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
     * The stage of distance d (2 &le; d &lt; LANES) on the layout the stage of distance d/2 left: the butterflies'
     * operands are gathered with the swap and mask of d/2 (the involution the forward transform's stage of distance
     * d/2 applies), twiddles psi^-bitrev(N/(2d) + b/(2d) + k/d) in lane k. The last such stage (d = LANES/2) writes
     * natural order back (the half swap), the others leave the sums in the first vector and the differences in the
     * second.
     */
    private void shuffledStage(long[] a, int d, VectorShuffle<Double> swap, VectorMask<Double> odd,
                               VectorShuffle<Double> dup, boolean last) {
        DoubleVector qv = DoubleVector.broadcast(DS, qd);
        for (int b = 0; b < n; b += 2 * LANES) {
            DoubleVector v1 = doubles(a, b);
            DoubleVector v2 = doubles(a, b + LANES);
            DoubleVector x = v1.blend(v2.rearrange(swap), odd);
            DoubleVector y = v1.rearrange(swap).blend(v2, odd);
            int i = n / (2 * d) + b / (2 * d);
            DoubleVector wd = DoubleVector.fromArray(DS, w, i).rearrange(dup);
            DoubleVector s = addMod(x, y, qv);
            DoubleVector diff = mulMod(subMod(x, y, qv), wd, wd.neg(), DoubleVector.fromArray(DS, wq, i)
                    .rearrange(dup), qv);
            if (last) {
                s.blend(diff.rearrange(SWAP_HALVES), UPPER_HALF).reinterpretAsLongs().intoArray(a, b);
                s.rearrange(SWAP_HALVES).blend(diff, UPPER_HALF).reinterpretAsLongs().intoArray(a, b + LANES);
            } else {
                s.reinterpretAsLongs().intoArray(a, b);
                diff.reinterpretAsLongs().intoArray(a, b + LANES);
            }
        }
    }

    /** Distance t (LANES &le; t &le; N/4) on doubles: group i of the N/(2t) uses psi^-bitrev(N/(2t) + i). */
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
