package dev.olafhe.math;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

/**
 * The forward negacyclic NTT of {@link NttTables} (same convention, bit-identical fully reduced outputs) in Vector
 * API double-precision arithmetic on 8 lanes (AVX-512) or 4 (AVX2), for primes of at most {@value #MAX_BITS} bits;
 * chosen per modulus by {@link NttTables} (which keeps the scalar transform for larger primes and other vector
 * shapes). Values stay fully reduced in [0, q) after every stage and are held as doubles (exact: below 2^53) in the
 * long array's bits from the first stage to the last, which writes longs again. Stages of distance &ge; the lane
 * count L run on contiguous vectors with one broadcast twiddle; the stages of distance L/2 .. 1 run on pairs of
 * vectors (two L-blocks) shuffled so that the butterflies' operands sit in the same lanes (see {@link #distanceFour}
 * for 8 lanes; with 4, {@link #distanceTwo} takes the contiguous layout the same way). The shuffle constants are
 * defined by lane index formulas, the same for both lane counts.
 *
 * <p>Modular product of x, w in [0, q), q &lt; 2^50, with the precomputed double wq = fl(w / q):
 * h = fl(x·w), l = fma(x, w, −h) = x·w − h exactly; c = rint(x·wq) (|c − x·w/q| ≤ 1/2 + 2^-3, since the only
 * error of x·wq is its relative 2^-53 from fl(w / q) and x·w/q &lt; 2^50); r = fma(−c, q, h) + l = x·w − c·q
 * exactly (h − c·q is an integer of magnitude below 2^51, l below 2^47), so r ∈ [−0.625q, 0.625q] and one
 * conditional addition of q reduces it into [0, q).
 *
 * <p>Every pass over the array runs behind one megamorphic call ({@link Pass}) so that C2 compiles each on its
 * own: inlined together they exceed C2's inlining node budget, a helper then stays out of line, and the Vector API
 * boxes every vector that crosses such a call (megabytes of garbage per transform, seen on JDK 17 and 25).
 */
public final class VectorNtt {
    /** Primes up to this many bits take the vector path (see the class comment for the bound). */
    public static final int MAX_BITS = 50;
    static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    static final VectorSpecies<Long> LS = LongVector.SPECIES_PREFERRED;
    static final int LANES = DS.length();
    private static final double TWO_52 = 0x1p52;
    private static final long TWO_52_BITS = Double.doubleToRawLongBits(TWO_52);
    private static final long MANTISSA = 0x000F_FFFF_FFFF_FFFFL;

    private final int n;
    private final double qd;
    /** psi^bitrev(i) as doubles, and fl(psi^bitrev(i) / q). */
    private final double[] w;
    private final double[] wq;
    /** The passes of one transform in order: the stages of distance N/2 .. L, then the shuffled ones and the output. */
    private final Pass[] passes;
    /** Whether the lane counts fit the transforms: 4 or 8 double lanes, as many long lanes. */
    private static final boolean SHAPE = (LANES == 4 || LANES == 8) && LS.length() == LANES;
    /** Lane k takes lane k XOR d (SWAPd), lane k / d (DUPd); ODDd: the lanes k with k AND d set (8 lanes only: 4). */
    static final VectorShuffle<Double> SWAP4 = LANES == 8 ? shuffle(k -> k ^ 4) : null;
    static final VectorShuffle<Double> SWAP2 = shuffle(k -> k ^ 2);
    static final VectorShuffle<Double> SWAP1 = shuffle(k -> k ^ 1);
    static final VectorShuffle<Double> DUP4 = LANES == 8 ? shuffle(k -> k / 4) : null;
    static final VectorShuffle<Double> DUP2 = shuffle(k -> k / 2);
    static final VectorMask<Double> HI4 = LANES == 8 ? mask(k -> (k & 4) != 0) : null;
    static final VectorMask<Double> ODD2 = mask(k -> (k & 2) != 0);
    static final VectorMask<Double> ODD1 = mask(k -> (k & 1) != 0);
    /** The two halves of a vector exchanged, and the mask of the upper half (SWAP4 and HI4 on 8 lanes). */
    static final VectorShuffle<Double> SWAP_HALVES = shuffle(k -> k ^ (LANES / 2));
    static final VectorMask<Double> UPPER_HALF = mask(k -> k >= LANES / 2);
    /** Lane k takes lane 2k (EVENS) or 2k + 1 (ODDS) modulo the lane count. */
    static final VectorShuffle<Double> EVENS = shuffle(k -> 2 * k % LANES);
    static final VectorShuffle<Double> ODDS = shuffle(k -> (2 * k + 1) % LANES);
    /** Lane k takes lane k / 2 of the lower (SPREAD_LO) or upper (SPREAD_HI) half; ODD1L: the odd long lanes. */
    private static final VectorShuffle<Long> SPREAD_LO = SHAPE ? VectorShuffle.fromOp(LS, k -> k / 2) : null;
    private static final VectorShuffle<Long> SPREAD_HI = SHAPE ? VectorShuffle.fromOp(LS, k -> LANES / 2 + k / 2)
            : null;
    private static final VectorMask<Long> ODD1L = SHAPE ? VectorMask.fromLong(LS, 0xAA & ((1L << LANES) - 1)) : null;

