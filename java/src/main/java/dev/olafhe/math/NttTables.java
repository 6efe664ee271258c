package dev.olafhe.math;

/**
 * Precomputed tables and the negacyclic number-theoretic transform over Z_q[X]/(X^N + 1).
 *
 * <p><b>Convention</b> (fixed: the CUDA kernels reproduce it bit for bit):
 * <ul>
 *   <li>psi is the smallest integer in [1, q) that is a primitive 2N-th root of unity mod q;</li>
 *   <li>forward: Cooley–Tukey butterflies (Longa–Naehrig / SEAL style) with the powers psi^bitrev(i)
 *       stored in bit-reversed order; natural-order input, bit-reversed output; output slot k holds
 *       a(psi^(2·bitrev(k)+1)); all outputs fully reduced into [0, q);</li>
 *   <li>inverse: Gentleman–Sande butterflies with psi^-bitrev(i), bit-reversed input, natural output,
 *       followed by multiplication with N^-1; fully reduced.</li>
 * </ul>
 * Twiddles are multiplied with Shoup's method; butterflies reduce lazily (Harvey 2014) but the
 * results are fully reduced, so any correct implementation of the convention matches bit for bit.
 *
 * <p>The transforms of a prime of at most {@value VectorNtt#MAX_BITS} bits run on {@link VectorNtt} and
 * {@link VectorInverseNtt} (Vector API, 8 double lanes on AVX-512, 4 on AVX2) when the JVM resolves
 * {@code jdk.incubator.vector} and has 256- or 512-bit vectors; {@code -Dolafhe.math.vector=false} forces the scalar
 * transforms (and the scalar key switch kernels, {@link VectorDotProducts}, {@link BasisConverter}). Primes of 51 to
 * 61 bits run on {@link VectorShoupNtt} (64-bit lanes) from JDK {@value VectorShoupNtt#MIN_JDK} on. All give the same
 * bits.
 */
public final class NttTables {
    /**
     * Whether the transforms may use {@link VectorNtt} and {@link VectorInverseNtt}: the JVM must resolve
     * {@code jdk.incubator.vector} ({@code --add-modules jdk.incubator.vector}); {@code -Dolafhe.math.vector=false}
     * forces the scalar ones.
     */
    static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"false".equals(System.getProperty("olafhe.math.vector"));

    private final Modulus modulus;
    private final int n;
    private final int logN;
    private final long psi;
    private final long[] psiRev;
    private final long[] psiRevShoup;
    private final long[] psiInvRev;
    private final long[] psiInvRevShoup;
    private final long nInv;
    private final long nInvShoup;
    /** psi^-bitrev(1) · N^-1 mod q: the last inverse stage's twiddle with the scaling folded in. */
    private final long lastInverseTwiddleTimesNInv;
    private final long lastInverseTwiddleTimesNInvShoup;
    /** The vector transforms for this prime, or null (scalar): doubles up to 50 bits, else 64-bit lanes, or none. */
    private final VectorNtt vectorForward;
    private final VectorInverseNtt vectorInverse;
    private final VectorShoupNtt shoupVector;

    public NttTables(Modulus modulus, int logN) {
        this.modulus = modulus;
        this.logN = logN;
        this.n = 1 << logN;
        this.psi = Primes.smallestPrimitiveRoot2N(modulus, n);
        long psiInv = modulus.inverse(psi);
        psiRev = new long[n];
        psiInvRev = new long[n];
        long pw = 1;
        long pwInv = 1;
        for (int i = 0; i < n; i++) {
            int r = bitReverse(i, logN);
            psiRev[r] = pw;
            psiInvRev[r] = pwInv;
            pw = modulus.mul(pw, psi);
            pwInv = modulus.mul(pwInv, psiInv);
        }
        psiRevShoup = new long[n];
        psiInvRevShoup = new long[n];
        for (int i = 0; i < n; i++) {
            psiRevShoup[i] = modulus.shoup(psiRev[i]);
            psiInvRevShoup[i] = modulus.shoup(psiInvRev[i]);
        }
        nInv = modulus.inverse(n);
        nInvShoup = modulus.shoup(nInv);
        lastInverseTwiddleTimesNInv = modulus.mul(psiInvRev[1], nInv);
        lastInverseTwiddleTimesNInvShoup = modulus.shoup(lastInverseTwiddleTimesNInv);
        boolean vector = VECTOR && VectorNtt.supports(modulus, logN);
        vectorForward = vector ? new VectorNtt(modulus, psiRev) : null;
        vectorInverse = vector ? new VectorInverseNtt(modulus, psiInvRev, nInv, lastInverseTwiddleTimesNInv) : null;
        shoupVector = VECTOR && VectorShoupNtt.supports(modulus, logN)
                ? new VectorShoupNtt(modulus, psiRev, psiRevShoup, psiInvRev, psiInvRevShoup, nInv, nInvShoup,
                        lastInverseTwiddleTimesNInv, lastInverseTwiddleTimesNInvShoup)
                : null;
    }

