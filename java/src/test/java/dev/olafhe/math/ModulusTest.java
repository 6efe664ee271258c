package dev.olafhe.math;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ModulusTest {
    private static final int SAMPLES = 20_000;

    private static Modulus modulusOfBits(int bits) {
        long q = Primes.nttFriendlyPrimes(10, new int[] {bits}, List.of())[0];
        return new Modulus(q);
    }

    /** mul (Barrett, the quotient as one unsigned high product) for every size, at both ends of it and between. */
    @Test
    void mulMatchesBigIntegerForEveryModulusSize() {
        Random rnd = new Random(5);
        for (int bits = 2; bits <= Modulus.MAX_BITS; bits++) {
            long low = Math.max(3, (1L << (bits - 1)) + 1);
            long high = (1L << bits) - 1;
            for (long q : new long[] {low, high, low + rnd.nextLong(high - low + 1)}) {
                Modulus m = new Modulus(q);
                BigInteger bq = BigInteger.valueOf(q);
                long[] edge = {0, 1, q - 1, q - 2, q / 2};
                for (int i = 0; i < 200; i++) {
                    long a = i < edge.length * edge.length ? edge[i % edge.length] : rnd.nextLong(q);
                    long b = i < edge.length * edge.length ? edge[i / edge.length] : rnd.nextLong(q);
                    assertEquals(BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).mod(bq).longValue(), m.mul(a, b),
                            "mul " + a + " " + b + " mod " + q);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}-bit modulus")
    @ValueSource(ints = {17, 30, 40, 45, 55, 60, 61})
    void arithmeticMatchesBigInteger(int bits) {
        Modulus m = modulusOfBits(bits);
        BigInteger q = BigInteger.valueOf(m.value());
        Random rnd = new Random(bits);
        long[] edge = {0, 1, m.value() - 1, m.value() - 2, m.value() / 2};
        for (int i = 0; i < SAMPLES; i++) {
            long a = i < edge.length ? edge[i] : rnd.nextLong(m.value());
            long b = i < edge.length ? edge[edge.length - 1 - i] : rnd.nextLong(m.value());
            BigInteger ba = BigInteger.valueOf(a);
            BigInteger bb = BigInteger.valueOf(b);
            assertEquals(ba.multiply(bb).mod(q).longValue(), m.mul(a, b), "mul " + a + " " + b);
            assertEquals(ba.add(bb).mod(q).longValue(), m.add(a, b));
            assertEquals(ba.subtract(bb).mod(q).longValue(), m.sub(a, b));
            assertEquals(ba.negate().mod(q).longValue(), m.neg(a));
            long shoup = m.shoup(b);
            assertEquals(BigInteger.valueOf(b).shiftLeft(64).divide(q).longValue(), shoup);
            assertEquals(ba.multiply(bb).mod(q).longValue(), m.mulShoup(a, b, shoup), "shoup " + a + " " + b);
            long big = rnd.nextLong() & Long.MAX_VALUE; // Shoup also accepts unreduced operands
            assertEquals(BigInteger.valueOf(big).multiply(bb).mod(q).longValue(), m.mulShoup(big, b, shoup));
            long signed = rnd.nextLong();
            assertEquals(BigInteger.valueOf(signed).mod(q).longValue(), m.reduce(signed));
        }
        long[] weights = m.wordWeights();
        assertEquals(BigInteger.ONE.shiftLeft(32).mod(q).longValue(), weights[0]);
        assertEquals(m.shoup(weights[0]), weights[1]);
        assertEquals(BigInteger.ONE.shiftLeft(64).mod(q).longValue(), weights[2]);
        assertEquals(m.shoup(weights[2]), weights[3]);
    }

    @ParameterizedTest(name = "{0}-bit modulus")
    @ValueSource(ints = {20, 45, 61})
    void inverseAndPower(int bits) {
        Modulus m = modulusOfBits(bits);
        BigInteger q = BigInteger.valueOf(m.value());
        Random rnd = new Random(bits);
        for (int i = 0; i < 200; i++) {
            long a = 1 + rnd.nextLong(m.value() - 1);
            long e = rnd.nextLong(1L << 40);
            assertEquals(BigInteger.valueOf(a).modInverse(q).longValue(), m.inverse(a));
            assertEquals(BigInteger.valueOf(a).modPow(BigInteger.valueOf(e), q).longValue(), m.pow(a, e));
        }
        assertThrows(ArithmeticException.class, () -> m.inverse(0));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(longs = {-1L, 0L, 2L, 1L << 61, Long.MAX_VALUE})
    void rejectsModuliOutsideRange(long q) {
        assertThrows(IllegalArgumentException.class, () -> new Modulus(q));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(longs = {0L, 1L, 5L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 0x8000_0000_0000_0001L})
    void unsignedMultiplyHighMatchesBigInteger(long a) {
        BigInteger mask = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        Random rnd = new Random(a);
        for (int i = 0; i < 100; i++) {
            long b = rnd.nextLong();
            BigInteger expected = new BigInteger(Long.toUnsignedString(a)).multiply(new BigInteger(Long.toUnsignedString(b)))
                    .shiftRight(64).and(mask);
            assertEquals(expected.longValue(), Modulus.unsignedMultiplyHigh(a, b));
            assertEquals(expected.longValue(), Modulus.emulatedUnsignedMultiplyHigh(a, b)); // the JDK 17 form
        }
        assertEquals(Runtime.version().feature() >= 18, Modulus.jdkUnsignedMultiplyHigh());
    }

    private static BigInteger unsigned128(long hi, long lo) {
        return new BigInteger(Long.toUnsignedString(hi)).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(lo)));
    }

    @ParameterizedTest(name = "{0}-bit modulus")
    @ValueSource(ints = {17, 30, 45, 60, 61})
    void reduceWideAndReduceUnsignedMatchBigInteger(int bits) {
        Modulus m = modulusOfBits(bits);
        BigInteger q = BigInteger.valueOf(m.value());
        Random rnd = new Random(bits);
        long[] edge = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, m.value(), m.value() - 1};
        for (int i = 0; i < SAMPLES; i++) {
            long hi = i < edge.length * edge.length ? edge[i / edge.length] : rnd.nextLong();
            long lo = i < edge.length * edge.length ? edge[i % edge.length] : rnd.nextLong();
            assertEquals(unsigned128(hi, lo).mod(q).longValue(), m.reduceWide(hi, lo), "reduceWide " + hi + " " + lo);
            assertEquals(unsigned128(0, lo).mod(q).longValue(), m.reduceUnsigned(lo), "reduceUnsigned " + lo);
        }
    }

    @ParameterizedTest(name = "{0}-bit modulus")
    @ValueSource(ints = {20, 61})
    void wideSumsOfProductsMatchBigInteger(int bits) {
        Modulus m = modulusOfBits(bits);
        BigInteger q = BigInteger.valueOf(m.value());
        Random rnd = new Random(bits);
        int len = 16;
        int terms = 2 * WideSums.MAX_TERMS + 5; // folds twice, as the kernels do past MAX_TERMS - 1 products
        long[] hi = new long[len];
        long[] lo = new long[len];
        long[] hiScaled = new long[len];
        long[] loScaled = new long[len];
        BigInteger[] expected = new BigInteger[len];
        BigInteger[] expectedScaled = new BigInteger[len];
        java.util.Arrays.fill(expected, BigInteger.ZERO);
        java.util.Arrays.fill(expectedScaled, BigInteger.ZERO);
        for (int t = 0; t < terms; t++) {
            if (t > 0 && t % (WideSums.MAX_TERMS - 1) == 0) {
                WideSums.fold(m, hi, lo, len);
                WideSums.fold(m, hiScaled, loScaled, len);
            }
            long[] x = new long[len + 3];
            long[] y = new long[len + 3];
            for (int k = 0; k < x.length; k++) {
                x[k] = t % 3 == 0 ? m.value() - 1 : rnd.nextLong(m.value());
                y[k] = t % 3 == 0 ? m.value() - 1 : rnd.nextLong(m.value());
            }
            long w = y[0];
            WideSums.addProducts(x, y, 3, hi, lo, len);
            WideSums.addScaled(x, 3, w, hiScaled, loScaled, len);
            for (int k = 0; k < len; k++) {
                expected[k] = expected[k].add(BigInteger.valueOf(x[k + 3]).multiply(BigInteger.valueOf(y[k + 3])));
                expectedScaled[k] = expectedScaled[k].add(BigInteger.valueOf(x[k + 3]).multiply(BigInteger.valueOf(w)));
            }
        }
        long[] out = new long[len + 2];
        long[] outScaled = new long[len + 2];
        WideSums.reduce(m, hi, lo, out, 2, len);
        WideSums.reduce(m, hiScaled, loScaled, outScaled, 2, len);
        for (int k = 0; k < len; k++) {
            assertEquals(expected[k].mod(q).longValue(), out[k + 2], "products, coefficient " + k);
            assertEquals(expectedScaled[k].mod(q).longValue(), outScaled[k + 2], "scaled, coefficient " + k);
        }
    }
}
