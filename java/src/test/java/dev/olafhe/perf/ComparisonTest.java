package dev.olafhe.perf;

import com.google.gson.JsonParser;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComparisonTest {
    private static final Comparison.Options DEFAULTS = Comparison.Options.defaults();

    private static Comparison.Row row(Comparison.Result r, String metric) {
        return r.rows().stream().filter(x -> x.metric().equals(metric)).findFirst().orElseThrow();
    }

    private static Comparison.Result compare(List<Metric> base, List<Metric> cand) {
        return Comparison.compare(Records.of("2026-12-01", base), Records.of("2026-12-02", cand), DEFAULTS);
    }

    @Test
    void aRecordAgainstItselfHasNoRegression() {
        BenchRecord r = Records.of("d", List.of(Metric.timed("t", "ms", Records.spread(10, 5, 0.3)),
                Metric.exact("calls", "calls", Better.LOWER, 21)));
        Comparison.Result c = Comparison.compare(r, r, DEFAULTS);
        assertFalse(c.regressed());
        assertEquals(2, c.count(Comparison.Verdict.UNCHANGED));
        assertEquals(1.0, row(c, "t").pValue(), 1e-12);
    }

    @Test
    void aSlowerMetricWithEnoughSamplesRegresses() {
        double[] base = Records.spread(8, 10, 0.2);
        Comparison.Result c = compare(List.of(Metric.timed("t", "ms", base)),
                List.of(Metric.timed("t", "ms", Records.times(base, 2))));
        Comparison.Row t = row(c, "t");
        assertEquals(Comparison.Verdict.REGRESSED, t.verdict());
        assertEquals(2.0, t.ratio(), 1e-12);
        assertTrue(t.pValue() < 0.001, "p " + t.pValue());
        assertTrue(c.regressed());
    }

    @Test
    void aSmallConsistentShiftIsWithinTheThreshold() {
        double[] base = Records.spread(10, 10, 0.01);
        Comparison.Row t = row(compare(List.of(Metric.timed("t", "ms", base)),
                List.of(Metric.timed("t", "ms", Records.times(base, 1.05)))), "t");
        assertEquals(Comparison.Verdict.UNCHANGED, t.verdict());
        assertTrue(t.pValue() < 0.01);
        assertEquals("significant but within the threshold", t.note());
    }

    @Test
    void aLargeChangeInTooFewSamplesIsNotAVerdict() {
        Comparison.Row t = row(compare(List.of(Metric.timed("t", "ms", new double[] {1, 1.1})),
                List.of(Metric.timed("t", "ms", new double[] {3, 3.3}))), "t");
        assertEquals(Comparison.Verdict.UNCHANGED, t.verdict());
        assertTrue(t.note().startsWith("too few samples"), t.note());
        assertEquals(2.0 / 924, Comparison.smallestP(6, 6), 1e-15);
        assertEquals(1.0, Comparison.smallestP(1, 1), 0);
    }

    @Test
    void deterministicMetricsCompareExactly() {
        Comparison.Result c = compare(List.of(Metric.exact("calls", "calls", Better.LOWER, 21),
                        Metric.exact("bits", "bits", Better.HIGHER, 30.5), Metric.exact("lost", "bits", Better.HIGHER, 20),
                        Metric.exact("same", "bits", Better.HIGHER, 12.25)),
                List.of(Metric.exact("calls", "calls", Better.LOWER, 22), Metric.exact("bits", "bits", Better.HIGHER, 30.6),
                        Metric.exact("lost", "bits", Better.HIGHER, 19.999), Metric.exact("same", "bits", Better.HIGHER,
                                12.25)));
        assertEquals(Comparison.Verdict.REGRESSED, row(c, "calls").verdict()); // one more call: no threshold
        assertEquals(Comparison.Verdict.IMPROVED, row(c, "bits").verdict());
        assertEquals(Comparison.Verdict.REGRESSED, row(c, "lost").verdict());
        assertEquals(Comparison.Verdict.UNCHANGED, row(c, "same").verdict());
    }

    @Test
    void throughputRegressesWhenItFalls() {
        double[] base = Records.spread(8, 100, 0.1);
        Comparison.Row t = row(compare(List.of(new Metric("ops", "ops/s", Better.HIGHER, false, base)),
                List.of(new Metric("ops", "ops/s", Better.HIGHER, false, Records.times(base, 0.5)))), "ops");
        assertEquals(Comparison.Verdict.REGRESSED, t.verdict());
    }

    /** A machine twice as busy slows the calibration workload too: corrected, nothing regressed. */
    @Test
    void aBusierMachineIsNotSlowerCode() {
        double[] base = Records.spread(8, 10, 0.2);
        double[] cal = Records.spread(8, 2, 0.1);
        BenchRecord a = Records.of("1", "cal", List.of(Metric.timed("t", "ms", base), Metric.timed("cal", "ms", cal)));
        BenchRecord b = Records.of("2", "cal", List.of(Metric.timed("t", "ms", Records.times(base, 2)),
                Metric.timed("cal", "ms", Records.times(cal, 2))));
        Comparison.Result corrected = Comparison.compare(a, b, DEFAULTS);
        assertFalse(corrected.regressed(), () -> ComparisonReport.text(corrected));
        assertEquals(2.0, corrected.speedFactor(), 1e-12);
        assertEquals(2.0, row(corrected, "t").ratio(), 1e-12);
        assertEquals(1.0, row(corrected, "t").calibratedRatio(), 1e-12);
        assertEquals("beyond the threshold only as measured", row(corrected, "t").note());
        assertTrue(corrected.rows().stream().noneMatch(r -> r.metric().equals("cal")));
        Comparison.Result raw = Comparison.compare(a, b, new Comparison.Options(0.1, 0.01, false, false, false));
        assertTrue(raw.regressed());
        assertTrue(Double.isNaN(row(raw, "t").calibratedRatio()));
    }

    /**
     * The calibration follows the machine only roughly: when it sped up more than the code did on a quieter
     * machine, the corrected reading alone would call the code slower; as measured it is faster, so no verdict.
     */
    @Test
    void aQuieterMachineIsNotFasterOrSlowerCode() {
        double[] base = Records.spread(8, 10, 0.2);
        double[] cal = Records.spread(8, 2, 0.1);
        BenchRecord a = Records.of("1", "cal", List.of(Metric.timed("t", "ms", base), Metric.timed("cal", "ms", cal)));
        BenchRecord b = Records.of("2", "cal", List.of(Metric.timed("t", "ms", Records.times(base, 0.8)),
                Metric.timed("cal", "ms", Records.times(cal, 0.5))));
        Comparison.Row t = row(Comparison.compare(a, b, DEFAULTS), "t");
        assertEquals(Comparison.Verdict.UNCHANGED, t.verdict());
        assertEquals(1.6, t.calibratedRatio(), 1e-12);
        assertEquals("beyond the threshold only after the machine-speed correction", t.note());
    }

    /** A real slowdown on a busier machine still shows after the correction. */
    @Test
    void slowerCodeOnABusierMachineRegresses() {
        double[] base = Records.spread(8, 10, 0.2);
        double[] cal = Records.spread(8, 2, 0.1);
        BenchRecord a = Records.of("1", "cal", List.of(Metric.timed("t", "ms", base), Metric.timed("cal", "ms", cal)));
        BenchRecord b = Records.of("2", "cal", List.of(Metric.timed("t", "ms", Records.times(base, 1.3 * 1.5)),
                Metric.timed("cal", "ms", Records.times(cal, 1.3))));
        Comparison.Row t = row(Comparison.compare(a, b, DEFAULTS), "t");
        assertEquals(Comparison.Verdict.REGRESSED, t.verdict());
        assertEquals(1.5, t.calibratedRatio(), 1e-12);
    }

    @Test
    void differentMachinesOrParametersAreRefusedUnlessAllowed() {
        BenchRecord a = Records.of("1", List.of(Metric.exact("c", "calls", Better.LOWER, 1)));
        Machine other = new Machine("h", "Other CPU", 2, 0, null, null);
        BenchRecord b = new BenchRecord(a.suite(), a.date(), a.runner(), null, other, a.backend(), a.software(),
                a.parameters(), a.conditions(), null, a.metrics());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Comparison.compare(a, b, DEFAULTS));
        assertTrue(e.getMessage().contains("--allow-different-machine"), e.getMessage());
        Comparison.Result allowed = Comparison.compare(a, b, new Comparison.Options(0.1, 0.01, true, false, true));
        assertTrue(allowed.notes().stream().anyMatch(n -> n.contains("Other CPU")), allowed.notes().toString());
        Map<String, String> params = new LinkedHashMap<>(a.parameters());
        params.put("logN", "12");
        BenchRecord c = new BenchRecord(a.suite(), a.date(), a.runner(), null, a.machine(), a.backend(), a.software(),
                params, a.conditions(), null, a.metrics());
        e = assertThrows(IllegalArgumentException.class, () -> Comparison.compare(a, c, DEFAULTS));
        assertTrue(e.getMessage().contains("logN 13 vs 12"), e.getMessage());
        BenchRecord unknown = new BenchRecord(a.suite(), a.date(), a.runner(), null,
                new Machine("h", Machine.UNKNOWN, 0, 0, null, null), a.backend(), a.software(), a.parameters(),
                a.conditions(), null, a.metrics());
        assertThrows(IllegalArgumentException.class, () -> Comparison.compare(unknown, unknown, DEFAULTS));
    }

    @Test
    void metricsInOnlyOneRecordAreListedNotFailed() {
        Comparison.Result c = compare(List.of(Metric.exact("old", "calls", Better.LOWER, 1)),
                List.of(Metric.exact("new", "calls", Better.LOWER, 1)));
        assertFalse(c.regressed());
        assertEquals(Comparison.Verdict.ONLY_IN_BASELINE, row(c, "old").verdict());
        assertEquals(Comparison.Verdict.ONLY_IN_CANDIDATE, row(c, "new").verdict());
    }

    @Test
    void reportsListRegressionsFirst() {
        double[] base = Records.spread(8, 10, 0.2);
        Comparison.Result c = compare(List.of(Metric.exact("calls", "calls", Better.LOWER, 3),
                        Metric.timed("t", "ms", base)),
                List.of(Metric.exact("calls", "calls", Better.LOWER, 3), Metric.timed("t", "ms", Records.times(base, 3))));
        String md = ComparisonReport.markdown(c);
        assertTrue(md.indexOf("| REGRESSED | `t`") < md.indexOf("| unchanged | `calls`"), md);
        assertTrue(md.contains("1 regressed, 0 improved, 1 unchanged"), md);
        var json = JsonParser.parseString(ComparisonReport.json(c)).getAsJsonObject();
        assertTrue(json.get("regressed").getAsBoolean());
        assertEquals("regressed", json.getAsJsonArray("rows").get(0).getAsJsonObject().get("verdict").getAsString());
        assertEquals(3.0, json.getAsJsonArray("rows").get(0).getAsJsonObject().get("ratio").getAsDouble(), 1e-12);
        assertTrue(ComparisonReport.text(c).contains("REGRESSION"));
    }

    /** Samples scaled by less than the threshold never regress, whatever the p-value. */
    @Property(tries = 200)
    void changesWithinTheThresholdNeverRegress(@ForAll @IntRange(min = 1, max = 30) int n,
                                               @ForAll @DoubleRange(min = 0.001, max = 1e3) @Scale(6) double low,
                                               @ForAll @DoubleRange(min = 0, max = 2) double spread,
                                               @ForAll @DoubleRange(min = 0.9, max = 1.0999) @Scale(4) double factor) {
        double[] base = Records.spread(n, low, spread);
        Comparison.Result c = compare(List.of(Metric.timed("t", "ms", base)),
                List.of(Metric.timed("t", "ms", Records.times(base, factor))));
        assertFalse(c.regressed(), () -> ComparisonReport.text(c));
    }

    /** Samples slowed by more than their own spread and the threshold always regress, given enough of them. */
    @Property(tries = 200)
    void separatedSlowdownsAlwaysRegress(@ForAll @IntRange(min = 6, max = 30) int n,
                                         @ForAll @DoubleRange(min = 0.001, max = 1e3) @Scale(6) double low,
                                         @ForAll @DoubleRange(min = 0, max = 0.2) double spread,
                                         @ForAll @DoubleRange(min = 1.25, max = 10) double factor) {
        double[] base = Records.spread(n, low, spread);
        Comparison.Result c = compare(List.of(Metric.timed("t", "ms", base)),
                List.of(Metric.timed("t", "ms", Records.times(base, factor))));
        assertTrue(c.regressed(), () -> ComparisonReport.text(c));
    }
}
