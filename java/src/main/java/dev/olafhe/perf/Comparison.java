package dev.olafhe.perf;

import org.hipparchus.stat.inference.MannWhitneyUTest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Compares a candidate record with a baseline, metric by metric (matched by name). The rule:
 * <ul>
 *   <li>a deterministic metric (call counts, allocations, precision at fixed seeds) is compared exactly: any
 *       change is an improvement or a regression, by its better direction;</li>
 *   <li>a noisy metric regresses (or improves) only when both hold: its median moved in the worse (better)
 *       direction by more than the threshold (a slowdown factor above 1 + threshold), and a two-sided
 *       Mann-Whitney U test on the samples says the two runs differ (p below alpha). Either alone is noise: a
 *       large change in few samples, or a consistent but small shift;</li>
 *   <li>when both records carry the same calibration metric (a fixed workload outside the project's code, timed
 *       beside the others), a noisy metric is also read with the baseline scaled by how much slower the machine
 *       ran for the candidate, and a change counts only when it shows both as measured and so corrected: a busier
 *       machine is not read as slower code, nor a quieter one as faster code.</li>
 * </ul>
 * Records from different kinds of machine, backends, suites or parameters are refused unless allowed explicitly.
 */
public final class Comparison {
    public enum Verdict { IMPROVED, UNCHANGED, REGRESSED, ONLY_IN_BASELINE, ONLY_IN_CANDIDATE }

    /**
     * @param threshold                smallest relative change that counts (0.10: 10 % slower)
     * @param alpha                    significance level of the rank test
     * @param allowDifferentMachine    compare records from different machines or backends
     * @param allowDifferentParameters compare records of different suites or parameters
     * @param calibrate                correct noisy metrics by the records' calibration metric where both have it
     */
    public record Options(double threshold, double alpha, boolean allowDifferentMachine,
                          boolean allowDifferentParameters, boolean calibrate) {
        public Options {
            if (!(threshold >= 0) || !(alpha > 0 && alpha < 1)) {
                throw new IllegalArgumentException("threshold must be >= 0 and alpha in (0, 1), not " + threshold
                        + " and " + alpha);
            }
        }

        public static Options defaults() {
            return new Options(0.10, 0.01, false, false, true);
        }
    }

    /**
     * One metric of the comparison: medians as measured, the ratio candidate / baseline as measured and, for noisy
     * metrics of calibrated records, after the machine-speed correction (else NaN), the rank test's p-value (the
     * larger of the two readings; NaN for deterministic metrics) and the verdict, with a note on why.
     */
    public record Row(String metric, String unit, Better better, boolean deterministic, int baselineSamples,
                      int candidateSamples, double baseline, double candidate, double ratio, double calibratedRatio,
                      double pValue, Verdict verdict, String note) {
    }

    /**
     * @param speedFactor how much longer the calibration workload took for the candidate than for the baseline
     *                    (1 when not calibrated)
     * @param notes       what the reader should know: calibration, load, explicitly allowed differences
     */
    public record Result(BenchRecord baseline, BenchRecord candidate, Options options, double speedFactor,
                         List<String> notes, List<Row> rows) {
        public boolean regressed() {
            return count(Verdict.REGRESSED) > 0;
        }

        public long count(Verdict v) {
            return rows.stream().filter(r -> r.verdict() == v).count();
        }
    }

    private Comparison() {
    }

    public static Result compare(BenchRecord baseline, BenchRecord candidate, Options o) {
        List<String> notes = new ArrayList<>();
        checkComparable(baseline, candidate, o, notes);
        double speed = speedFactor(baseline, candidate, o, notes);
        List<Row> rows = new ArrayList<>();
        for (Metric b : baseline.metrics()) {
            if (b.name().equals(baseline.calibration())) {
                continue;
            }
            Optional<Metric> c = candidate.metric(b.name());
            rows.add(c.isPresent() ? compare(b, c.get(), speed, o) : missing(b, Verdict.ONLY_IN_BASELINE));
        }
        for (Metric c : candidate.metrics()) {
            if (baseline.metric(c.name()).isEmpty() && !c.name().equals(candidate.calibration())) {
                rows.add(missing(c, Verdict.ONLY_IN_CANDIDATE));
            }
        }
        for (BenchRecord r : List.of(baseline, candidate)) {
            String load = r.conditions().get("loadAverageStart");
            if (load != null) {
                notes.add((r == baseline ? "baseline" : "candidate") + " ran on " + r.machine().cores()
                        + " cores at load average " + load + " (1/5/15 min) at its start"
                        + (r.conditions().containsKey("loadAverageEnd")
                        ? ", " + r.conditions().get("loadAverageEnd") + " at its end" : ""));
            }
        }
        return new Result(baseline, candidate, o, speed, List.copyOf(notes), List.copyOf(rows));
    }

