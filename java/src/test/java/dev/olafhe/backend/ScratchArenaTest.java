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
                for (int i = 0; i < ScratchArena.MIN_ENTRIES; i++) {
                    arena.poly("other" + i, 1, 0);
                }
                assertTrue(first[0].isClosed(), "the least recently used entry is freed beyond the limit");
                DevicePoly kept = arena.poly("other" + (ScratchArena.MIN_ENTRIES - 1), 1, 0);
                assertFalse(kept.isClosed());
                assertEquals(ScratchArena.MIN_ENTRIES, arena.heldPolys());
                assertEquals(ScratchArena.MIN_ENTRIES * 8L * 16, arena.heldBytes());
                arena.close();
                assertTrue(kept.isClosed());
                try (ScratchArena roomy = new ScratchArena(cpu, ring, 1 << 20)) {
                    DevicePoly old = roomy.poly("first", 3, 0);
                    for (int i = 0; i < 2 * ScratchArena.MIN_ENTRIES; i++) {
                        roomy.poly("other" + i, 1, 0);
                    }
                    assertFalse(old.isClosed(), "within the budget nothing is evicted");
                }
                assertEquals(0, arena.heldPolys());
            }
        }
    }
}