    /** Tables for the prime {@code modulus} (which {@link #supports}) from psi^bitrev(i), i in [0, N). */
    VectorNtt(Modulus modulus, long[] psiRev) {
        if (!supports(modulus, Integer.numberOfTrailingZeros(psiRev.length))) {
            throw new IllegalArgumentException("no vector NTT for a " + modulus.bits() + "-bit prime at N = "
                    + psiRev.length);
        }
        this.n = psiRev.length;
        this.qd = modulus.value();
        this.w = new double[n];
        this.wq = new double[n];
        twiddles(psiRev, qd, w, wq);
        int shuffled = Integer.numberOfTrailingZeros(LANES); // distances L/2 .. 1
        int stages = Integer.numberOfTrailingZeros(n) - shuffled; // distances N/2 .. L
        passes = new Pass[stages + shuffled + 1];
        passes[0] = a -> firstStage(a);
        for (int s = 1, m = 2, t = n >> 2; s < stages; s++, m <<= 1, t >>= 1) {
            int mm = m;
            int tt = t;
            passes[s] = a -> stage(a, mm, tt);
        }
        int p = stages;
        if (LANES == 8) {
            passes[p++] = this::distanceFour;
        }
        passes[p++] = this::distanceTwo;
        passes[p++] = this::distanceOne;
        passes[p] = this::interleave;
    }

    /** w[i] = powers[i] as a double (exact: below 2^50) and wq[i] = fl(w[i] / q), mulMod's quotient factor. */
    static void twiddles(long[] powers, double q, double[] w, double[] wq) {
        for (int i = 0; i < powers.length; i++) {
            w[i] = powers[i];
            wq[i] = w[i] / q;
        }
    }

    private static VectorShuffle<Double> shuffle(IntUnaryOperator lane) {
        return SHAPE ? VectorShuffle.fromOp(DS, lane) : null;
    }

    private static VectorMask<Double> mask(IntPredicate lane) {
        long bits = 0;
        for (int k = 0; k < LANES; k++) {
            bits |= lane.test(k) ? 1L << k : 0;
        }
        return SHAPE ? VectorMask.fromLong(DS, bits) : null;
    }

    /** Whether the vector transform applies: a prime of at most {@value #MAX_BITS} bits, N &ge; 32, 4 or 8 lanes. */
    public static boolean supports(Modulus modulus, int logN) {
        return modulus.bits() <= MAX_BITS && logN >= 5 && SHAPE;
    }

    /** In-place forward NTT; inputs in [0, q), outputs in [0, q), bit-identical to the scalar transform. */
    public void forward(long[] a) {
        for (Pass pass : passes) {
            pass.run(a); // megamorphic on purpose (class comment)
        }
    }

