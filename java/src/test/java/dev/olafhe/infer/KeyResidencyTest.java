package dev.olafhe.infer;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.cpu.CpuBackend;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyResidencyTest {
    private static final long GIB = 1L << 30;

    private static KeyResidency mode(String mode) {
        return new KeyResidency(mode);
    }

    /** A backend that only answers its name and memory capacity, like a GPU with {@code capacity} bytes. */
    private static Backend withMemory(long capacity) {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "name" -> "gpu-double";
                    case "memoryCapacityBytes" -> capacity;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void autoWeighsKeysAgainstTheMemoryOfTheBackendThatHoldsThem() {
        long keys = 21 * GIB; // logN 16 ResNet-20 keys, resident
        assertTrue(mode("auto").compact(keys, withMemory(24 * GIB)), "more than half of 24 GiB: compact");
        assertFalse(mode("auto").compact(keys, withMemory(139 * GIB)), "an H200 keeps them resident");
        String line = mode("auto").describe(keys, withMemory(139 * GIB));
        assertTrue(line.startsWith("resident") && line.contains("gpu-double memory 139.00 GiB"), line);
    }

    @Test
    void cpuBackendsMemoryIsTheHeap() {
        try (CpuBackend cpu = new CpuBackend()) {
            long heap = Runtime.getRuntime().maxMemory();
            assertEquals(heap, cpu.memoryCapacityBytes());
            assertTrue(mode("auto").compact(heap * 6 / 10, cpu));
            assertFalse(mode("auto").compact(heap * 4 / 10, cpu));
        }
    }

    @Test
    void explicitModesOverrideTheMemoryAndBadModesAreRefused() {
        assertTrue(mode("yes").compact(1, withMemory(139 * GIB)));
        assertFalse(mode("no").compact(100 * GIB, withMemory(GIB)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> mode("sometimes").compact(1, withMemory(GIB)));
        assertTrue(e.getMessage().contains("auto, yes or no"), e.getMessage());
    }
}
