package dev.olafhe.backend.cpu;

import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/** Runs per-limb work on a private ForkJoinPool (inline when there is one limb or one thread). */
final class LimbParallel {
    private final ForkJoinPool pool;
    private final int threads;

    LimbParallel(int threads) {
        this.threads = threads;
        this.pool = new ForkJoinPool(threads);
    }

    int threads() {
        return threads;
    }

    /** Calls {@code body} for 0..count-1, in parallel, and returns when all are done. */
    void forEach(int count, IntConsumer body) {
        if (count == 1 || threads == 1) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
        } else {
            pool.submit(() -> IntStream.range(0, count).parallel().forEach(body)).join();
        }
    }

    /** Runs {@code task} inside the pool (so its own parallel streams use the pool's threads). */
    <T> T call(Callable<T> task) {
        return pool.submit(task).join();
    }

    void shutdown() {
        pool.shutdown();
    }
}
