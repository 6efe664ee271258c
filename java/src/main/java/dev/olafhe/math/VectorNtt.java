package dev.olafhe.math;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * The forward negacyclic NTT of {@link NttTables} (same convention, bit-identical fully reduced outputs) in Vector
 * API double-precision arithmetic on 8 lanes (AVX-512) or 4 (AVX2), for primes of at most {@value #MAX_BITS} bits; chosen per
 * modulus by {@link NttTables} (which keeps the scalar transform for larger primes and other vector shapes). Values
 * stay fully reduced in [0, q) after every stage and are held as doubles (exact: below 2^53) in the long array's
 * bits from the first stage to the last, which writes longs again. Stages of distance &ge; LANES run on contiguous
 * vectors with one broadcast twiddle; the stages of distance LANES/2 .. 1 run on pairs of vectors (two blocks)
 * shuffled so that the butterflies' operands sit in the same lanes (see {@link #shuffledStage}).
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
    static final VectorSpecies<Double> DS = species();
    static final VectorSpecies<Long> LS = VectorSpecies.of(long.class, DS.vectorShape());
    static final int LANES = DS.length();
    /** The transforms exist for 4 lanes (AVX2) and 8 lanes (AVX-512). */
    static final boolean SUPPORTED_LANES = LANES == 4 || LANES == 8;
    private static final double TWO_52 = 0x1p52;
    private static final long TWO_52_BITS = Double.doubleToRawLongBits(TWO_52);
    private static final long MANTISSA = 0x000F_FFFF_FFFF_FFFFL;

    private final int n;
    private final double qd;
    /** psi^bitrev(i) as doubles, and fl(psi^bitrev(i) / q). */
    private final double[] w;
    private final double[] wq;
    /** The passes of one transform in order: the stages of distance N/2 .. LANES, then the shuffled ones and the output. */
    private final Pass[] passes;
    // The stages of distance d < LANES pair two blocks of LANES values: SWAPd exchanges the lanes k and k ^ d, ODDd
    // marks the lanes with bit d set, DUPd repeats each twiddle d times. SWAP4, ODD4 and DUP4 exist on 8 lanes only.
    static final VectorShuffle<Double> SWAP4 = LANES == 8 ? shuffle(k -> k ^ 4) : null;
    static final VectorShuffle<Double> SWAP2 = shuffle(k -> k ^ 2);
    static final VectorShuffle<Double> SWAP1 = shuffle(k -> k ^ 1);
    static final VectorShuffle<Double> DUP4 = LANES == 8 ? shuffle(k -> k / 4) : null;
    static final VectorShuffle<Double> DUP2 = shuffle(k -> k / 2);
    static final VectorMask<Double> ODD4 = LANES == 8 ? mask(4) : null;
    static final VectorMask<Double> ODD2 = mask(2);
    static final VectorMask<Double> ODD1 = mask(1);
    /** The even and the odd lanes of a vector, twice (the inverse transform's first layout change). */
    static final VectorShuffle<Double> EVENS = shuffle(k -> (2 * k) % LANES);
    static final VectorShuffle<Double> ODDS = shuffle(k -> (2 * k + 1) % LANES);
    /** The swap and the mask of the distance LANES / 2: between the two halves of a vector. */
    static final VectorShuffle<Double> SWAP_HALVES = LANES == 8 ? SWAP4 : SWAP2;
    static final VectorMask<Double> UPPER_HALF = LANES == 8 ? ODD4 : ODD2;
    static final VectorShuffle<Long> SPREAD_LO = longShuffle(k -> k / 2);
    static final VectorShuffle<Long> SPREAD_HI = longShuffle(k -> LANES / 2 + k / 2);
    static final VectorMask<Long> ODD1L = SUPPORTED_LANES ? VectorMask.fromLong(LS, laneBits(1)) : null;

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
        int stages = Integer.numberOfTrailingZeros(n / LANES); // distances N/2 .. LANES
        List<Pass> list = new ArrayList<>();
        list.add(a -> firstStage(a));
        for (int s = 1, m = 2, t = n >> 2; s < stages; s++, m <<= 1, t >>= 1) {
            int mm = m;
            int tt = t;
            list.add(a -> stage(a, mm, tt));
        }
        if (LANES == 8) {
            list.add(a -> shuffledStage(a, 4, SWAP4, ODD4, DUP4));
        }
        list.add(a -> shuffledStage(a, 2, SWAP2, ODD2, DUP2));
        list.add(a -> shuffledStage(a, 1, SWAP1, ODD1, null));
        list.add(this::interleave);
        passes = list.toArray(Pass[]::new);
    }

    /** w[i] = powers[i] as a double (exact: below 2^50) and wq[i] = fl(w[i] / q), mulMod's quotient factor. */
    static void twiddles(long[] powers, double q, double[] w, double[] wq) {
        for (int i = 0; i < powers.length; i++) {
            w[i] = powers[i];
            wq[i] = w[i] / q;
        }
    }

    /**
     * The double species of the transforms: the machine's preferred one, or the one of {@code -Dolafhe.math.vectorBits}
     * (256 or 512; a test hook: a species wider than the hardware runs, slowly, in the Vector API's Java fallback).
     */
    private static VectorSpecies<Double> species() {
        return switch (System.getProperty("olafhe.math.vectorBits", "")) {
            case "256" -> DoubleVector.SPECIES_256;
            case "512" -> DoubleVector.SPECIES_512;
            default -> DoubleVector.SPECIES_PREFERRED;
        };
    }

    private static VectorShuffle<Double> shuffle(IntUnaryOperator lane) {
        return SUPPORTED_LANES ? VectorShuffle.fromOp(DS, lane) : null;
    }

    private static VectorShuffle<Long> longShuffle(IntUnaryOperator lane) {
        return SUPPORTED_LANES ? VectorShuffle.fromOp(LS, lane) : null;
    }

    /** The lanes k with k & d != 0, as a mask. */
    private static VectorMask<Double> mask(int d) {
        return SUPPORTED_LANES ? VectorMask.fromLong(DS, laneBits(d)) : null;
    }

    private static long laneBits(int d) {
        long bits = 0;
        for (int k = 0; k < LANES; k++) {
            bits |= (k & d) != 0 ? 1L << k : 0;
        }
        return bits;
    }

    /** Whether the vector transform applies: a prime of at most {@value #MAX_BITS} bits, N &ge; 32, 4 or 8 lanes. */
    public static boolean supports(Modulus modulus, int logN) {
        return modulus.bits() <= MAX_BITS && logN >= 5 && SUPPORTED_LANES;
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
     * The stage of distance d &lt; LANES on pairs of LANES-blocks (values b .. b + 2·LANES − 1): the operands x of the
     * butterflies are the lanes of the first vector without bit d and those of the second vector with it, swapped
     * into place (y: the other lanes); x + v stays in the first vector, x − v goes to the second. The first such stage
     * (d = LANES/2) reads natural order; each one leaves the layout the next one (d/2) reads, the last (d = 1) leaves
     * the even values in the first vector and the odd in the second for {@link #interleave}. The twiddle of the
     * butterflies in lane k is psi^bitrev(N/(2d) + b/(2d) + k/d) (dup repeats each d times; null for d = 1).
     */
    private void shuffledStage(long[] a, int d, VectorShuffle<Double> swap, VectorMask<Double> odd,
                               VectorShuffle<Double> dup) {
        DoubleVector qv = DoubleVector.broadcast(DS, qd);
        for (int b = 0; b < n; b += 2 * LANES) {
            DoubleVector v1 = doubles(a, b);
            DoubleVector v2 = doubles(a, b + LANES);
            DoubleVector x = v1.blend(v2.rearrange(swap), odd);
            DoubleVector y = v1.rearrange(swap).blend(v2, odd);
            int i = n / (2 * d) + b / (2 * d);
            DoubleVector wd = DoubleVector.fromArray(DS, w, i);
            DoubleVector wqd = DoubleVector.fromArray(DS, wq, i);
            if (dup != null) {
                wd = wd.rearrange(dup);
                wqd = wqd.rearrange(dup);
            }
            DoubleVector v = mulMod(y, wd, wd.neg(), wqd, qv);
            addMod(x, v, qv).reinterpretAsLongs().intoArray(a, b);
            subMod(x, v, qv).reinterpretAsLongs().intoArray(a, b + LANES);
        }
    }

    /** After the stage of distance 1: the even and odd values interleaved back into natural order, as longs. */
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
