package dev.olafhe.math;

import java.util.List;
import java.util.Random;

/**
 * Run in a child JVM by {@link VectorNttTest#otherVectorWidthIsBitIdenticalToo} with {@code -Dolafhe.math.vectorBits}:
 * the vector NTTs of that width against the scalar ones on a few sizes; prints the lane count, exits 1 on the first
 * difference (the species is a static constant, so one JVM tests one width).
 */
final class VectorNttWidthCheck {
    private VectorNttWidthCheck() {
    }

    public static void main(String[] args) {
        System.out.println("lanes=" + VectorNtt.LANES);
        Random rnd = new Random(7);
        int checked = 0;
        for (int logN = 5; logN <= 11; logN++) {
            for (int bits : new int[] {30, 45, 49, 55, 61}) {
                long q = Primes.nttFriendlyPrimes(logN, new int[] {bits}, List.of())[0];
                NttTables t = new NttTables(new Modulus(q), logN);
                String path = VectorNttTest.expectedImplementation(t.modulus(), logN);
                if (path.equals("scalar")) {
                    continue; // 51 to 61 bits before JDK 24: no vector path to check
                }
                if (!t.forwardImplementation().equals(path)) {
                    fail("no vector path for logN " + logN + ", " + bits + " bits: " + t.forwardImplementation());
                }
                long[] a = new long[t.n()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = i % 7 == 0 ? q - 1 : rnd.nextLong(q);
                }
                long[] expected = a.clone();
                long[] actual = a.clone();
                t.forwardScalar(expected);
                t.forward(actual);
                check(expected, actual, "forward", logN, bits);
                t.inverseScalar(expected);
                t.inverse(actual);
                check(expected, actual, "inverse", logN, bits);
                checked++;
            }
        }
        System.out.println("bit-identical (" + checked + " primes)");
    }

    private static void check(long[] expected, long[] actual, String what, int logN, int bits) {
        if (!java.util.Arrays.equals(expected, actual)) {
            fail(what + " NTT differs from the scalar one at logN " + logN + ", " + bits + " bits");
        }
    }

    private static void fail(String message) {
        System.out.println(message);
        System.exit(1);
    }
}
