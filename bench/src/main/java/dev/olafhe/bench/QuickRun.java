package dev.olafhe.bench;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.Backends;
import dev.olafhe.backend.CountingBackend;
import dev.olafhe.cli.OlaVersion;
import dev.olafhe.perf.BenchRecord;
import dev.olafhe.perf.Better;
import dev.olafhe.perf.Machine;
import dev.olafhe.perf.MetricCollector;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One JVM's run of the quick suite. Per operation: its backend calls and allocations (one call, after one call to
 * warm caches), then its time per call as several samples taken round-robin ({@link RoundRobinSampler}); the
 * precision metrics first, from the fixture's fixed-seed ciphertexts. On the CPU backend the calibration workload
 * ({@link CalibrationWorkload}) is timed as one more operation and named as the record's calibration.
 */
final class QuickRun {
    /** Bumped when the operations or their parameters change: records of different versions do not compare. */
    static final String SUITE_VERSION = "1";
    static final String CALIBRATION = "calibration.reference";

    private QuickRun() {
    }

    static BenchRecord run(QuickSuite.Options o, String slowSpec) throws java.io.IOException {
        ParameterFile file = o.params() == null ? null : ParameterFile.read(o.params());
        long start = System.nanoTime();
        String date = Instant.now().toString();
        String loadStart = Machine.loadAverage();
        Backends.Decision decision = Backends.decide(Backends.requested());
        System.out.println("backend    : " + decision.chosen().name() + " — " + decision.why());
        // on the CPU the operations and the calibration share the cores; a GPU's speed is not the host's
        boolean calibrated = decision.chosen().name().equals("cpu");
        MetricCollector metrics = new MetricCollector();
        Map<String, String> conditions = new LinkedHashMap<>();
        Map<String, String> parameters = new LinkedHashMap<>();
        String description;
        try (Backend real = decision.chosen().create()) {
            description = real.description();
            SlowPrimitive slow = SlowPrimitive.parse(real, slowSpec);
            CountingBackend counting = new CountingBackend(slow.backend());
            try (QuickFixture f = new QuickFixture(file == null ? QuickFixture.literal(o.logN()) : file.literal(),
                    counting.backend())) {
                parameters.putAll(parameters(f));
                if (file != null) {
                    parameters.put("parameterFile", file.name());
                }
                f.precision(metrics);
                List<RoundRobinSampler.Op> ops = f.ops();
                countCalls(ops, counting, metrics);
                if (calibrated) {
                    ops.add(new RoundRobinSampler.Op(CALIBRATION, CalibrationWorkload::run));
                }
                double left = o.budgetSeconds() - (System.nanoTime() - start) / 1e9;
                RoundRobinSampler.time(ops, left, metrics, conditions);
            }
            if (slow.injectedDelay() != null) {
                conditions.put("injectedDelay", slow.injectedDelay() + " ms per call (test fixture "
                        + SlowPrimitive.SLOW_PROPERTY + ": a deliberately slower primitive)");
            }
        }
        conditions.put("budgetSeconds", fmt(o.budgetSeconds()));
        conditions.put("elapsedSeconds", fmt((System.nanoTime() - start) / 1e9));
        conditions.put("loadAverageStart", loadStart);
        conditions.put("loadAverageEnd", Machine.loadAverage());
        return new BenchRecord("quick", date, o.runner(), null, Machine.detect(),
                new BenchRecord.BackendInfo(decision.chosen().name(), description),
                new BenchRecord.Software(OlaVersion.get(), o.commit(), System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.version")), parameters, conditions,
                calibrated ? CALIBRATION : null, metrics.metrics());
    }

    private static Map<String, String> parameters(QuickFixture f) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("suite", "quick");
        p.put("suiteVersion", SUITE_VERSION);
        p.put("ckks", f.params.toString());
        p.put("polynomial", "sigmoid(4x) on [-1, 1], Chebyshev interpolant of degree "
                + QuickFixture.POLYNOMIAL_DEGREE);
        p.put("rotations", "step 1; hoisted: steps 1.." + QuickFixture.HOISTED);
        return p;
    }

    /** Backend calls and allocations of one call of each operation, after one call to warm caches. */
    private static void countCalls(List<RoundRobinSampler.Op> ops, CountingBackend counting,
                                   MetricCollector metrics) {
        for (RoundRobinSampler.Op op : ops) {
            op.body().run();
            counting.start();
            op.body().run();
            CountingBackend.Counts counts = counting.stop();
            metrics.add("calls." + op.name(), "calls", Better.LOWER, true, counts.totalCalls());
            metrics.add("allocations." + op.name(), "allocations", Better.LOWER, true, counts.allocations());
        }
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
