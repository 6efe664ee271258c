package dev.olafhe.math;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

import java.util.ArrayList;
import java.util.List;

/**
 * The forward and inverse negacyclic NTTs of {@link NttTables} for the primes above {@link VectorNtt}'s 50 bits (up to
 * 61), on 64-bit integer lanes: the scalar transforms' lazy Harvey / Gentleman–Sande butterflies with Shoup products,
 * one stage per pass, with the same values after every butterfly, so the outputs are bit-identical. The stages of
 * distance &ge; LANES run on contiguous vectors; the small distances use {@link VectorNtt}'s pairs-of-blocks layouts
 * (same shuffles and masks, on long lanes).
 *
 * <p>Shoup's product x·w mod q in [0, 2q) is x·w − hi64(x·w')·q mod 2^64 with w' = floor(w·2^64 / q). Vector
 * hardware before AVX-512 has no 64 x 64-bit product, so x·w' and x·w are assembled from 32 x 32 → 64-bit partial
 * products (x86 {@code vpmuludq}): the high word from four, the low word from three; the quotient times q is the Vector
 * API's own 64-bit lane product. C2 emits one {@code vpmuludq} per partial product only from JDK {@value #MIN_JDK} on
 * (JDK-8341137: it recognises operands masked to 32 bits or shifted right by 32; measured on 25 and 17 only);
 * before, each becomes a full 64-bit multiply sequence. Measured on the 2-vCPU AMD EPYC (AVX2), one 60-bit limb at logN 16: 1.8-1.9x faster than the scalar
 * transforms on JDK 25 (forward ~0.73 ms, inverse ~0.78 ms), a first version 1.75x slower on JDK 17: hence the gate.
 *
 * <p>Loop bodies stay small: past C2's inlining node budget (NodeCountInliningCutoff) a helper stays out of line and
 * every vector crossing the call is boxed (megabytes per transform, and slower than scalar). So one stage per pass
 * (not the scalar transform's radix-4 passes), one method per shuffled layout and the inverse's return to natural
 * order a pass of its own, the inverse's last stage as a pass of sums and differences and two of products, and the
 * quotient's product as one lane multiply (three partial products there tipped two passes over the budget). {@code VectorNttTest} checks that compiled transforms allocate nothing.
 */
final class VectorShoupNtt {
    /** The first JDK whose C2 turns the masked 64-bit lane products into {@code vpmuludq} (class comment). */
    static final int MIN_JDK = 24;
    /** Primes above {@link VectorNtt#MAX_BITS} and up to this many bits take this path: lazy values below 4q < 2^63. */
    static final int MAX_BITS = 61;
    private static final VectorSpecies<Long> LS = VectorNtt.LS;
    private static final int LANES = VectorNtt.LANES;
    private static final long LOW_32 = 0xFFFF_FFFFL;
    // VectorNtt's lane maps (its class comment), on long lanes
    private static final VectorShuffle<Long> SWAP4 = longs(VectorNtt.SWAP4);
    private static final VectorShuffle<Long> SWAP2 = longs(VectorNtt.SWAP2);
    private static final VectorShuffle<Long> SWAP1 = longs(VectorNtt.SWAP1);
    private static final VectorShuffle<Long> DUP4 = longs(VectorNtt.DUP4);
    private static final VectorShuffle<Long> DUP2 = longs(VectorNtt.DUP2);
    private static final VectorShuffle<Long> EVENS = longs(VectorNtt.EVENS);
    private static final VectorShuffle<Long> ODDS = longs(VectorNtt.ODDS);
    private static final VectorMask<Long> ODD4 = longs(VectorNtt.ODD4);
    private static final VectorMask<Long> ODD2 = longs(VectorNtt.ODD2);
    private static final VectorMask<Long> ODD1 = VectorNtt.ODD1L;
    private static final VectorShuffle<Long> SWAP_HALVES = LANES == 8 ? SWAP4 : SWAP2;
    private static final VectorMask<Long> UPPER_HALF = LANES == 8 ? ODD4 : ODD2;

