package dev.olafhe.backend.cpu;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Recycles limb arrays (long[N]) of one ring. At logN 16 a key switch touches hundreds of 512 KiB arrays;
 * left to the garbage collector they cause long evacuation pauses (measured: 0.6-0.8 s young pauses with
 * G1 while keys are live), so closed polys and scratch buffers come back here instead. Thread-safe; the
 * pool holds at most {@code maxArrays} arrays and drops the rest.
 */
final class LimbPool {
    private final int n;
    private final int maxArrays;
    private final ConcurrentLinkedDeque<long[]> free = new ConcurrentLinkedDeque<>();
    private final AtomicInteger size = new AtomicInteger();

    LimbPool(int n, long maxBytes) {
        this.n = n;
        this.maxArrays = (int) Math.max(16, Math.min(Integer.MAX_VALUE, maxBytes / (8L * n)));
    }

    /** An array of length N with unspecified contents. */
    long[] take() {
        long[] a = free.pollFirst();
        if (a == null) {
            return new long[n];
        }
        size.decrementAndGet();
        return a;
    }

    /** An array of length N filled with zeros. */
    long[] takeZeroed() {
        long[] a = free.pollFirst();
        if (a == null) {
            return new long[n];
        }
        size.decrementAndGet();
        Arrays.fill(a, 0);
        return a;
    }

    void give(long[] a) {
        if (a.length != n) {
            throw new IllegalArgumentException("array of length " + a.length + " returned to a pool for N = " + n);
        }
        if (size.incrementAndGet() <= maxArrays) {
            free.addFirst(a);
        } else {
            size.decrementAndGet();
        }
    }

    void clear() {
        free.clear();
        size.set(0);
    }
}
