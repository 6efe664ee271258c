package dev.olafhe.bench;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.DevicePoly;
import dev.olafhe.backend.DeviceRing;
import dev.olafhe.backend.cpu.CpuBackend;
import dev.olafhe.math.Primes;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlowPrimitiveTest {
    private static long[] moduli() {
        return Primes.nttFriendlyPrimes(10, new int[] {40, 40}, java.util.List.of());
    }

    @Test
    void withoutADelayTheBackendIsTheTargetItself() {
        try (CpuBackend cpu = new CpuBackend(1)) {
            for (String none : new String[] {null, "", " "}) {
                SlowPrimitive s = SlowPrimitive.parse(cpu, none);
                assertSame(cpu, s.backend());
                assertNull(s.injectedDelay());
            }
        }
    }

    /** The fixture's delay is a lower bound on the named method's time, and the results are the target's. */
    @Test
    void delaysTheNamedPrimitive() {
        try (CpuBackend cpu = new CpuBackend(1)) {
            SlowPrimitive s = SlowPrimitive.parse(cpu, "ntt:30");
            assertEquals("ntt:30.0", s.injectedDelay());
            Backend b = s.backend();
            try (DeviceRing ring = b.createRing(10, moduli(), new long[0]);
                 DevicePoly p = b.allocate(ring, 2, 0)) {
                long[][] limbs = new long[2][1 << 10];
                limbs[1][3] = 5;
                b.upload(limbs, p);
                long t0 = System.nanoTime();
                b.ntt(p, p);
                assertTrue(System.nanoTime() - t0 >= 30_000_000L);
                b.intt(p, p);
                assertEquals(5, b.download(p)[1][3]);
            }
        }
    }

    @Test
    void refusesMalformedDelays() {
        try (CpuBackend cpu = new CpuBackend(1)) {
            for (String bad : new String[] {"ntt", "ntt:0", "ntt:x", "noSuchMethod:2", ":2"}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> SlowPrimitive.parse(cpu, bad), bad);
                assertTrue(e.getMessage().contains(SlowPrimitive.SLOW_PROPERTY), e.getMessage());
            }
        }
    }
}