    private final int n;
    private final long q;
    /** psi^bitrev(i), psi^-bitrev(i) and their Shoup factors: {@link NttTables}' own arrays, shared, never written. */
    private final long[] w;
    private final long[] ws;
    private final long[] wInv;
    private final long[] wsInv;
    private final long nInv;
    private final long nInvShoup;
    private final long lastW;
    private final long lastWShoup;
    private final VectorNtt.Pass[] forwardPasses;
    private final VectorNtt.Pass[] inversePasses;

    /** Tables of one prime, which {@link #supports}; the inverse's last stage folds in N^-1 (and psi^-bitrev(1)). */
    VectorShoupNtt(Modulus modulus, long[] psiRev, long[] psiRevShoup, long[] psiInvRev, long[] psiInvRevShoup,
                   long nInverse, long nInverseShoup, long lastTwiddleTimesNInv, long lastTwiddleTimesNInvShoup) {
        int logN = Integer.numberOfTrailingZeros(psiRev.length);
        if (!supports(modulus, logN)) {
            throw new IllegalArgumentException("no 64-bit-lane vector NTT for a " + modulus.bits() + "-bit prime at N = "
                    + psiRev.length + " on Java " + Runtime.version().feature());
        }
        this.n = psiRev.length;
        this.q = modulus.value();
        this.w = psiRev;
        this.ws = psiRevShoup;
        this.wInv = psiInvRev;
        this.wsInv = psiInvRevShoup;
        this.nInv = nInverse;
        this.nInvShoup = nInverseShoup;
        this.lastW = lastTwiddleTimesNInv;
        this.lastWShoup = lastTwiddleTimesNInvShoup;
        forwardPasses = forwardPasses();
        inversePasses = inversePasses();
    }

    /** Whether this path applies: a modulus that {@link #fits}, N &ge; 32. */
    static boolean supports(Modulus modulus, int logN) {
        return fits(modulus) && logN >= 5;
    }

    /**
     * Whether the 64-bit-lane Shoup products serve this modulus: 51 to 61 bits, 4 or 8 lanes, JDK &ge;
     * {@value #MIN_JDK} (class comment); the transforms and {@link VectorShoupConversion} ask here.
     */
    static boolean fits(Modulus modulus) {
        return modulus.bits() > VectorNtt.MAX_BITS && modulus.bits() <= MAX_BITS && VectorNtt.SUPPORTED_LANES
                && Runtime.version().feature() >= MIN_JDK;
    }

    private VectorNtt.Pass[] forwardPasses() {
        List<VectorNtt.Pass> list = new ArrayList<>();
        for (int m = 1, t = n >> 1; t >= LANES; m <<= 1, t >>= 1) {
            int mm = m;
            int tt = t;
            list.add(a -> forwardStage(a, mm, tt));
        }
        if (LANES == 8) {
            list.add(a -> forwardShuffledStage(a, 4, SWAP4, ODD4, DUP4));
        }
        list.add(a -> forwardShuffledStage(a, 2, SWAP2, ODD2, DUP2));
        list.add(a -> forwardShuffledStage(a, 1, SWAP1, ODD1, null));
        list.add(this::reduceAndInterleave);
        return list.toArray(VectorNtt.Pass[]::new);
    }

    private VectorNtt.Pass[] inversePasses() {
        List<VectorNtt.Pass> list = new ArrayList<>();
        list.add(this::deinterleave);
        list.add(this::inverseDistanceOne);
        list.add(a -> inverseShuffledStage(a, 2, SWAP1, ODD1, DUP2));
        if (LANES == 8) {
            list.add(a -> inverseShuffledStage(a, 4, SWAP2, ODD2, DUP4));
        }
        list.add(this::halvesToNaturalOrder);
        for (int t = LANES; t <= n / 4; t <<= 1) {
            int tt = t;
            list.add(a -> inverseStage(a, tt));
        }
        int half = n >> 1;
        list.add(this::sumsAndDifferences);
        list.add(a -> scale(a, 0, half, nInv, nInvShoup));
        list.add(a -> scale(a, half, n, lastW, lastWShoup));
        return list.toArray(VectorNtt.Pass[]::new);
    }

