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
 */
public final class NttTables {
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
        // Harvey's lazy butterflies: values stay in [0, 4q) (< 2^63 since q < 2^61), one correction at the end
        long q = modulus.value();
        long twoQ = 2 * q;
        int t = n;
        for (int m = 1; m < n; m <<= 1) {
            t >>= 1;
            for (int i = 0; i < m; i++) {
                int j1 = 2 * i * t;
                long w = psiRev[m + i];
                long wShoup = psiRevShoup[m + i];
                for (int j = j1; j < j1 + t; j++) {
                    long x = a[j];
                    if (x >= twoQ) {
                        x -= twoQ;
                    }
                    long y = a[j + t];
                    long v = y * w - Modulus.unsignedMultiplyHigh(y, wShoup) * q; // in [0, 2q)
                    a[j] = x + v;
                    a[j + t] = x - v + twoQ;
                }
            }
        }
        for (int j = 0; j < n; j++) {
            long x = a[j];
            if (x >= twoQ) {
                x -= twoQ;
            }
            a[j] = x >= q ? x - q : x;
        }
    }

    /** In-place inverse negacyclic NTT; input values must be in [0, q), outputs are in [0, q). */
    public void inverse(long[] a) {
        // lazy Gentleman–Sande butterflies: values stay in [0, 2q); the final N^-1 product reduces fully
        long q = modulus.value();
        long twoQ = 2 * q;
        int t = 1;
        for (int m = n; m > 1; m >>= 1) {
            int h = m >> 1;
            int j1 = 0;
            for (int i = 0; i < h; i++) {
                long w = psiInvRev[h + i];
                long wShoup = psiInvRevShoup[h + i];
                for (int j = j1; j < j1 + t; j++) {
                    long x = a[j];
                    long y = a[j + t];
                    long sum = x + y;
                    a[j] = sum >= twoQ ? sum - twoQ : sum;
                    long diff = x - y + twoQ;
                    a[j + t] = diff * w - Modulus.unsignedMultiplyHigh(diff, wShoup) * q;
                }
                j1 += 2 * t;
            }
            t <<= 1;
        }
        for (int j = 0; j < n; j++) {
            a[j] = modulus.mulShoup(a[j], nInv, nInvShoup);
        }
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