    private static void checkComparable(BenchRecord a, BenchRecord b, Options o, List<String> notes) {
        List<String> machine = new ArrayList<>(a.machine().differencesFrom(b.machine()));
        if (!Objects.equals(a.backend().name(), b.backend().name())) {
            machine.add("backend " + a.backend().name() + " vs " + b.backend().name());
        }
        List<String> params = new ArrayList<>();
        if (!Objects.equals(a.suite(), b.suite())) {
            params.add("suite " + a.suite() + " vs " + b.suite());
        }
        if (!a.parameters().equals(b.parameters())) {
            for (String k : union(a.parameters(), b.parameters())) {
                if (!Objects.equals(a.parameters().get(k), b.parameters().get(k))) {
                    params.add(k + " " + a.parameters().get(k) + " vs " + b.parameters().get(k));
                }
            }
        }
        refuseOrNote(machine, o.allowDifferentMachine(), "machine", "--allow-different-machine", notes);
        refuseOrNote(params, o.allowDifferentParameters(), "parameters", "--allow-different-parameters", notes);
    }

    private static List<String> union(Map<String, String> a, Map<String, String> b) {
        List<String> keys = new ArrayList<>(a.keySet());
        b.keySet().stream().filter(k -> !a.containsKey(k)).forEach(keys::add);
        return keys;
    }

    private static void refuseOrNote(List<String> differences, boolean allowed, String what, String flag,
                                     List<String> notes) {
        if (differences.isEmpty()) {
            return;
        }
        if (!allowed) {
            throw new IllegalArgumentException("the records differ in " + what + " (" + String.join("; ", differences)
                    + "); compare them only when told to (ola bench compare " + flag + ")");
        }
        notes.add("compared although the " + what + " differ, as asked: " + String.join("; ", differences));
    }

    private static double speedFactor(BenchRecord a, BenchRecord b, Options o, List<String> notes) {
        if (!o.calibrate() || a.calibration() == null || !a.calibration().equals(b.calibration())) {
            return 1;
        }
        double f = b.metric(b.calibration()).orElseThrow().median() / a.metric(a.calibration()).orElseThrow().median();
        notes.add(String.format(Locale.ROOT, "calibration: the fixed workload %s took %.3fx as long for the candidate "
                + "as for the baseline; noisy metrics count as changed only if they are both as measured and with the "
                + "baseline scaled by that factor", a.calibration(), f));
        return f;
    }

    private static Row missing(Metric m, Verdict v) {
        boolean base = v == Verdict.ONLY_IN_BASELINE;
        return new Row(m.name(), m.unit(), m.better(), m.deterministic(), base ? m.count() : 0, base ? 0 : m.count(),
                base ? m.median() : Double.NaN, base ? Double.NaN : m.median(), Double.NaN, Double.NaN, Double.NaN, v,
                base ? "not measured by the candidate" : "new in the candidate");
    }

    private static Row compare(Metric b, Metric c, double speed, Options o) {
        if (!b.unit().equals(c.unit()) || b.better() != c.better() || b.deterministic() != c.deterministic()) {
            throw new IllegalArgumentException("metric " + b.name() + " is " + b.unit() + "/" + b.better().json()
                    + " in the baseline but " + c.unit() + "/" + c.better().json() + " in the candidate");
        }
        return b.deterministic() ? exact(b, c) : noisy(b, c, speed, o);
    }