    /** One pass over the array. */
    interface Pass {
        void run(long[] a);
    }

    /**
     * Distance 4 on 16 values b..b+15 (8-blocks b/8 and b/8 + 1, values e0..e7 each): x = [e0-3 of both blocks],
     * y = [e4-7 of both], twiddles psi^bitrev(N/8 + b/8) four times, then psi^bitrev(N/8 + b/8 + 1) four times;
     * x + v stays in the first vector, x - v in the second (the next stage's input layout).
     */
    private void distanceFour(long[] a) {
        DoubleVector qv = DoubleVector.broadcast(DS, qd);
        for (int b = 0; b < n; b += 16) {
            DoubleVector v1 = doubles(a, b);
            DoubleVector v2 = doubles(a, b + 8);
            DoubleVector x = v1.blend(v2.rearrange(SWAP4), HI4);
            DoubleVector y = v1.rearrange(SWAP4).blend(v2, HI4);
            int i4 = n / 8 + b / 8;
            DoubleVector w4 = DoubleVector.fromArray(DS, w, i4).rearrange(DUP4);
            DoubleVector v = mulMod(y, w4, w4.neg(), DoubleVector.fromArray(DS, wq, i4).rearrange(DUP4), qv);
            addMod(x, v, qv).reinterpretAsLongs().intoArray(a, b); // e0-3 of both blocks
            subMod(x, v, qv).reinterpretAsLongs().intoArray(a, b + 8); // e4-7 of both blocks
        }
    }

    /**
     * Distance 2 on distanceFour's layout: x = [e0 e1 e4 e5 | same], y = [e2 e3 e6 e7 | same]; twiddles twice. On 4
     * lanes the first shuffled stage, on contiguous 4-blocks: x = [e0 e1 of both blocks], y = [e2 e3 of both].
     */
    private void distanceTwo(long[] a) {
        DoubleVector qv = DoubleVector.broadcast(DS, qd);
        for (int b = 0; b < n; b += 2 * LANES) {
            DoubleVector v1 = doubles(a, b);
            DoubleVector v2 = doubles(a, b + LANES);
            DoubleVector x = v1.blend(v2.rearrange(SWAP2), ODD2);
            DoubleVector y = v1.rearrange(SWAP2).blend(v2, ODD2);
            int i2 = n / 4 + b / 4;
            DoubleVector w2 = DoubleVector.fromArray(DS, w, i2).rearrange(DUP2);
            DoubleVector v = mulMod(y, w2, w2.neg(), DoubleVector.fromArray(DS, wq, i2).rearrange(DUP2), qv);
            addMod(x, v, qv).reinterpretAsLongs().intoArray(a, b);
            subMod(x, v, qv).reinterpretAsLongs().intoArray(a, b + LANES);
        }
    }

    /** Distance 1 on distanceTwo's layout: x = the even values, y = the odd; consecutive twiddles. */
    private void distanceOne(long[] a) {
        DoubleVector qv = DoubleVector.broadcast(DS, qd);
        for (int b = 0; b < n; b += 2 * LANES) {
            DoubleVector v1 = doubles(a, b);
            DoubleVector v2 = doubles(a, b + LANES);
            DoubleVector x = v1.blend(v2.rearrange(SWAP1), ODD1);
            DoubleVector y = v1.rearrange(SWAP1).blend(v2, ODD1);
            int i1 = n / 2 + b / 2;
            DoubleVector w1 = DoubleVector.fromArray(DS, w, i1);
            DoubleVector v = mulMod(y, w1, w1.neg(), DoubleVector.fromArray(DS, wq, i1), qv);
            addMod(x, v, qv).reinterpretAsLongs().intoArray(a, b); // the even values of both blocks
            subMod(x, v, qv).reinterpretAsLongs().intoArray(a, b + LANES); // the odd values
        }
    }

