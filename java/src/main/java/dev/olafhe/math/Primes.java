package dev.olafhe.math;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Primality and NTT-friendly prime generation. A prime q is NTT-friendly for ring degree N when
 * q ≡ 1 (mod 2N): then Z_q holds a primitive 2N-th root of unity and the negacyclic NTT exists.
 */
public final class Primes {
    private Primes() {
    }

    /** Deterministic for all 64-bit inputs (Miller–Rabin with the first 12 prime bases). */
    public static boolean isPrime(long n) {
        if (n < 2) {
            return false;
        }
        long[] small = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37};
        for (long p : small) {
            if (n % p == 0) {
                return n == p;
            }
        }
        BigInteger bn = BigInteger.valueOf(n);
        BigInteger nMinusOne = bn.subtract(BigInteger.ONE);
        int s = nMinusOne.getLowestSetBit();
        BigInteger d = nMinusOne.shiftRight(s);
        for (long a : small) {
            BigInteger x = BigInteger.valueOf(a).modPow(d, bn);
            if (x.equals(BigInteger.ONE) || x.equals(nMinusOne)) {
                continue;
            }
            boolean composite = true;
            for (int r = 1; r < s; r++) {
                x = x.multiply(x).mod(bn);
                if (x.equals(nMinusOne)) {
                    composite = false;
                    break;
                }
            }
            if (composite) {
                return false;
            }
        }
        return true;
    }

    /**
     * Generates primes for a modulus chain, in the order of {@code bitSizes}, each q ≡ 1 (mod 2N), close to
     * 2^bits, distinct from each other and from {@code exclude}. Like Lattigo's alternating generator,
     * candidates are taken alternately just above and just below 2^bits (stepping by 2N), which keeps the
     * product of many primes close to the product of the powers of two. Primes never exceed
     * {@link Modulus#MAX_BITS} bits: for a 61-bit request only candidates below 2^61 are used.
     */
    public static long[] nttFriendlyPrimes(int logN, int[] bitSizes, Collection<Long> exclude) {
        long twoN = 2L << logN;
        Set<Long> used = new HashSet<>(exclude);
        long[] out = new long[bitSizes.length];
        // one alternating cursor per bit size so that repeated sizes continue where the last one stopped
        java.util.Map<Integer, long[]> cursors = new java.util.HashMap<>();
        for (int i = 0; i < bitSizes.length; i++) {
            int bits = bitSizes[i];
            if (bits < logN + 2 || bits > Modulus.MAX_BITS) {
                throw new IllegalArgumentException("prime bit size must be in [" + (logN + 2) + ", " + Modulus.MAX_BITS
                        + "] for logN " + logN + ", got " + bits);
            }
            long[] cursor = cursors.computeIfAbsent(bits, b -> new long[] {
                    (1L << b) + 1, // next candidate above (the power of two itself is never prime)
                    (1L << b) + 1 - twoN, // next candidate below
                    0}); // 0: take from above next, 1: from below
            out[i] = nextAlternating(cursor, bits, twoN, used);
            used.add(out[i]);
        }
        return out;
    }

    private static long nextAlternating(long[] cursor, int bits, long twoN, Set<Long> used) {
        long lowest = 1L << (bits - 1);
        long limit = 1L << Modulus.MAX_BITS;
        for (int guard = 0; guard < 1 << 24; guard++) {
            boolean upAllowed = cursor[0] < limit;
            boolean downAllowed = cursor[1] > lowest;
            if (!upAllowed && !downAllowed) {
                break;
            }
            boolean fromAbove = upAllowed && (cursor[2] == 0 || !downAllowed);
            long candidate;
            if (fromAbove) {
                candidate = cursor[0];
                cursor[0] += twoN;
            } else {
                candidate = cursor[1];
                cursor[1] -= twoN;
            }
            if (isPrime(candidate) && !used.contains(candidate)) {
                if (upAllowed && downAllowed) {
                    cursor[2] ^= 1; // alternate only when both directions remain open
                }
                return candidate;
            }
        }
        throw new IllegalStateException("ran out of " + bits + "-bit NTT-friendly primes for 2N = " + twoN);
    }

    /** The smallest primitive 2N-th root of unity mod q (q prime, q ≡ 1 mod 2N). */
    public static long smallestPrimitiveRoot2N(Modulus modulus, int n) {
        long q = modulus.value();
        long twoN = 2L * n;
        if ((q - 1) % twoN != 0) {
            throw new IllegalArgumentException(q + " is not 1 mod " + twoN);
        }
        // psi is a primitive 2N-th root iff psi^N = -1 (2N is a power of two)
        long exponent = (q - 1) / twoN;
        List<Long> roots = new ArrayList<>();
        for (long g = 2; g < q && roots.isEmpty(); g++) {
            long candidate = modulus.pow(g, exponent);
            if (modulus.pow(candidate, n) == q - 1) {
                roots.add(candidate);
            }
        }
        long root = roots.get(0);
        // all primitive 2N-th roots are root^k for odd k; pick the numerically smallest
        long best = root;
        long rootSquared = modulus.mul(root, root);
        long current = root;
        for (long k = 1; k < twoN; k += 2) {
            if (current < best) {
                best = current;
            }
            current = modulus.mul(current, rootSquared);
        }
        return best;
    }
}
