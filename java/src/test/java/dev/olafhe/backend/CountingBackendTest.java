package dev.olafhe.backend;

import dev.olafhe.backend.cpu.CpuBackend;
import dev.olafhe.math.Primes;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CountingBackendTest {
    private static final int LOG_N = 10;

    private static long[] moduli() {
        return Primes.nttFriendlyPrimes(LOG_N, new int[] {40, 40}, List.of());
    }

    @Test
    void countsCallsAndBytesOnlyWhileCounting() {
        try (CpuBackend cpu = new CpuBackend(1)) {
            CountingBackend b = new CountingBackend(cpu);
            try (DeviceRing ring = b.createRing(LOG_N, moduli(), new long[0]);
                 DevicePoly p = b.allocate(ring, 2, 0)) {
                b.ntt(p, p); // before start: not counted
                b.start();
                long[][] limbs = new long[2][1 << LOG_N];
                limbs[0][1] = 7;
                b.upload(limbs, p);
                b.ntt(p, p);
                b.ntt(p, p);
                b.intt(p, p);
                b.intt(p, p);
                try (DevicePoly q = b.allocate(ring, 1, 0)) {
                    b.copy(p, q);
                    assertArrayEquals(limbs[0], b.download(q)[0], "results are the inner backend's");
                }
                CountingBackend.Counts c = b.stop();
                assertEquals(Map.of("upload", 1L, "ntt", 2L, "intt", 2L, "allocate", 1L, "copy", 1L, "download", 1L),
                        c.calls());
                assertEquals(8, c.totalCalls());
                assertEquals(1, c.allocations());
                assertEquals(8L << LOG_N, c.allocatedBytes(), "one limb of N residues");
                assertEquals(2 * 8L << LOG_N, c.uploadBytes(), "two limbs up");
                assertEquals(8L << LOG_N, c.downloadBytes(), "one limb down");
                b.ntt(p, p); // after stop: not counted
                assertEquals(c, b.snapshot());
            }
        }
    }

    @Test
    void startResetsAndMinusGivesTheWorkInBetween() {
        try (CpuBackend cpu = new CpuBackend(1)) {
            CountingBackend b = new CountingBackend(cpu);
            try (DeviceRing ring = b.createRing(LOG_N, moduli(), new long[0]);
                 DevicePoly p = b.allocate(ring, 2, 0)) {
                b.start();
                b.ntt(p, p);
                b.download(p);
                CountingBackend.Counts before = b.snapshot();
                b.ntt(p, p);
                b.add(p, p, p);
                CountingBackend.Counts between = b.snapshot().minus(before);
                assertEquals(Map.of("ntt", 1L, "add", 1L), between.calls());
                assertEquals(0, between.downloadBytes());
                b.start();
                assertEquals(Map.of(), b.snapshot().calls());
                assertEquals(0, b.snapshot().downloadBytes());
            }
        }
    }
}
