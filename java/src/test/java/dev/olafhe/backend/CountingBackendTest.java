package dev.olafhe.backend;

import dev.olafhe.backend.cpu.CpuBackend;
import dev.olafhe.math.Primes;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CountingBackendTest {
    private static final int LOG_N = 10;

    private static long[] moduli() {
        return Primes.nttFriendlyPrimes(LOG_N, new int[] {40, 40}, List.of());
    }

    @Test
    void countsCallsAndBytesOnlyWhileCounting() {
        try (CpuBackend cpu = new CpuBackend(1)) {
            CountingBackend counter = new CountingBackend(cpu);
            Backend b = counter.backend();
            try (DeviceRing ring = b.createRing(LOG_N, moduli(), new long[0]);
                 DevicePoly p = b.allocate(ring, 2, 0)) {
                b.ntt(p, p); // before start: not counted
                counter.start();
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
                CountingBackend.Counts c = counter.stop();
                assertEquals(Map.of("upload", 1L, "ntt", 2L, "intt", 2L, "allocate", 1L, "copy", 1L, "download", 1L),
                        c.calls());
                assertEquals(8, c.totalCalls());
                assertEquals(1, c.allocations());
                assertEquals(8L << LOG_N, c.allocatedBytes(), "one limb of N residues");
                assertEquals(2 * 8L << LOG_N, c.uploadBytes(), "two limbs up");
                assertEquals(8L << LOG_N, c.downloadBytes(), "one limb down");
                b.ntt(p, p); // after stop: not counted
                assertEquals(c, counter.snapshot());
            }
        }
    }

    @Test
    void startResetsAndMinusGivesTheWorkInBetween() {
        try (CpuBackend cpu = new CpuBackend(1)) {
            CountingBackend counter = new CountingBackend(cpu);
            Backend b = counter.backend();
            try (DeviceRing ring = b.createRing(LOG_N, moduli(), new long[0]);
                 DevicePoly p = b.allocate(ring, 2, 0)) {
                counter.start();
                b.ntt(p, p);
                b.download(p);
                CountingBackend.Counts before = counter.snapshot();
                b.ntt(p, p);
                b.add(p, p, p);
                CountingBackend.Counts between = counter.snapshot().minus(before);
                assertEquals(Map.of("ntt", 1L, "add", 1L), between.calls());
                assertEquals(0, between.downloadBytes());
                counter.start();
                assertEquals(Map.of(), counter.snapshot().calls());
                assertEquals(0, counter.snapshot().downloadBytes());
            }
        }
    }

    /** Default methods reach the wrapped backend (not the interface's default) and count; Object's methods do not. */
    @Test
    void defaultMethodsAreDelegatedAndObjectMethodsAreNotCounted() {
        List<String> innerCalls = new ArrayList<>();
        Backend inner = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, method, args) -> {
                    innerCalls.add(method.getName());
                    return switch (method.getName()) {
                        case "memoryCapacityBytes" -> 12345L;
                        case "deviceTimeMillis" -> OptionalDouble.of(2);
                        default -> null;
                    };
                });
        CountingBackend counter = new CountingBackend(inner);
        Backend b = counter.backend();
        counter.start();
        b.synchronize();
        assertEquals(12345, b.memoryCapacityBytes());
        assertEquals(OptionalDouble.of(2), b.deviceTimeMillis(() -> { }));
        b.close();
        assertEquals(List.of("synchronize", "memoryCapacityBytes", "deviceTimeMillis", "close"), innerCalls);
        assertEquals(b, b);
        assertNotEquals(b, inner);
        assertEquals(System.identityHashCode(b), b.hashCode());
        assertTrue(b.toString().startsWith("counting "));
        assertEquals(Map.of("synchronize", 1L, "memoryCapacityBytes", 1L, "deviceTimeMillis", 1L, "close", 1L),
                counter.stop().calls());
    }

    @Test
    void aWholeOperationCountsAsOneCallWhoseCompositionRunsUncounted() {
        try (CpuBackend cpu = new CpuBackend(1)) {
            CountingBackend counter = new CountingBackend(cpu);
            Backend b = counter.backend();
            long[] q = Primes.nttFriendlyPrimes(LOG_N, new int[] {40, 40, 41}, List.of());
            long[] p = Primes.nttFriendlyPrimes(LOG_N, new int[] {50}, java.util.Arrays.stream(q).boxed().toList());
            try (DeviceRing ring = b.createRing(LOG_N, q, p); ScratchArena scratch = new ScratchArena(cpu, ring);
                 DevicePoly in = b.allocate(ring, 3, 0); DevicePoly out0 = b.allocate(ring, 3, 0);
                 DevicePoly out1 = b.allocate(ring, 3, 0); DevicePoly key = b.allocate(ring, 3, 1)) {
                DevicePoly[] keyHalf = {key, key};
                counter.start();
                b.keySwitch(in, 2, keyHalf, keyHalf, out0, out1, scratch);
                b.addParts(new DevicePoly[] {out0, out1}, new DevicePoly[] {out0, out1}, new DevicePoly[] {out0, out1});
                assertEquals(Map.of("keySwitch", 1L, "addParts", 1L), counter.stop().calls());
                CountingBackend expanding = new CountingBackend(cpu, true);
                expanding.start();
                expanding.backend().keySwitch(in, 2, keyHalf, keyHalf, out0, out1, scratch);
                assertEquals(Map.of("keySwitch", 1L, "decompose", 1L, "modUp", 2L, "innerProduct", 1L, "modDown", 2L),
                        expanding.stop().calls(), "the composition's primitives, counted");
            }
        }
    }
}
