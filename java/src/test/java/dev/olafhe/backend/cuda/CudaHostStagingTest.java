package dev.olafhe.backend.cuda;

import dev.olafhe.backend.DevicePoly;
import dev.olafhe.backend.DeviceRing;
import dev.olafhe.math.Primes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Uploads and downloads pass through the context's pinned staging buffer, which grows with the largest transfer:
 * round trips stay bit-exact across growth and reuse. A fresh backend per test, so the buffer starts empty.
 * Skipped (by assumption) without a usable GPU; runs on host-emulated kernels with {@code -Pemulated-device}.
 */
class CudaHostStagingTest {
    private static final int LOG_N = 10;
    private static final long[] Q = Primes.nttFriendlyPrimes(LOG_N, new int[] {50, 40, 61, 45, 55}, List.of());
    private static final long[] P = Primes.nttFriendlyPrimes(LOG_N, new int[] {61, 58}, Arrays.stream(Q).boxed().toList());

    private final Random random = new Random(7);
    private CudaBackend cuda;
    private DeviceRing ring;

    @BeforeEach
    void setUp() {
        cuda = CudaTests.backendOrSkip();
        ring = cuda.createRing(LOG_N, Q, P);
    }

    @AfterEach
    void tearDown() throws Exception {
        CudaTests.closeAll(ring, cuda);
    }

    private long[][] randomLimbs(int qCount, int pCount) {
        long[][] limbs = new long[qCount + pCount][1 << LOG_N];
        for (int l = 0; l < limbs.length; l++) {
            long modulus = l < qCount ? Q[l] : P[l - qCount];
            for (int i = 0; i < limbs[l].length; i++) {
                limbs[l][i] = random.nextLong(modulus);
            }
        }
        return limbs;
    }

    @Test
    void roundTripsStayBitExactWhileTheStagingBufferGrows() {
        long[][] small = randomLimbs(1, 0);
        long[][] larger = randomLimbs(3, 1);
        long[][] largest = randomLimbs(5, 2);
        try (DevicePoly s = cuda.allocate(ring, 1, 0); DevicePoly m = cuda.allocate(ring, 3, 1);
             DevicePoly l = cuda.allocate(ring, 5, 2)) {
            cuda.upload(small, s);
            assertArrayEquals(small, cuda.download(s));
            cuda.upload(larger, m); // grows the buffer
            assertArrayEquals(larger, cuda.download(m));
            cuda.upload(largest, l); // grows it again
            cuda.upload(small, s); // reuses it while the previous upload may still be queued
            assertArrayEquals(largest, cuda.download(l));
            assertArrayEquals(small, cuda.download(s));
            assertArrayEquals(larger, cuda.download(m), "untouched by the transfers of other polys");
        }
    }

    @Test
    void uploadHasTakenItsSourceWhenItReturns() {
        long[][] values = randomLimbs(5, 2);
        long[][] expected = Arrays.stream(values).map(long[]::clone).toArray(long[][]::new);
        try (DevicePoly poly = cuda.allocate(ring, 5, 2)) {
            cuda.upload(values, poly);
            for (long[] limb : values) {
                Arrays.fill(limb, 0);
            }
            assertArrayEquals(expected, cuda.download(poly));
        }
    }
}
