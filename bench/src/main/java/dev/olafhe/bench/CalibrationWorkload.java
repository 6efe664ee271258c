package dev.olafhe.bench;

import java.util.stream.IntStream;

/**
 * A fixed amount of 64-bit integer work (multiply, mix, reduce modulo a prime), split over the common fork-join
 * pool like the CPU backend's limbs: the quick suite times it beside the operations, as the measure of how fast
 * the machine ran at that moment. It uses none of the project's code, so a change to OLA-FHE cannot change it;
 * when another process takes the cores, it slows down with the operations, and the comparison corrects for that.
 */
final class CalibrationWorkload {
    private static final int CHUNKS = 16;
    private static final int STEPS = 1 << 15;
    private static final long PRIME = 0x1fffffffffffffffL; // 2^61 - 1

    private static volatile long sink;

    private CalibrationWorkload() {
    }

    static void run() {
        sink = IntStream.range(0, CHUNKS).parallel().mapToLong(CalibrationWorkload::chunk).reduce(0, Long::sum);
    }

    private static long chunk(int seed) {
        long x = seed + 1;
        long acc = 0;
        for (int i = 0; i < STEPS; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            long h = Math.multiplyHigh(x, x ^ (x >>> 29));
            acc = Long.remainderUnsigned(acc + (h ^ x), PRIME);
        }
        return acc;
    }
}
