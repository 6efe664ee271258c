package dev.olafhe.bench;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.DevicePoly;
import dev.olafhe.backend.DeviceRing;
import dev.olafhe.backend.cpu.CpuBackend;
import dev.olafhe.math.Primes;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InstrumentedBackendTest {
    private static long[] moduli() {
        return Primes.nttFriendlyPrimes(10, new int[] {40, 40}, java.util.List.of());
    }

    @Test
    void countsCallsOnlyWhileCounting() {
        try (CpuBackend cpu = new CpuBackend(1)) {
            InstrumentedBackend i = InstrumentedBackend.wrap(cpu, null);
            Backend b = i.backend();
            try (DeviceRing ring = b.createRing(10, moduli(), new long[0])) {
                DevicePoly p = b.allocate(ring, 2, 0);
                i.startCounting();
                b.ntt(p, p);
                b.ntt(p, p);
                b.intt(p, p);
                DevicePoly q = b.allocate(ring, 2, 0);
                Map<String, Long> calls = i.stopCounting();
                assertEquals(Map.of("ntt", 2L, "intt", 1L, "allocate", 1L), calls);
                b.ntt(p, p); // not counted
                assertEquals(calls, i.stopCounting());
                p.close();
                q.close();
            }
            assertNull(i.injectedDelay());
        }
    }

    /** The fixture's delay is a lower bound on the named method's time, and only on that method. */
    @Test
    void delaysTheNamedPrimitive() {
        try (CpuBackend cpu = new CpuBackend(1)) {
            InstrumentedBackend i = InstrumentedBackend.wrap(cpu, "ntt:30");
            assertEquals("ntt:30.0", i.injectedDelay());
            Backend b = i.backend();
            try (DeviceRing ring = b.createRing(10, moduli(), new long[0]);
                 DevicePoly p = b.allocate(ring, 2, 0)) {
                long t0 = System.nanoTime();
                b.ntt(p, p);
                assertTrue(System.nanoTime() - t0 >= 30_000_000L);
            }
        }
    }

    @Test
    void refusesMalformedDelays() {
        try (CpuBackend cpu = new CpuBackend(1)) {
            for (String bad : new String[] {"ntt", "ntt:0", "ntt:x", "noSuchMethod:2", ":2"}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> InstrumentedBackend.wrap(cpu, bad), bad);
                assertTrue(e.getMessage().contains(InstrumentedBackend.SLOW_PROPERTY), e.getMessage());
            }
        }
    }
}