    /**
     * Which transforms run for this prime (logs, benchmark records): "vector-api" (doubles, up to 50 bits),
     * "vector-api-shoup" (64-bit lanes, 51 to 61 bits, JDK 24+) or "scalar".
     */
    public String forwardImplementation() {
        return vectorForward != null ? "vector-api" : shoupVector != null ? "vector-api-shoup" : "scalar";
    }

    public Modulus modulus() {
        return modulus;
    }

    public int n() {
        return n;
    }

    /** The primitive 2N-th root of unity the transform uses. */
    public long psi() {
        return psi;
    }

    /** psi^bitrev(i) for i in [0, N) (a copy). */
    public long[] psiPowersBitReversed() {
        return psiRev.clone();
    }

    /** In-place forward negacyclic NTT; input coefficients must be in [0, q), outputs are in [0, q). */
    public void forward(long[] a) {
        if (vectorForward != null) {
            vectorForward.forward(a);
        } else if (shoupVector != null) {
            shoupVector.forward(a);
        } else {
            forwardScalar(a);
        }
    }

    /** {@link #forward} always on the scalar path (the reference of the vector one, for tests and benchmarks). */
    public void forwardScalar(long[] a) {
        // Harvey's lazy butterflies, branch-free: values stay in [0, 4q) (< 2^63 since q < 2^61) between stages.
        // Stages run two at a time (radix-4 passes: each element is loaded and stored once per two stages); an
        // odd first stage runs alone, the last pass reduces fully into [0, q).
        int m = 1;
        int t = n >> 1; // butterfly distance of stage m
        if ((logN & 1) == 1) {
            forwardFirstStage(a, t);
            m = 2;
            t >>= 1;
        }
        if (logN == 1) {
            reduceFromFourQ(a);
            return;
        }
        while (t > 2) {
            forwardTwoStages(a, m, t);
            m <<= 2;
            t >>= 2;
        }
        forwardLastTwoStages(a);
    }

    /** Stage m = 1 alone (odd log N): the inputs are in [0, q), so x needs no correction. */
    private void forwardFirstStage(long[] a, int t) {
        long q = modulus.value();
        long twoQ = 2 * q;
        long w = psiRev[1];
        long ws = psiRevShoup[1];
        for (int j = 0; j < t; j++) {
            long x = a[j];
            long v = mulLazy(a[j + t], w, ws, q);
            a[j] = x + v;
            a[j + t] = x - v + twoQ;
        }
    }

    /** Stages m (butterfly distance t) and 2m (distance t/2) in one pass; values in [0, 4q) in and out. */
    private void forwardTwoStages(long[] a, int m, int t) {
        long q = modulus.value();
        long twoQ = 2 * q;
        int h = t >> 1;
        long[] w = psiRev;
        long[] ws = psiRevShoup;
        for (int i = 0; i < m; i++) {
            int j1 = 2 * i * t;
            long w1 = w[m + i];
            long s1 = ws[m + i];
            long w2 = w[2 * m + 2 * i];
            long s2 = ws[2 * m + 2 * i];
            long w3 = w[2 * m + 2 * i + 1];
            long s3 = ws[2 * m + 2 * i + 1];
            for (int j = j1; j < j1 + h; j++) {
                long x0 = reduceTwoQ(a[j], twoQ);
                long x1 = reduceTwoQ(a[j + h], twoQ);
                long v2 = mulLazy(a[j + t], w1, s1, q);
                long v3 = mulLazy(a[j + t + h], w1, s1, q);
                long y0 = reduceTwoQ(x0 + v2, twoQ);
                long y2 = reduceTwoQ(x0 - v2 + twoQ, twoQ);
                long u1 = mulLazy(x1 + v3, w2, s2, q);
                long u3 = mulLazy(x1 - v3 + twoQ, w3, s3, q);
                a[j] = y0 + u1;
                a[j + h] = y0 - u1 + twoQ;
                a[j + t] = y2 + u3;
                a[j + t + h] = y2 - u3 + twoQ;
            }
        }
    }