    /** After distanceOne: the even and odd values interleaved back into natural order, as longs. */
    private void interleave(long[] a) {
        for (int b = 0; b < n; b += 2 * LANES) {
            LongVector even = toLongs(doubles(a, b));
            LongVector odd = toLongs(doubles(a, b + LANES));
            even.rearrange(SPREAD_LO).blend(odd.rearrange(SPREAD_LO), ODD1L).intoArray(a, b);
            even.rearrange(SPREAD_HI).blend(odd.rearrange(SPREAD_HI), ODD1L).intoArray(a, b + LANES);
        }
    }

    /** Doubles holding integers in [0, 2^52) as longs: the low 52 bits of 2^52 + x. */
    static LongVector toLongs(DoubleVector v) {
        return v.add(TWO_52).reinterpretAsLongs().and(MANTISSA);
    }

    /** x + v mod q in [0, q) for x, v in [0, q). */
    static DoubleVector addMod(DoubleVector x, DoubleVector v, DoubleVector q) {
        DoubleVector s = x.add(v);
        return s.blend(s.sub(q), s.compare(VectorOperators.GE, q));
    }

    /** x - v mod q in [0, q) for x, v in [0, q). */
    static DoubleVector subMod(DoubleVector x, DoubleVector v, DoubleVector q) {
        return VectorModular.liftNegative(x.sub(v), q);
    }

    /** The first stage (distance N/2, twiddle psi^bitrev(1)), reading longs and writing doubles. */
    private void firstStage(long[] a) {
        DoubleVector qv = DoubleVector.broadcast(DS, qd);
        DoubleVector wv = DoubleVector.broadcast(DS, w[1]);
        DoubleVector nwv = DoubleVector.broadcast(DS, -w[1]);
        DoubleVector wqv = DoubleVector.broadcast(DS, wq[1]);
        int t = n >> 1;
        for (int j = 0; j < t; j += LANES) {
            DoubleVector x = fromLongs(LongVector.fromArray(LS, a, j));
            DoubleVector v = mulMod(fromLongs(LongVector.fromArray(LS, a, j + t)), wv, nwv, wqv, qv);
            addMod(x, v, qv).reinterpretAsLongs().intoArray(a, j);
            subMod(x, v, qv).reinterpretAsLongs().intoArray(a, j + t);
        }
    }

    /** Stage m (butterfly distance t &ge; 8) on doubles: block i uses the twiddle psi^bitrev(m + i). */
    private void stage(long[] a, int m, int t) {
        DoubleVector qv = DoubleVector.broadcast(DS, qd);
        for (int i = 0; i < m; i++) {
            int j1 = 2 * i * t;
            DoubleVector wv = DoubleVector.broadcast(DS, w[m + i]);
            DoubleVector nwv = DoubleVector.broadcast(DS, -w[m + i]);
            DoubleVector wqv = DoubleVector.broadcast(DS, wq[m + i]);
            for (int j = j1; j < j1 + t; j += LANES) {
                DoubleVector x = doubles(a, j);
                DoubleVector v = mulMod(doubles(a, j + t), wv, nwv, wqv, qv);
                addMod(x, v, qv).reinterpretAsLongs().intoArray(a, j);
                subMod(x, v, qv).reinterpretAsLongs().intoArray(a, j + t);
            }
        }
    }

    static DoubleVector doubles(long[] a, int j) {
        return LongVector.fromArray(LS, a, j).reinterpretAsDoubles();
    }

    /** x in [0, 2^52) as doubles: the bits of 2^52 + x are those of 2^52 or x; subtracting 2^52 leaves x. */
    static DoubleVector fromLongs(LongVector v) {
        return v.or(TWO_52_BITS).reinterpretAsDoubles().sub(TWO_52);
    }

    /** x·w mod q in [0, q) for x, w in [0, q) (class comment). */
    static DoubleVector mulMod(DoubleVector x, DoubleVector w, DoubleVector negW, DoubleVector wq,
                                       DoubleVector q) {
        return VectorModular.liftNegative(VectorModular.mulConstantLazy(x, w, negW, wq, q), q);
    }
}
