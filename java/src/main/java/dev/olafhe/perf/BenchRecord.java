package dev.olafhe.perf;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One benchmark run as a record (format {@value #FORMAT}, version {@value #VERSION}; fields in
 * bench/ci/README.md): which suite ran, when, on which runner, machine, backend and software, with which
 * parameters, under which conditions (load, budget), and per metric the raw samples.
 *
 * @param suite       what ran: "quick" (the regression suite), "jmh", "ola-bench", "precision"
 * @param date        ISO-8601 time of the run (UTC), or the day when only that is known
 * @param runner      the name of the runner the record belongs to (its baseline and history), or null
 * @param source      for a converted record, the file it was converted from; null for a native record
 * @param parameters  what was measured (parameter set, model, sizes): records compare only when these agree
 * @param conditions  how it was measured (load averages, budget, rounds): shown, never compared
 * @param calibration the name of a metric that measures the machine's speed on a fixed workload outside the
 *                    project's code, by which noisy metrics are corrected when two records are compared; or null
 */
public record BenchRecord(String suite, String date, String runner, String source, Machine machine,
                          BackendInfo backend, Software software, Map<String, String> parameters,
                          Map<String, String> conditions, String calibration, List<Metric> metrics) {
    public static final String FORMAT = "olafhe-bench-record";
    public static final int VERSION = 1;

    /** The backend that ran the operations: its name ("cpu", "cuda") and description (threads, device). */
    public record BackendInfo(String name, String description) {
    }

    /** The software that ran: project version, git commit (null when unknown) and JDK. */
    public record Software(String version, String gitCommit, String jdk) {
        /** The first 10 characters of the commit, or "?" when unknown. */
        public String shortCommit() {
            return gitCommit == null ? "?" : gitCommit.substring(0, Math.min(10, gitCommit.length()));
        }
    }

    public BenchRecord {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        conditions = Collections.unmodifiableMap(new LinkedHashMap<>(conditions));
        metrics = List.copyOf(metrics);
        Set<String> names = new HashSet<>();
        for (Metric m : metrics) {
            if (!names.add(m.name())) {
                throw new IllegalArgumentException("metric " + m.name() + " appears twice in one record");
            }
        }
        if (calibration != null && !names.contains(calibration)) {
            throw new IllegalArgumentException("calibration metric " + calibration + " is not among the metrics");
        }
    }

    public Optional<Metric> metric(String name) {
        return metrics.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** The record with a runner name (the runner script names the record it stores as a baseline). */
    public BenchRecord withRunner(String runnerName) {
        return new BenchRecord(suite, date, runnerName, source, machine, backend, software, parameters, conditions,
                calibration, metrics);
    }
}