    private static Row exact(Metric b, Metric c) {
        double bm = b.median();
        double cm = c.median();
        Verdict v = bm == cm ? Verdict.UNCHANGED
                : (cm < bm) == (b.better() == Better.LOWER) ? Verdict.IMPROVED : Verdict.REGRESSED;
        return new Row(b.name(), b.unit(), b.better(), true, b.count(), c.count(), bm, cm, ratio(cm, bm), Double.NaN,
                Double.NaN, v, v == Verdict.UNCHANGED ? "deterministic: identical"
                        : "deterministic: any change counts");
    }

    /**
     * A noisy metric, read twice when the records are calibrated: as measured, and with the baseline scaled to the
     * candidate's machine speed. A change counts only when both readings show it beyond the threshold and both
     * rank tests are significant: the calibration workload follows the machine's speed only roughly, and neither
     * a busier nor a quieter machine should make a verdict on its own.
     */
    private static Row noisy(Metric b, Metric c, double speed, Options o) {
        Shift raw = Shift.of(b, c);
        Shift calibrated = speed == 1 ? raw : Shift.of(b.scaled(b.better() == Better.LOWER ? speed : 1 / speed), c);
        double worse = Math.min(raw.slowdown(), calibrated.slowdown());
        double better = Math.max(raw.slowdown(), calibrated.slowdown());
        double p = Math.max(raw.p(), calibrated.p());
        double limit = 1 + o.threshold();
        Verdict v = Verdict.UNCHANGED;
        String note;
        if (smallestP(b.count(), c.count()) >= o.alpha()) {
            note = String.format(Locale.ROOT, "too few samples (%d, %d) for a test at alpha %s", b.count(), c.count(),
                    o.alpha());
        } else if (worse > limit && p < o.alpha()) {
            v = Verdict.REGRESSED;
            note = "beyond the threshold and significant";
        } else if (better < 1 / limit && p < o.alpha()) {
            v = Verdict.IMPROVED;
            note = "beyond the threshold and significant";
        } else if (raw.slowdown() > limit != calibrated.slowdown() > limit
                || raw.slowdown() < 1 / limit != calibrated.slowdown() < 1 / limit) {
            note = "beyond the threshold only " + (Math.abs(Math.log(raw.slowdown())) > Math.abs(Math.log(
                    calibrated.slowdown())) ? "as measured" : "after the machine-speed correction");
        } else if (p < o.alpha()) {
            note = "significant but within the threshold";
        } else {
            note = Math.abs(raw.slowdown() - 1) > o.threshold() ? "beyond the threshold but not significant" : "";
        }
        return new Row(b.name(), b.unit(), b.better(), false, b.count(), c.count(), b.median(), c.median(),
                raw.ratio(), speed == 1 ? Double.NaN : calibrated.ratio(), p, v, note);
    }

    /**
     * Candidate against baseline: the ratio of medians, the slowdown factor (above 1: worse by that factor,
     * whichever direction is better) and the rank test's p-value.
     */
    private record Shift(double ratio, double slowdown, double p) {
        static Shift of(Metric b, Metric c) {
            double bm = b.median();
            double cm = c.median();
            double slowdown = bm == cm ? 1 : b.better() == Better.LOWER ? cm / bm : bm / cm;
            return new Shift(Comparison.ratio(cm, bm), slowdown, rankTestP(b.samples(), c.samples()));
        }
    }

    private static double ratio(double candidate, double baseline) {
        if (candidate == baseline) {
            return 1;
        }
        return baseline == 0 ? Double.NaN : candidate / baseline;
    }

    /** Two-sided Mann-Whitney U p-value (exact for small samples without ties); 1 when every value is equal. */
    static double rankTestP(double[] a, double[] b) {
        double p = new MannWhitneyUTest().mannWhitneyUTest(a, b);
        return Double.isNaN(p) ? 1 : p;
    }

    /** The smallest two-sided p-value the exact test can give for samples of n and m: 2 / C(n + m, n). */
    static double smallestP(int n, int m) {
        double c = 1;
        for (int i = 1; i <= Math.min(n, m); i++) {
            c = c * (n + m - Math.min(n, m) + i) / i;
        }
        return Math.min(1, 2 / c);
    }
}
