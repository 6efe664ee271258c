package dev.olafhe.bench;

import dev.olafhe.perf.Better;
import dev.olafhe.perf.MetricCollector;

import java.util.List;
import java.util.Map;

/**
 * Times operations round-robin within a budget: after a warm-up it sizes the batches (calls per sample, so that a
 * sample lasts at least {@value #MIN_SAMPLE_MS} ms) and the number of rounds, then takes one sample of every
 * operation per round, starting each round at the next operation. A burst of load on the machine then spreads
 * over all operations instead of landing on one.
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
        double warmup = Math.max(1, Math.min(10, 0.2 * seconds));
        double[] msPerCall = warmUp(ops, warmup);
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

    /** Runs every operation repeatedly for about {@code seconds} (at least 3 calls each); ms per call. */
    private static double[] warmUp(List<Op> ops, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        int[] calls = new int[ops.size()];
        long[] nanos = new long[ops.size()];
        for (int pass = 0; pass < 3 || System.nanoTime() < deadline; pass++) {
            for (int i = 0; i < ops.size(); i++) {
                long t0 = System.nanoTime();
                ops.get(i).body().run();
                if (pass >= 1) { // the first call pays for class loading and caches
                    nanos[i] += System.nanoTime() - t0;
                    calls[i]++;
                }
            }
        }
        double[] ms = new double[ops.size()];
        for (int i = 0; i < ms.length; i++) {
            ms[i] = nanos[i] / 1e6 / calls[i];
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
