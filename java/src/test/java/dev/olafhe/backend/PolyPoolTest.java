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

    /** The CPU backend as a backend without views would be: the pool then matches exact shapes. */
    private static Backend withoutViews(CpuBackend cpu) {
        return (Backend) java.lang.reflect.Proxy.newProxyInstance(Backend.class.getClassLoader(),
                new Class<?>[] {Backend.class}, (proxy, method, args) -> {
                    if (method.getName().equals("views")) {
                        return null;
                    }
                    try {
                        return method.invoke(cpu, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void reusesFreedPolysOfTheSameShapeWithinItsBudgetAndClosesTheRest() {
        try (CpuBackend cpu = new CpuBackend(1)) {
            CountingBackend counter = new CountingBackend(withoutViews(cpu));
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
    @Test
    void servesASmallerShapeFromAFreedBufferThroughAViewKeptWithIt() {
        try (CpuBackend cpu = new CpuBackend(1)) {
            CountingBackend counter = new CountingBackend(cpu);
            long[] q = Primes.nttFriendlyPrimes(4, new int[] {30, 31, 32}, List.of());
            try (DeviceRing ring = cpu.createRing(4, q, new long[0]);
                 PolyPool pool = new PolyPool(counter.backend(), ring, 4 * POLY_BYTES)) {
                counter.start();
                DevicePoly buffer = pool.take(3, 0);
                pool.give(buffer);
                assertSame(buffer, pool.take(3, 0), "its own shape needs no view");
                pool.give(buffer);
                CountingBackend.Counts ownShape = counter.stop();
                assertEquals(1, ownShape.allocations(), "the freed buffer serves its own shape again");
                assertEquals(0, ownShape.calls("views"), "no views before the buffer serves another shape");
                counter.start();
                DevicePoly smaller = pool.take(2, 0);
                assertNotSame(buffer, smaller);
                assertEquals(2, smaller.qCount());
                assertEquals(3, pool.capacityLimbs(smaller), "the memory behind it is the buffer's");
                long[][] values = {new long[16], new long[16]};
                values[0][5] = 7;
                values[1][9] = 11;
                cpu.upload(values, smaller);
                long[][] seen = cpu.download(buffer);
                assertEquals(7, seen[0][5], "the view writes the buffer's limbs");
                assertEquals(11, seen[1][9]);
                pool.give(smaller);
                assertEquals(POLY_BYTES, pool.heldBytes(), "the pool counts the buffer's capacity");
                assertSame(smaller, pool.take(2, 0), "the view is kept with its buffer");
                pool.give(smaller);
                assertSame(buffer, pool.take(3, 0), "the buffer serves its own shape again");
                CountingBackend.Counts counts = counter.stop();
                assertEquals(0, counts.allocations());
                assertEquals(1, counts.calls("views"), "the views are made when the buffer first serves another shape,"
                        + " all in one call, and kept with it");
                assertEquals(1, counts.totalCalls());
                assertFalse(buffer.isClosed());
                pool.give(smaller); // a stale second give of a view whose buffer is taken under another handle
                assertEquals(0, pool.heldPolys(), "a buffer in use is never free");
                pool.give(buffer);
                pool.give(buffer);
                pool.give(smaller);
                assertEquals(1, pool.heldPolys(), "second gives of its handles keep the buffer once");
            }
        }
    }

    @Test
    void bestFitIsTheSmallestFreeBufferThatHoldsTheRequest() {
        try (CpuBackend cpu = new CpuBackend(1)) {
            long[] q = Primes.nttFriendlyPrimes(4, new int[] {30, 31, 32, 33}, List.of());
            try (DeviceRing ring = cpu.createRing(4, q, new long[0]);
                 PolyPool pool = new PolyPool(cpu, ring, 1 << 20)) {
                DevicePoly four = pool.take(4, 0);
                DevicePoly three = pool.take(3, 0);
                DevicePoly two = pool.take(2, 0);
                pool.give(three);
                pool.give(two);
                pool.give(four);
                assertEquals(3, pool.capacityLimbs(pool.take(3, 0)), "the exact fit before a larger buffer");
                assertEquals(2, pool.capacityLimbs(pool.take(2, 0)));
                assertEquals(4, pool.capacityLimbs(pool.take(2, 0)), "then the smallest within three times the request");
                DevicePoly one = pool.take(1, 0);
                assertEquals(1, pool.capacityLimbs(one), "nothing free: a new poly of the request's shape");
            }
        }
    }

    @Test
    void aBackendWithoutViewsGetsExactShapesOnly() {
        try (CpuBackend cpu = new CpuBackend(1)) {
            CountingBackend counter = new CountingBackend(withoutViews(cpu));
            long[] q = Primes.nttFriendlyPrimes(4, new int[] {30, 31, 32}, List.of());
            try (DeviceRing ring = cpu.createRing(4, q, new long[0]);
                 PolyPool pool = new PolyPool(counter.backend(), ring, 4 * POLY_BYTES)) {
                DevicePoly first = pool.take(3, 0);
                pool.give(first);
                counter.start();
                DevicePoly smaller = pool.take(2, 0);
                assertEquals(2, smaller.limbCount());
                assertEquals(2, pool.capacityLimbs(smaller));
                pool.give(smaller);
                assertSame(first, pool.take(3, 0));
                assertSame(smaller, pool.take(2, 0));
                assertEquals(1, counter.stop().allocations(), "the refused views made it an allocation");
            }
        }
    }
}
