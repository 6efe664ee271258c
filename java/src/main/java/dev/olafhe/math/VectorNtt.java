package dev.olafhe.math;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The forward negacyclic NTT of {@link NttTables} (same convention, bit-identical fully reduced outputs) with the
 * stages of butterfly distance at least the vector length in Vector API double-precision arithmetic, for primes
 * below 2^{@value #MAX_BITS}. Values stay fully reduced in [0, q) after every stage and are held as doubles (exact:
 * below 2^53) in the long array's bits between the first and the last vector stage; the stages of distance below
 * the vector length run scalar (Harvey's lazy Shoup butterflies).
 *
 * <p>Modular product of x, w in [0, q), q &lt; 2^50, with the precomputed double wq = fl(w / q):
 * h = fl(x·w), l = fma(x, w, −h) = x·w − h exactly; c = rint(x·wq) (|c − x·w/q| ≤ 1/2 + 2^-3, since the only
 * error of x·wq is its relative 2^-53 from fl(w / q) and x·w/q &lt; 2^50); r = fma(−c, q, h) + l = x·w − c·q
 * exactly (h − c·q is an integer of magnitude below 2^51, l below 2^47), so r ∈ [−0.625q, 0.625q] and one
 * conditional addition of q reduces it into [0, q).
 */
public final class VectorNtt {
    /** Primes up to this many bits take the vector path (see the class comment for the bound). */
    public static final int MAX_BITS = 50;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> LS = LongVector.SPECIES_PREFERRED;
    private static final int LANES = DS.length();
    /** 1.5·2^52: adding and subtracting it rounds a double of magnitude below 2^51 to the nearest integer. */
    private static final double ROUND = 0x1.8p52;
    private static final double TWO_52 = 0x1p52;
    private static final long TWO_52_BITS = Double.doubleToRawLongBits(TWO_52);
    private static final long MANTISSA = 0x000F_FFFF_FFFF_FFFFL;

    private final int n;
    private final long q;
    private final double qd;
    private final double[] w;
    private final double[] wq;
    private final long[] wl;
    private final long[] ws;

    public VectorNtt(NttTables tables) {
        Modulus modulus = tables.modulus();
        if (modulus.bits() > MAX_BITS || LANES != LS.length() || LANES < 2) {
            throw new IllegalArgumentException("no vector NTT for a " + modulus.bits() + "-bit prime");
        }
        this.n = tables.n();
        this.q = modulus.value();
        this.qd = q;
        this.wl = tables.psiPowersBitReversed();
        this.w = new double[n];
        this.wq = new double[n];
        this.ws = new long[n];
        for (int i = 0; i < n; i++) {
            w[i] = wl[i];
            wq[i] = w[i] / qd;
            ws[i] = modulus.shoup(wl[i]);
        }
    }

    /** Whether the vector path applies to this prime (and the JVM has a usable vector shape). */
    public static boolean supports(Modulus modulus) {
        return modulus.bits() <= MAX_BITS && DS.length() == LS.length() && DS.length() >= 2;
    }

    /** In-place forward NTT; inputs in [0, q), outputs in [0, q), bit-identical to {@link NttTables#forward}. */
    public void forward(long[] a) {
        int t = n >> 1;
        if (t < LANES) {
            scalarStages(a, 1, t);
            return;
        }
        int m = 1;
        for (; t >= LANES; t >>= 1, m <<= 1) {
            vectorStage(a, m, t, m == 1, t == LANES);
        }
        scalarStages(a, m, t);
    }

    private void vectorStage(long[] a, int m, int t, boolean fromLong, boolean toLong) {
        DoubleVector qv = DoubleVector.broadcast(DS, qd);
        for (int i = 0; i < m; i++) {
            int j1 = 2 * i * t;
            DoubleVector wv = DoubleVector.broadcast(DS, w[m + i]);
            DoubleVector nwv = DoubleVector.broadcast(DS, -w[m + i]);
            DoubleVector wqv = DoubleVector.broadcast(DS, wq[m + i]);
            for (int j = j1; j < j1 + t; j += LANES) {
                DoubleVector x = load(a, j, fromLong);
                DoubleVector y = load(a, j + t, fromLong);
                DoubleVector v = mulMod(y, wv, nwv, wqv, qv);
                DoubleVector s = x.add(v);
                s = s.sub(qv, s.compare(VectorOperators.GE, qv));
                DoubleVector d = x.sub(v);
                d = d.add(qv, d.compare(VectorOperators.LT, 0.0));
                store(s, a, j, toLong);
                store(d, a, j + t, toLong);
            }
        }
    }

    private static DoubleVector load(long[] a, int j, boolean fromLong) {
        LongVector v = LongVector.fromArray(LS, a, j);
        // x in [0, 2^52): the bits of 2^52 + x are 0x4330... | x; subtracting 2^52 leaves x (exact)
        return fromLong ? v.or(TWO_52_BITS).reinterpretAsDoubles().sub(TWO_52) : v.reinterpretAsDoubles();
    }

    private static void store(DoubleVector v, long[] a, int j, boolean toLong) {
        LongVector l = toLong ? v.add(TWO_52).reinterpretAsLongs().and(MANTISSA) : v.reinterpretAsLongs();
        l.intoArray(a, j);
    }

    /** x·w mod q in [0, q) for x, w in [0, q) (class comment). */
    private static DoubleVector mulMod(DoubleVector x, DoubleVector w, DoubleVector negW, DoubleVector wq,
                                       DoubleVector q) {
        DoubleVector negH = x.mul(negW); // -fl(x·w), exactly
        DoubleVector l = x.fma(w, negH); // x·w - fl(x·w), exactly
        DoubleVector c = x.fma(wq, DoubleVector.broadcast(DS, ROUND)).sub(ROUND);
        DoubleVector r = l.sub(c.fma(q, negH)); // l - (c·q - fl(x·w)) = x·w - c·q, exactly
        VectorMask<Double> negative = r.compare(VectorOperators.LT, 0.0);
        return r.add(q, negative);
    }

    /** Scalar lazy stages from stage m (distance t) to the end; inputs in [0, q), outputs fully reduced. */
    private void scalarStages(long[] a, int m, int t) {
        long twoQ = 2 * q;
        for (; t >= 1; t >>= 1, m <<= 1) {
            for (int i = 0; i < m; i++) {
                int j1 = 2 * i * t;
                long wi = wl[m + i];
                long si = ws[m + i];
                for (int j = j1; j < j1 + t; j++) {
                    long x = reduceTwoQ(a[j], twoQ);
                    long v = a[j + t] * wi - Modulus.unsignedMultiplyHigh(a[j + t], si) * q;
                    a[j] = x + v;
                    a[j + t] = x - v + twoQ;
                }
            }
        }
        for (int j = 0; j < n; j++) {
            long x = reduceTwoQ(a[j], twoQ);
            a[j] = x - (q & ((q - 1 - x) >> 63));
        }
    }

    private static long reduceTwoQ(long x, long twoQ) {
        return x - (twoQ & ((twoQ - 1 - x) >> 63));
    }
}
