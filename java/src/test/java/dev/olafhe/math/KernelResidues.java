package dev.olafhe.math;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * Inputs of the vector kernel tests: primes at the top of each bit size and residues that are random with the edges
 * mixed in: 0, q − 1 and its neighbours, small values and, for the wide (&gt; 50-bit) moduli, values whose conversion
 * to double is a rounding tie.
 */
final class KernelResidues {
    private static final long TWO_N = 32;

    /**
     * Distinct NTT-friendly primes (= 1 mod 32) of exactly the given sizes, each the largest one not yet taken below
     * 2^bits: the top of each size, where the vector kernels' error bounds are tightest.
     */
    static Modulus[] primes(int... bits) {
        Set<Long> used = new HashSet<>();
        Modulus[] out = new Modulus[bits.length];
        for (int i = 0; i < bits.length; i++) {
            long q = (1L << bits[i]) - TWO_N + 1;
            while (!Primes.isPrime(q) || used.contains(q)) {
                q -= TWO_N;
            }
            used.add(q);
            out[i] = new Modulus(q);
        }
        return out;
    }

    /** A residue mod q: one of the edge kinds or uniform. */
    static long residue(long q, Random rnd) {
        switch (rnd.nextInt(8)) {
            case 0:
                return 0;
            case 1:
                return q - 1;
            case 2:
                return q - 1 - rnd.nextInt(3);
            case 3:
                return rnd.nextInt(3);
            case 4: { // low byte 0x80: a tie when a 61-bit value is rounded to double (53 bits)
                long tie = (rnd.nextLong(q) & ~0xFFL) | 0x80;
                return tie < q ? tie : q - 1;
            }
            default:
                return rnd.nextLong(q);
        }
    }

    static long[][] residues(int rows, int n, Modulus[] moduli, Random rnd) {
        long[][] r = new long[rows][n];
        for (int i = 0; i < rows; i++) {
            long q = moduli[Math.min(i, moduli.length - 1)].value();
            for (int c = 0; c < n; c++) {
                r[i][c] = residue(q, rnd);
            }
        }
        return r;
    }

    private KernelResidues() {
    }
}