    /** In-place forward NTT; inputs in [0, q), outputs in [0, q), bit-identical to the scalar transform. */
    void forward(long[] a) {
        for (VectorNtt.Pass pass : forwardPasses) {
            pass.run(a); // megamorphic on purpose (VectorNtt's class comment)
        }
    }

    /** In-place inverse NTT; inputs in [0, q), outputs in [0, q), bit-identical to the scalar transform. */
    void inverse(long[] a) {
        for (VectorNtt.Pass pass : inversePasses) {
            pass.run(a);
        }
    }

    /** Harvey's butterfly at distance t &ge; LANES: x in [0, 4q) to [0, 2q), v = y·w lazily, out x + v, x − v + 2q. */
    private void forwardStage(long[] a, int m, int t) {
        LongVector qv = LongVector.broadcast(LS, q);
        LongVector twoQ = LongVector.broadcast(LS, 2 * q);
        for (int i = 0; i < m; i++) {
            int j1 = 2 * i * t;
            LongVector wv = LongVector.broadcast(LS, w[m + i]);
            LongVector sv = LongVector.broadcast(LS, ws[m + i]);
            for (int j = j1; j < j1 + t; j += LANES) {
                LongVector x = reduceTwoQ(LongVector.fromArray(LS, a, j), twoQ);
                LongVector v = mulLazy(LongVector.fromArray(LS, a, j + t), wv, sv, qv);
                x.add(v).intoArray(a, j);
                x.sub(v).add(twoQ).intoArray(a, j + t);
            }
        }
    }

    /** Distance d &lt; LANES on pairs of blocks, as {@link VectorNtt}'s shuffled stage (its layouts and twiddles). */
    private void forwardShuffledStage(long[] a, int d, VectorShuffle<Long> swap, VectorMask<Long> odd,
                                      VectorShuffle<Long> dup) {
        LongVector qv = LongVector.broadcast(LS, q);
        LongVector twoQ = LongVector.broadcast(LS, 2 * q);
        for (int b = 0; b < n; b += 2 * LANES) {
            LongVector v1 = LongVector.fromArray(LS, a, b);
            LongVector v2 = LongVector.fromArray(LS, a, b + LANES);
            LongVector x = reduceTwoQ(v1.blend(v2.rearrange(swap), odd), twoQ);
            LongVector y = v1.rearrange(swap).blend(v2, odd);
            int i = n / (2 * d) + b / (2 * d);
            LongVector v = mulLazy(y, twiddles(w, i, dup), twiddles(ws, i, dup), qv);
            x.add(v).intoArray(a, b);
            x.sub(v).add(twoQ).intoArray(a, b + LANES);
        }
    }

    /** After the stage of distance 1: reduced from [0, 4q) into [0, q), evens and odds interleaved back. */
    private void reduceAndInterleave(long[] a) {
        LongVector qv = LongVector.broadcast(LS, q);
        LongVector twoQ = LongVector.broadcast(LS, 2 * q);
        for (int b = 0; b < n; b += 2 * LANES) {
            LongVector even = reduceOnce(reduceTwoQ(LongVector.fromArray(LS, a, b), twoQ), qv);
            LongVector odd = reduceOnce(reduceTwoQ(LongVector.fromArray(LS, a, b + LANES), twoQ), qv);
            even.rearrange(VectorNtt.SPREAD_LO).blend(odd.rearrange(VectorNtt.SPREAD_LO), ODD1).intoArray(a, b);
            even.rearrange(VectorNtt.SPREAD_HI).blend(odd.rearrange(VectorNtt.SPREAD_HI), ODD1).intoArray(a, b + LANES);
        }
    }

    /** Each 2·LANES values b.. split into [even values of both blocks], [odd values] (the forward's interleave undone). */
    private void deinterleave(long[] a) {
        for (int b = 0; b < n; b += 2 * LANES) {
            LongVector u1 = LongVector.fromArray(LS, a, b);
            LongVector u2 = LongVector.fromArray(LS, a, b + LANES);
            u1.rearrange(EVENS).blend(u2.rearrange(EVENS), UPPER_HALF).intoArray(a, b);
            u1.rearrange(ODDS).blend(u2.rearrange(ODDS), UPPER_HALF).intoArray(a, b + LANES);
        }
    }

