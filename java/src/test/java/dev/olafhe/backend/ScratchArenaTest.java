package dev.olafhe.backend;

import dev.olafhe.backend.cpu.CpuBackend;
import dev.olafhe.math.Primes;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScratchArenaTest {
    @Test
    void reusesPolysPerPurposeAndShapeEvictsTheLeastRecentlyUsedAndFreesOnClose() {
        try (CpuBackend cpu = new CpuBackend(1)) {
            CountingBackend counter = new CountingBackend(cpu);
            long[] q = Primes.nttFriendlyPrimes(4, new int[] {30, 31, 32}, List.of());
            try (DeviceRing ring = cpu.createRing(4, q, new long[0])) {
                ScratchArena arena = new ScratchArena(counter.backend(), ring);
                counter.start();
                DevicePoly[] first = arena.polys("a", 2, 3, 0);
                assertSame(first[0], arena.polys("a", 1, 3, 0)[0], "same purpose and shape: the same poly");
                assertSame(first[1], arena.polys("a", 2, 3, 0)[1]);
                assertNotSame(first[0], arena.poly("b", 3, 0), "another purpose never shares");
                assertNotSame(first[0], arena.poly("a", 2, 0), "another shape is another poly");
                assertEquals(2, arena.poly("a", 2, 0).qCount());
                assertEquals(4, counter.stop().allocations(), "allocated once, reused after");
                for (int i = 0; i < ScratchArena.MAX_ENTRIES; i++) {
                    arena.poly("other" + i, 1, 0);
                }
                assertTrue(first[0].isClosed(), "the least recently used entry is freed beyond the limit");
                DevicePoly kept = arena.poly("other" + (ScratchArena.MAX_ENTRIES - 1), 1, 0);
                assertFalse(kept.isClosed());
                assertEquals(ScratchArena.MAX_ENTRIES, arena.heldPolys());
                arena.close();
                assertTrue(kept.isClosed());
                assertEquals(0, arena.heldPolys());
            }
        }
    }
}
