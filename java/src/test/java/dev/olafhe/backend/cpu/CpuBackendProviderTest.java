package dev.olafhe.backend.cpu;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.Backends;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuBackendProviderTest {
    @Test
    void cpuProviderIsRegisteredAlwaysAvailableAndSelectableByName() {
        assertTrue(Backends.providers().stream().anyMatch(p -> p instanceof CpuBackendProvider),
                "listed in META-INF/services");
        Backends.Decision decision = Backends.decide("cpu");
        assertEquals("cpu", decision.chosen().name());
        assertEquals(0, decision.chosen().rank());
        assertTrue(decision.chosen().probe().available());
        try (Backend backend = decision.chosen().create()) {
            assertEquals("cpu", backend.name());
            assertTrue(backend.description().contains("threads"), backend.description());
        }
    }
}
