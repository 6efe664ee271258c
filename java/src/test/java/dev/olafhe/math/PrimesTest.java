package dev.olafhe.math;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrimesTest {
    @Test
    void isPrimeAgreesWithBigInteger() {
        java.util.Random rnd = new java.util.Random(7);
        for (int i = 0; i < 3000; i++) {
            long n = i < 1000 ? i : rnd.nextLong() >>> rnd.nextInt(63);
            assertEquals(BigInteger.valueOf(n).isProbablePrime(64), Primes.isPrime(n), "n = " + n);
        }
        assertTrue(Primes.isPrime(2305843009213693951L)); // 2^61 - 1
        assertFalse(Primes.isPrime(3215031751L)); // strong pseudoprime to bases 2, 3, 5, 7
    }

    @ParameterizedTest(name = "logN={0}, {1} primes of {2} bits")
    @CsvSource({"10, 8, 40", "12, 6, 55", "16, 26, 45", "16, 4, 61", "13, 5, 30"})
    void nttFriendlyPrimesHaveTheRequiredProperties(int logN, int count, int bits) {
        int[] sizes = new int[count];
        Arrays.fill(sizes, bits);
        long[] primes = Primes.nttFriendlyPrimes(logN, sizes, List.of());
        long twoN = 2L << logN;
        Set<Long> distinct = Arrays.stream(primes).boxed().collect(Collectors.toSet());
        assertEquals(count, distinct.size(), "primes must be distinct");
        for (long q : primes) {
            assertTrue(Primes.isPrime(q), q + " is prime");
            assertEquals(1, q % twoN, q + " ≡ 1 mod 2N");
            assertTrue(64 - Long.numberOfLeadingZeros(q) <= Modulus.MAX_BITS, q + " has at most 61 bits");
            double distance = Math.abs(Math.log(q) / Math.log(2) - bits);
            assertTrue(distance < 0.01, q + " is close to 2^" + bits);
        }
        if (bits < Modulus.MAX_BITS && count >= 2) {
            // alternation: the first prime lies above 2^bits, the second below
            assertTrue(primes[0] > 1L << bits);
            assertTrue(primes[1] < 1L << bits);
        }
        if (bits == Modulus.MAX_BITS) {
            assertTrue(Arrays.stream(primes).allMatch(q -> q < 1L << 61));
        }
    }

    @Test
    void excludedPrimesAreSkipped() {
        long[] first = Primes.nttFriendlyPrimes(10, new int[] {40, 40}, List.of());
        long[] second = Primes.nttFriendlyPrimes(10, new int[] {40, 40}, List.of(first[0], first[1]));
        assertTrue(Arrays.stream(second).noneMatch(q -> q == first[0] || q == first[1]));
    }

    @Test
    void refusesOversizedPrimes() {
        assertThrows(IllegalArgumentException.class, () -> Primes.nttFriendlyPrimes(10, new int[] {62}, List.of()));
    }

    @ParameterizedTest(name = "logN={0}, {1} bits")
    @CsvSource({"4, 20", "10, 21", "12, 55"})
    void smallestPrimitiveRootIsSmallestAndPrimitive(int logN, int bits) {
        Modulus m = new Modulus(Primes.nttFriendlyPrimes(logN, new int[] {bits}, List.of())[0]);
        int n = 1 << logN;
        long psi = Primes.smallestPrimitiveRoot2N(m, n);
        assertEquals(m.value() - 1, m.pow(psi, n), "psi^N = -1");
        if (bits <= 21) { // brute force (only where psi is small enough to enumerate): no smaller integer is a primitive 2N-th root
            for (long x = 1; x < psi; x++) {
                assertTrue(m.pow(x, 2L * n) != 1 || m.pow(x, n) != m.value() - 1, x + " is not primitive");
            }
        }
    }
}
