package dev.olafhe.backend;

import dev.olafhe.backend.cpu.CpuBackend;
import dev.olafhe.math.Primes;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Backend#deviceTimeMillis} through the SPI alone: the work runs once, and the result is empty on the CPU
 * backend and a non-negative time on a backend with a device clock. Runs on the backend named by
 * {@code -Dolafhe.test.backend} (default cpu; e.g. cuda with {@code -Pemulated-device}).
 */
class BackendDeviceTimeTest {
    @Test
    void runsTheWorkOnceAndReportsTheDeviceTimeWhenThereIsADeviceClock() {
        String name = System.getProperty("olafhe.test.backend", "cpu");
        try (Backend backend = Backends.decide(name).chosen().create();
             DeviceRing ring = backend.createRing(6, Primes.nttFriendlyPrimes(6, new int[] {40}, List.of()), new long[0]);
             DevicePoly a = backend.allocate(ring, 1, 0)) {
            int[] runs = new int[1];
            OptionalDouble millis = backend.deviceTimeMillis(() -> {
                runs[0]++;
                backend.ntt(a, a);
            });
            assertEquals(1, runs[0]);
            if (backend instanceof CpuBackend) {
                assertFalse(millis.isPresent(), "the CPU backend has no device clock");
            } else {
                assertTrue(millis.orElseThrow() >= 0, millis.toString());
            }
        }
    }
}