    /** The last two stages (distances 2 and 1) on groups of four, with the final reduction into [0, q). */
    private void forwardLastTwoStages(long[] a) {
        long q = modulus.value();
        long twoQ = 2 * q;
        int m = n >> 2;
        long[] w = psiRev;
        long[] ws = psiRevShoup;
        for (int i = 0; i < m; i++) {
            int j = 4 * i;
            long x0 = reduceTwoQ(a[j], twoQ);
            long x1 = reduceTwoQ(a[j + 1], twoQ);
            long v2 = mulLazy(a[j + 2], w[m + i], ws[m + i], q);
            long v3 = mulLazy(a[j + 3], w[m + i], ws[m + i], q);
            long y0 = reduceTwoQ(x0 + v2, twoQ);
            long y2 = reduceTwoQ(x0 - v2 + twoQ, twoQ);
            long u1 = mulLazy(x1 + v3, w[2 * m + 2 * i], ws[2 * m + 2 * i], q);
            long u3 = mulLazy(x1 - v3 + twoQ, w[2 * m + 2 * i + 1], ws[2 * m + 2 * i + 1], q);
            a[j] = reduceFully(y0 + u1, q, twoQ);
            a[j + 1] = reduceFully(y0 - u1 + twoQ, q, twoQ);
            a[j + 2] = reduceFully(y2 + u3, q, twoQ);
            a[j + 3] = reduceFully(y2 - u3 + twoQ, q, twoQ);
        }
    }

    private void reduceFromFourQ(long[] a) {
        long q = modulus.value();
        long twoQ = 2 * q;
        for (int j = 0; j < a.length; j++) {
            a[j] = reduceFully(a[j], q, twoQ);
        }
    }

    /** In-place inverse negacyclic NTT; input values must be in [0, q), outputs are in [0, q). */
    public void inverse(long[] a) {
        if (vectorInverse != null) {
            vectorInverse.inverse(a);
        } else if (shoupVector != null) {
            shoupVector.inverse(a);
        } else {
            inverseScalar(a);
        }
    }

    /** {@link #inverse} always on the scalar path (the reference of the vector one, for tests and benchmarks). */
    public void inverseScalar(long[] a) {
        // lazy Gentleman–Sande butterflies, branch-free: values stay in [0, 2q); stages run two at a time
        // (an odd first stage alone); the last stage runs fused with the N^-1 scaling, which reduces fully
        int t = 1;
        if ((logN & 1) == 0) {
            inverseFirstStage(a);
            t = 2;
        }
        while (t < n >> 1) {
            inverseTwoStages(a, t);
            t <<= 2;
        }
        inverseLastStageScaled(a);
    }

    /** The first Gentleman–Sande stage (distance 1) alone (even log N), as one flat loop over adjacent pairs. */
    private void inverseFirstStage(long[] a) {
        long q = modulus.value();
        long twoQ = 2 * q;
        int h = n >> 1;
        long[] w = psiInvRev;
        long[] ws = psiInvRevShoup;
        for (int i = 0; i < h; i++) {
            long x = a[2 * i];
            long y = a[2 * i + 1];
            a[2 * i] = reduceTwoQ(x + y, twoQ);
            a[2 * i + 1] = mulLazy(x - y + twoQ, w[h + i], ws[h + i], q);
        }
    }

