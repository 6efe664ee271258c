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

class PolyPoolTest {
    private static final long POLY_BYTES = 8L * 3 * 16; // 3 limbs of N = 16

    @Test
    void reusesFreedPolysOfTheSameShapeWithinItsBudgetAndClosesTheRest() {
        try (CpuBackend cpu = new CpuBackend(1)) {
            CountingBackend counter = new CountingBackend(cpu);
            long[] q = Primes.nttFriendlyPrimes(4, new int[] {30, 31, 32}, List.of());
            try (DeviceRing ring = cpu.createRing(4, q, new long[0])) {
                PolyPool pool = new PolyPool(counter.backend(), ring, 2 * POLY_BYTES);
                counter.start();
                DevicePoly first = pool.take(3, 0);
                DevicePoly second = pool.take(3, 0);
                pool.give(first);
                pool.give(first); // a second close of the same owner keeps it once
                assertEquals(1, pool.heldPolys());
                assertNotSame(first, pool.take(2, 0), "another shape is another poly");
                assertSame(first, pool.take(3, 0), "a freed poly of the shape comes back");
                assertEquals(3, counter.stop().allocations(), "the reused poly was not allocated again");
                DevicePoly third = pool.take(3, 0);
                pool.give(first);
                pool.give(second);
                pool.give(third);
                assertTrue(first.isClosed(), "beyond the budget the oldest freed poly is closed");
                assertFalse(second.isClosed());
                assertEquals(2 * POLY_BYTES, pool.heldBytes());
                assertSame(third, pool.take(3, 0), "the most recently freed comes first");
                pool.close();
                assertTrue(second.isClosed(), "closing frees the held polys");
                pool.give(third);
                assertTrue(third.isClosed(), "a poly given back after close is closed");
                assertEquals(0, pool.heldPolys());
            }
        }
    }

    @Test
    void scratchEvictedIntoAPoolServesItsNextRequests() {
        try (CpuBackend cpu = new CpuBackend(1)) {
            CountingBackend counter = new CountingBackend(cpu);
            long[] q = Primes.nttFriendlyPrimes(4, new int[] {30, 31, 32}, List.of());
            try (DeviceRing ring = cpu.createRing(4, q, new long[0]);
                 PolyPool pool = new PolyPool(counter.backend(), ring, 1 << 20);
                 ScratchArena arena = new ScratchArena(counter.backend(), ring, 0, pool)) {
                DevicePoly evicted = arena.poly("first", 3, 0);
                for (int i = 0; i < ScratchArena.MIN_ENTRIES; i++) {
                    arena.poly("other" + i, 1, 0);
                }
                assertFalse(evicted.isClosed(), "evicted scratch goes back to the pool, not freed");
                counter.start();
                assertSame(evicted, pool.take(3, 0));
                assertEquals(0, counter.stop().allocations());
            }
        }
    }
}
