package dev.olafhe.math;

import com.sun.management.ThreadMXBean;

import java.lang.management.ManagementFactory;

/**
 * The bytes a piece of vector code allocates once C2 has compiled it: a kernel past C2's inlining budget leaves a
 * helper out of line and boxes every vector that crosses it. Compilation is asynchronous, so the work is repeated until
 * one round allocates nothing, for at most a minute.
 */
final class Allocations {
    private Allocations() {
    }

    /** Whether this JVM counts allocated bytes per thread (HotSpot does). */
    static boolean measurable() {
        return ManagementFactory.getThreadMXBean() instanceof ThreadMXBean;
    }

    /**
     * The bytes allocated by 100 runs of {@code work} after warming up, repeated until they are at most
     * {@code expected} (what the work allocates by design, 0 for a kernel) or a minute has passed.
     */
    static long onceCompiled(long expected, Runnable work) {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long deadline = System.nanoTime() + 60_000_000_000L;
        long allocated;
        do {
            for (int i = 0; i < 2_000; i++) {
                work.run();
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100; i++) {
                work.run();
            }
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
        } while (allocated > expected && System.nanoTime() < deadline);
        return allocated;
    }
}
