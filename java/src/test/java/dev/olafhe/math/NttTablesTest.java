package dev.olafhe.math;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class NttTablesTest {
    private static NttTables tables(int logN, int bits) {
        return new NttTables(new Modulus(Primes.nttFriendlyPrimes(logN, new int[] {bits}, List.of())[0]), logN);
    }

    private static long[] random(Random rnd, int n, long q) {
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = rnd.nextLong(q);
        }
        return a;
    }

    @ParameterizedTest(name = "logN={0}, {1}-bit q")
    @CsvSource({"1, 20", "4, 30", "10, 40", "12, 61", "13, 55"})
    void roundTrip(int logN, int bits) {
        NttTables t = tables(logN, bits);
        long[] a = random(new Random(logN), t.n(), t.modulus().value());
        long[] b = a.clone();
        t.forward(b);
        for (long v : b) {
            assert v >= 0 && v < t.modulus().value();
        }
        t.inverse(b);
        assertArrayEquals(a, b);
    }

    @ParameterizedTest(name = "logN={0}, {1}-bit q")
    @CsvSource({"3, 20", "6, 45", "9, 61"})
    void productIsNegacyclicConvolution(int logN, int bits) {
        NttTables t = tables(logN, bits);
        Modulus m = t.modulus();
        int n = t.n();
        Random rnd = new Random(bits);
        long[] a = random(rnd, n, m.value());
        long[] b = random(rnd, n, m.value());
        long[] expected = new long[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                long p = m.mul(a[i], b[j]);
                int k = i + j;
                if (k < n) {
                    expected[k] = m.add(expected[k], p);
                } else {
                    expected[k - n] = m.sub(expected[k - n], p); // X^N = -1
                }
            }
        }
        long[] fa = a.clone();
        long[] fb = b.clone();
        t.forward(fa);
        t.forward(fb);
        for (int i = 0; i < n; i++) {
            fa[i] = m.mul(fa[i], fb[i]);
        }
        t.inverse(fa);
        assertArrayEquals(expected, fa);
    }

    @ParameterizedTest(name = "logN={0}")
    @CsvSource({"2", "5", "8"})
    void outputSlotKEvaluatesAtPsiToTwoBitrevKPlusOne(int logN) {
        NttTables t = tables(logN, 40);
        Modulus m = t.modulus();
        long[] a = random(new Random(logN), t.n(), m.value());
        long[] f = a.clone();
        t.forward(f);
        for (int k = 0; k < t.n(); k++) {
            long x = m.pow(t.psi(), 2L * NttTables.bitReverse(k, logN) + 1);
            long value = 0;
            for (int i = t.n() - 1; i >= 0; i--) {
                value = m.add(m.mul(value, x), a[i]);
            }
            assertEquals(value, f[k], "slot " + k);
        }
    }

    /** Lazy butterflies keep values below 4q: inputs at the top of [0, q) with a 61-bit q exercise that head room. */
    @ParameterizedTest(name = "logN={0}")
    @CsvSource({"1", "2", "3", "4", "7"})
    void extremeInputsMatchDirectEvaluationAndRoundTrip(int logN) {
        NttTables t = tables(logN, 61);
        Modulus m = t.modulus();
        long[] a = new long[t.n()];
        Random rnd = new Random(logN);
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextBoolean() ? m.value() - 1 : m.value() - 1 - rnd.nextInt(3);
        }
        long[] f = a.clone();
        t.forward(f);
        for (int k = 0; k < t.n(); k++) {
            long x = m.pow(t.psi(), 2L * NttTables.bitReverse(k, logN) + 1);
            long value = 0;
            for (int i = t.n() - 1; i >= 0; i--) {
                value = m.add(m.mul(value, x), a[i]);
            }
            assertEquals(value, f[k], "slot " + k);
        }
        t.inverse(f);
        assertArrayEquals(a, f);
    }
}