    /** Gentleman–Sande at distance 1 on the deinterleaved blocks: x the evens, y the odds, psi^-bitrev(N/2 + b/2 + k). */
    private void inverseDistanceOne(long[] a) {
        LongVector qv = LongVector.broadcast(LS, q);
        LongVector twoQ = LongVector.broadcast(LS, 2 * q);
        for (int b = 0; b < n; b += 2 * LANES) {
            LongVector x = LongVector.fromArray(LS, a, b);
            LongVector y = LongVector.fromArray(LS, a, b + LANES);
            int i = n / 2 + b / 2;
            reduceTwoQ(x.add(y), twoQ).intoArray(a, b);
            mulLazy(x.sub(y).add(twoQ), twiddles(wInv, i, null), twiddles(wsInv, i, null), qv).intoArray(a, b + LANES);
        }
    }

    /**
     * Gentleman–Sande at distance d (2 &le; d &le; LANES/2) on the layout the previous pass left
     * ({@link VectorInverseNtt}'s shuffled stage): out x + y into [0, 2q) and (x − y + 2q)·w lazily, twiddles
     * psi^-bitrev(N/(2d) + b/(2d) + k/d) in lane k; sums stay in the first vector of each pair, differences in the
     * second ({@link #halvesToNaturalOrder} after the last). Distance 1 reads the deinterleaved blocks as they are:
     * a method of its own, as one loop body with both layouts exceeds C2's inlining budget (class comment).
     */
    private void inverseShuffledStage(long[] a, int d, VectorShuffle<Long> swap, VectorMask<Long> odd,
                                      VectorShuffle<Long> dup) {
        LongVector qv = LongVector.broadcast(LS, q);
        LongVector twoQ = LongVector.broadcast(LS, 2 * q);
        for (int b = 0; b < n; b += 2 * LANES) {
            LongVector v1 = LongVector.fromArray(LS, a, b);
            LongVector v2 = LongVector.fromArray(LS, a, b + LANES);
            LongVector x = v1.blend(v2.rearrange(swap), odd);
            LongVector y = v1.rearrange(swap).blend(v2, odd);
            int i = n / (2 * d) + b / (2 * d);
            reduceTwoQ(x.add(y), twoQ).intoArray(a, b);
            mulLazy(x.sub(y).add(twoQ), twiddles(wInv, i, dup), twiddles(wsInv, i, dup), qv).intoArray(a, b + LANES);
        }
    }

    /**
     * After the stage of distance LANES/2 (sums in the first vector of each pair, differences in the second): the
     * halves swapped into natural order. A pass of its own: written into that stage's loop, the layouts put it past
     * C2's inlining budget (class comment).
     */
    private void halvesToNaturalOrder(long[] a) {
        for (int b = 0; b < n; b += 2 * LANES) {
            LongVector s = LongVector.fromArray(LS, a, b);
            LongVector diff = LongVector.fromArray(LS, a, b + LANES);
            s.blend(diff.rearrange(SWAP_HALVES), UPPER_HALF).intoArray(a, b);
            s.rearrange(SWAP_HALVES).blend(diff, UPPER_HALF).intoArray(a, b + LANES);
        }
    }

    /** Gentleman–Sande at distance t (LANES &le; t &le; N/4): group i of the N/(2t) uses psi^-bitrev(N/(2t) + i). */
    private void inverseStage(long[] a, int t) {
        LongVector qv = LongVector.broadcast(LS, q);
        LongVector twoQ = LongVector.broadcast(LS, 2 * q);
        int h = n / (2 * t);
        for (int i = 0; i < h; i++) {
            int j1 = 2 * t * i;
            LongVector wv = LongVector.broadcast(LS, wInv[h + i]);
            LongVector sv = LongVector.broadcast(LS, wsInv[h + i]);
            for (int j = j1; j < j1 + t; j += LANES) {
                LongVector x = LongVector.fromArray(LS, a, j);
                LongVector y = LongVector.fromArray(LS, a, j + t);
                reduceTwoQ(x.add(y), twoQ).intoArray(a, j);
                mulLazy(x.sub(y).add(twoQ), wv, sv, qv).intoArray(a, j + t);
            }
        }
    }

