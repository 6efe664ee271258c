package dev.olafhe.perf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test records and the committed results folder. */
final class Records {
    static final Machine MACHINE = new Machine("host-a", "Test CPU 9000", 2, 1L << 34, null, null);

    private Records() {
    }

    /** A quick-suite-like record of runner "r" with the given metrics and no calibration. */
    static BenchRecord of(String date, List<Metric> metrics) {
        return of(date, null, metrics);
    }

    static BenchRecord of(String date, String calibration, List<Metric> metrics) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("suite", "quick");
        params.put("logN", "13");
        Map<String, String> conditions = new LinkedHashMap<>();
        conditions.put("loadAverageStart", "0.50 0.40 0.30");
        return new BenchRecord("quick", date, "r", null, MACHINE, new BenchRecord.BackendInfo("cpu", "test backend"),
                new BenchRecord.Software("0.1.0-SNAPSHOT", "0123456789abcdef", "Test JDK 17"), params, conditions,
                calibration, metrics);
    }

    /** n samples spread evenly over [low, low * (1 + spread)]. */
    static double[] spread(int n, double low, double spread) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = low * (1 + spread * i / Math.max(1, n - 1));
        }
        return v;
    }

    static double[] times(double[] v, double factor) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= factor;
        }
        return out;
    }

    /** bench/results/ of this repository. */
    static Path results() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("bench/results"))) {
                return d.resolve("bench/results");
            }
        }
        throw new IllegalStateException("bench/results not found above " + Path.of("").toAbsolutePath());
    }
}
