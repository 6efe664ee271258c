package dev.olafhe.bench;

import dev.olafhe.perf.Better;
import dev.olafhe.perf.MetricCollector;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Times operations round-robin within a budget: after a warm-up (until the JIT compiler is quiet) it sizes the
 * batches (calls per sample, so that a sample lasts at least {@value #MIN_SAMPLE_MS} ms) and the number of rounds,
 * then takes one sample of every operation per round, starting each round at the next operation. A burst of load on
 * the machine then spreads over all operations instead of landing on one.
 */
final class RoundRobinSampler {
    static final int MIN_ROUNDS = 6;
    static final int MAX_ROUNDS = 30;
    static final double MIN_SAMPLE_MS = 25;

    /** One timed operation: one call's worth of work. */
    record Op(String name, Runnable body) {
    }

    private RoundRobinSampler() {
    }

    /**
     * Samples every operation within about {@code seconds} (at least {@value #MIN_ROUNDS} rounds, whatever the
     * budget); adds "time.&lt;name&gt;" metrics in ms per call (the calibration under its own name) and records the
     * sizing in {@code conditions}.
     */
    static void time(List<Op> ops, double seconds, MetricCollector metrics, Map<String, String> conditions) {
        long warmupStart = System.nanoTime();
        double[] msPerCall = warmUp(ops, Math.max(1, Math.min(10, 0.2 * seconds)), Math.max(1, 0.5 * seconds),
                conditions);
        double warmup = (System.nanoTime() - warmupStart) / 1e9;
        double remaining = Math.max(0, seconds - warmup) * 1000;
        double sampleMs = MIN_SAMPLE_MS;
        int rounds = Math.max(MIN_ROUNDS, Math.min(MAX_ROUNDS, (int) (remaining / roundMs(msPerCall, sampleMs))));
        if (rounds == MAX_ROUNDS) { // budget to spare: longer samples average more noise out
            sampleMs *= remaining / (MAX_ROUNDS * roundMs(msPerCall, sampleMs));
        }
        int[] batch = new int[ops.size()];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = (int) Math.max(1, Math.ceil(sampleMs / msPerCall[i]));
        }
        double[][] samples = new double[ops.size()][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < ops.size(); k++) {
                int i = (r + k) % ops.size();
                long t0 = System.nanoTime();
                for (int c = 0; c < batch[i]; c++) {
                    ops.get(i).body().run();
                }
                samples[i][r] = (System.nanoTime() - t0) / 1e6 / batch[i];
            }
        }
        for (int i = 0; i < ops.size(); i++) {
            String name = ops.get(i).name();
            for (double s : samples[i]) {
                metrics.add(name.equals(QuickRun.CALIBRATION) ? name : "time." + name, "ms", Better.LOWER, false, s);
            }
        }
        conditions.put("warmupSeconds", QuickRun.fmt(warmup));
        conditions.put("rounds", Integer.toString(rounds));
        conditions.put("targetSampleMs", QuickRun.fmt(sampleMs));
    }

    /**
     * Runs every operation round after round, each for a sample's length ({@value #MIN_SAMPLE_MS} ms, at least one
     * call), for at least {@code minSeconds} and until the JIT compiler has been quiet for a whole round (no
     * compilation time added), at most {@code maxSeconds}: on a busy machine the compiler threads get little CPU,
     * and code measured before they finish (the decoder's big-integer CRT ran at 100 ms a call for its first 50
     * calls, then at 8.5 ms) runs several times slower in one JVM than in the next. Returns ms per call from the
     * last third of the rounds.
     */
    private static double[] warmUp(List<Op> ops, double minSeconds, double maxSeconds, Map<String, String> conditions) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean watchJit = jit != null && jit.isCompilationTimeMonitoringSupported();
        long start = System.nanoTime();
        List<double[]> rounds = new ArrayList<>();
        boolean quiet = false;
        while (rounds.size() < 3 || !quiet) {
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (elapsed >= maxSeconds && rounds.size() >= 3) {
                break;
            }
            long compiling = watchJit ? jit.getTotalCompilationTime() : 0;
            double[] perCall = new double[ops.size()];
            for (int i = 0; i < ops.size(); i++) {
                // calls for a sample's length, as measured later: a cheap operation gets its many calls warm
                long t0 = System.nanoTime();
                int calls = 0;
                do {
                    ops.get(i).body().run();
                    calls++;
                } while (System.nanoTime() - t0 < MIN_SAMPLE_MS * 1e6);
                perCall[i] = (System.nanoTime() - t0) / 1e6 / calls;
            }
            rounds.add(perCall);
            quiet = elapsed >= minSeconds && (!watchJit || jit.getTotalCompilationTime() == compiling);
        }
        conditions.put("warmupJitQuiet", Boolean.toString(quiet));
        double[] ms = new double[ops.size()];
        List<double[]> last = rounds.subList(rounds.size() - Math.max(1, rounds.size() / 3), rounds.size());
        for (double[] r : last) {
            for (int i = 0; i < ms.length; i++) {
                ms[i] += r[i] / last.size();
            }
        }
        return ms;
    }

    private static double roundMs(double[] msPerCall, double sampleMs) {
        double sum = 0;
        for (double ms : msPerCall) {
            sum += Math.max(ms, sampleMs);
        }
        return sum;
    }
}