    /** Stages of distance t and 2t in one pass; values in [0, 2q) in and out. */
    private void inverseTwoStages(long[] a, int t) {
        long q = modulus.value();
        long twoQ = 2 * q;
        int h = n / (2 * t);
        long[] w = psiInvRev;
        long[] ws = psiInvRevShoup;
        for (int i = 0; i < h >> 1; i++) {
            int j1 = 4 * t * i;
            long w1 = w[h + 2 * i];
            long s1 = ws[h + 2 * i];
            long w2 = w[h + 2 * i + 1];
            long s2 = ws[h + 2 * i + 1];
            long w3 = w[(h >> 1) + i];
            long s3 = ws[(h >> 1) + i];
            for (int j = j1; j < j1 + t; j++) {
                long x0 = a[j];
                long x1 = a[j + t];
                long x2 = a[j + 2 * t];
                long x3 = a[j + 3 * t];
                long y0 = reduceTwoQ(x0 + x1, twoQ);
                long y1 = mulLazy(x0 - x1 + twoQ, w1, s1, q);
                long y2 = reduceTwoQ(x2 + x3, twoQ);
                long y3 = mulLazy(x2 - x3 + twoQ, w2, s2, q);
                a[j] = reduceTwoQ(y0 + y2, twoQ);
                a[j + 2 * t] = mulLazy(y0 - y2 + twoQ, w3, s3, q);
                a[j + t] = reduceTwoQ(y1 + y3, twoQ);
                a[j + 3 * t] = mulLazy(y1 - y3 + twoQ, w3, s3, q);
            }
        }
    }

    /** The last stage (distance N/2, twiddle psi^-bitrev(1)) fused with the N^-1 scaling, fully reduced. */
    private void inverseLastStageScaled(long[] a) {
        long q = modulus.value();
        long twoQ = 2 * q;
        int t = n >> 1;
        long wn = lastInverseTwiddleTimesNInv;
        long wns = lastInverseTwiddleTimesNInvShoup;
        long ni = nInv;
        long nis = nInvShoup;
        for (int j = 0; j < t; j++) {
            long x = a[j];
            long y = a[j + t];
            a[j] = reduceOnce(mulLazy(x + y, ni, nis, q), q);
            a[j + t] = reduceOnce(mulLazy(x - y + twoQ, wn, wns, q), q);
        }
    }

    /** x·w mod q in [0, 2q) by Shoup's method, for any x in [0, 2^63). */
    private static long mulLazy(long x, long w, long wShoup, long q) {
        return x * w - Modulus.unsignedMultiplyHigh(x, wShoup) * q;
    }

    /** x in [0, 4q) to [0, 2q), branch-free. */
    private static long reduceTwoQ(long x, long twoQ) {
        return x - (twoQ & ((twoQ - 1 - x) >> 63));
    }

    /** x in [0, 2q) to [0, q), branch-free. */
    private static long reduceOnce(long x, long q) {
        return x - (q & ((q - 1 - x) >> 63));
    }

    /** x in [0, 4q) to [0, q), branch-free. */
    private static long reduceFully(long x, long q, long twoQ) {
        return reduceOnce(reduceTwoQ(x, twoQ), q);
    }

    public static int bitReverse(int x, int bits) {
        return Integer.reverse(x) >>> (32 - bits);
    }

    /**
     * Index permutation that applies the automorphism X -> X^galoisElement to a polynomial in this NTT
     * layout: {@code out[k] = in[perm[k]]}. Slot k evaluates at psi^(2·bitrev(k)+1); the automorphism
     * moves the evaluation at exponent e to exponent galoisElement·e.
     */
    public static int[] automorphismNttPermutation(int logN, long galoisElement) {
        int n = 1 << logN;
        long twoN = 2L * n;
        long g = Math.floorMod(galoisElement, twoN);
        if ((g & 1) == 0) {
            throw new IllegalArgumentException("Galois element must be odd, got " + galoisElement);
        }
        int[] perm = new int[n];
        for (int k = 0; k < n; k++) {
            long e = 2L * bitReverse(k, logN) + 1;
            long ge = (g * e) % twoN;
            perm[k] = bitReverse((int) ((ge - 1) >> 1), logN);
        }
        return perm;
    }

    public int logN() {
        return logN;
    }
}