    /**
     * The last stage (distance N/2) without its products: x + y and x − y + 2q (both below 4q), multiplied by N^-1
     * and psi^-bitrev(1)·N^-1 in {@link #scale} (its products in this loop body exceed C2's inlining budget).
     */
    private void sumsAndDifferences(long[] a) {
        LongVector twoQ = LongVector.broadcast(LS, 2 * q);
        int t = n >> 1;
        for (int j = 0; j < t; j += LANES) {
            LongVector x = LongVector.fromArray(LS, a, j);
            LongVector y = LongVector.fromArray(LS, a, j + t);
            x.add(y).intoArray(a, j);
            x.sub(y).add(twoQ).intoArray(a, j + t);
        }
    }

    /** a[from, to) (below 4q) times c (Shoup factor cShoup), fully reduced: the scalar last stage's products. */
    private void scale(long[] a, int from, int to, long c, long cShoup) {
        LongVector qv = LongVector.broadcast(LS, q);
        LongVector cv = LongVector.broadcast(LS, c);
        LongVector cs = LongVector.broadcast(LS, cShoup);
        for (int j = from; j < to; j += LANES) {
            reduceOnce(mulLazy(LongVector.fromArray(LS, a, j), cv, cs, qv), qv).intoArray(a, j);
        }
    }

    /** LANES twiddles from index i, each repeated d times by dup (null: d = 1, as they are). */
    private static LongVector twiddles(long[] table, int i, VectorShuffle<Long> dup) {
        LongVector v = LongVector.fromArray(LS, table, i);
        return dup == null ? v : v.rearrange(dup);
    }

    /**
     * Shoup's x·w mod q in [0, 2q) for x in [0, 2^63), lane by lane: x·w − hi64(x·w')·q mod 2^64 (class comment). The
     * high word sums the four partial products with their carries; the low words need three each.
     */
    static LongVector mulLazy(LongVector x, LongVector w, LongVector wShoup, LongVector q) {
        LongVector xl = low(x);
        LongVector xh = high(x);
        LongVector sl = low(wShoup);
        LongVector sh = high(wShoup);
        LongVector ll = xl.mul(sl);
        LongVector lh = xl.mul(sh);
        LongVector hl = xh.mul(sl);
        LongVector middle = high(ll).add(low(lh)).add(low(hl));
        LongVector quotient = xh.mul(sh).add(high(lh)).add(high(hl)).add(high(middle));
        return lowProduct(xl, xh, w).sub(quotient.mul(q));
    }

    /** The low 64 bits of x·y for x = xh·2^32 + xl: xl·yl + (xl·yh + xh·yl)·2^32. */
    private static LongVector lowProduct(LongVector xl, LongVector xh, LongVector y) {
        LongVector yl = low(y);
        return xl.mul(yl).add(xl.mul(high(y)).add(xh.mul(yl)).lanewise(VectorOperators.LSHL, 32));
    }

    /** The low 32 bits (masked: the shape C2 multiplies with {@code vpmuludq}). */
    private static LongVector low(LongVector v) {
        return v.and(LOW_32);
    }

    /** The high 32 bits (shifted right logically by 32: the other shape C2 multiplies with {@code vpmuludq}). */
    private static LongVector high(LongVector v) {
        return v.lanewise(VectorOperators.LSHR, 32);
    }

    /** x in [0, 4q) to [0, 2q). */
    private static LongVector reduceTwoQ(LongVector x, LongVector twoQ) {
        return x.sub(twoQ, x.compare(VectorOperators.GE, twoQ));
    }

    /** x in [0, 2q) to [0, q). */
    private static LongVector reduceOnce(LongVector x, LongVector q) {
        return x.sub(q, x.compare(VectorOperators.GE, q));
    }

    /** A shuffle of VectorNtt's double lanes on the long lanes of the same shape (null stays null: other widths). */
    private static VectorShuffle<Long> longs(VectorShuffle<Double> shuffle) {
        return shuffle == null ? null : shuffle.cast(LS);
    }

    private static VectorMask<Long> longs(VectorMask<Double> mask) {
        return mask == null ? null : mask.cast(LS);
    }
}
