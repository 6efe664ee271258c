package dev.olafhe.perf;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** A {@link Comparison.Result} as a terminal table, as Markdown and as JSON (format "olafhe-bench-comparison"). */
public final class ComparisonReport {
    public static final String FORMAT = "olafhe-bench-comparison";

    private ComparisonReport() {
    }

    /** Rows with regressions first, then improvements, unchanged, and metrics only one record has. */
    static List<Comparison.Row> ordered(Comparison.Result r) {
        return r.rows().stream().sorted(Comparator.comparingInt(row -> switch (row.verdict()) {
            case REGRESSED -> 0;
            case IMPROVED -> 1;
            case UNCHANGED -> 2;
            case ONLY_IN_BASELINE, ONLY_IN_CANDIDATE -> 3;
        })).toList();
    }

    public static String summary(Comparison.Result r) {
        return String.format(Locale.ROOT, "%d regressed, %d improved, %d unchanged, %d only in one record "
                        + "(threshold %.0f%%, alpha %s)%s", r.count(Comparison.Verdict.REGRESSED),
                r.count(Comparison.Verdict.IMPROVED), r.count(Comparison.Verdict.UNCHANGED),
                r.count(Comparison.Verdict.ONLY_IN_BASELINE) + r.count(Comparison.Verdict.ONLY_IN_CANDIDATE),
                100 * r.options().threshold(), r.options().alpha(), r.regressed() ? ": REGRESSION" : "");
    }

    /** The terminal table: one line per metric. */
    public static String text(Comparison.Result r) {
        List<Comparison.Row> rows = ordered(r);
        int w = Math.max(6, rows.stream().mapToInt(x -> x.metric().length()).max().orElse(6));
        StringBuilder sb = new StringBuilder();
        sb.append("baseline  : ").append(describe(r.baseline())).append('\n');
        sb.append("candidate : ").append(describe(r.candidate())).append('\n');
        r.notes().forEach(n -> sb.append("note      : ").append(n).append('\n'));
        String fmt = "%-17s %-" + w + "s %-11s %10s %10s %8s %10s %9s  %s%n";
        sb.append(String.format(Locale.ROOT, fmt, "verdict", "metric", "unit", "baseline", "candidate", "ratio",
                "calibrated", "p", "note"));
        for (Comparison.Row x : rows) {
            sb.append(String.format(Locale.ROOT, fmt, verdict(x.verdict()), x.metric(), x.unit(), number(x.baseline()),
                    number(x.candidate()), ratio(x.ratio()), ratio(x.calibratedRatio()), p(x.pValue()), x.note()));
        }
        sb.append(summary(r)).append('\n');
        return sb.toString();
    }

    public static String markdown(Comparison.Result r) {
        StringBuilder sb = new StringBuilder("# Benchmark comparison\n\n");
        sb.append("- baseline: ").append(describe(r.baseline())).append('\n');
        sb.append("- candidate: ").append(describe(r.candidate())).append('\n');
        sb.append("- machine: ").append(r.candidate().machine().cpuModel()).append(", ")
                .append(r.candidate().machine().cores()).append(" cores")
                .append(r.candidate().machine().gpuModel() == null ? "" : ", " + r.candidate().machine().gpuModel())
                .append("; backend ").append(r.candidate().backend().name()).append('\n');
        sb.append(String.format(Locale.ROOT, "- rule: deterministic metrics exactly; noisy metrics regress when the "
                + "median is more than %.0f%% worse and a two-sided Mann-Whitney U test gives p < %s (with a "
                + "calibration: both as measured and corrected for the machine's speed)%n",
                100 * r.options().threshold(), r.options().alpha()));
        r.notes().forEach(n -> sb.append("- note: ").append(n).append('\n'));
        sb.append("\n**").append(summary(r)).append("**\n\n");
        sb.append("| verdict | metric | unit | baseline (median) | candidate (median) | ratio | calibrated ratio | p "
                + "| samples | note |\n");
        sb.append("|---|---|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (Comparison.Row x : ordered(r)) {
            sb.append(String.format(Locale.ROOT, "| %s | `%s` | %s | %s | %s | %s | %s | %s | %d / %d | %s |%n",
                    verdict(x.verdict()), x.metric(), x.unit(), number(x.baseline()), number(x.candidate()),
                    ratio(x.ratio()), ratio(x.calibratedRatio()), p(x.pValue()), x.baselineSamples(),
                    x.candidateSamples(), x.note()));
        }
        return sb.toString();
    }

    public static String json(Comparison.Result r) {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("version", 1);
        o.add("baseline", side(r.baseline()));
        o.add("candidate", side(r.candidate()));
        o.addProperty("threshold", r.options().threshold());
        o.addProperty("alpha", r.options().alpha());
        o.addProperty("speedFactor", r.speedFactor());
        JsonArray notes = new JsonArray();
        r.notes().forEach(notes::add);
        o.add("notes", notes);
        o.addProperty("regressed", r.regressed());
        JsonObject counts = new JsonObject();
        for (Comparison.Verdict v : Comparison.Verdict.values()) {
            counts.addProperty(v.name().toLowerCase(Locale.ROOT), r.count(v));
        }
        o.add("counts", counts);
        JsonArray rows = new JsonArray();
        for (Comparison.Row x : ordered(r)) {
            JsonObject j = new JsonObject();
            j.addProperty("metric", x.metric());
            j.addProperty("unit", x.unit());
            j.addProperty("better", x.better().json());
            j.addProperty("deterministic", x.deterministic());
            j.addProperty("verdict", x.verdict().name().toLowerCase(Locale.ROOT));
            j.addProperty("baselineMedian", finiteOrNull(x.baseline()));
            j.addProperty("candidateMedian", finiteOrNull(x.candidate()));
            j.addProperty("ratio", finiteOrNull(x.ratio()));
            j.addProperty("calibratedRatio", finiteOrNull(x.calibratedRatio()));
            j.addProperty("p", finiteOrNull(x.pValue()));
            j.addProperty("baselineSamples", x.baselineSamples());
            j.addProperty("candidateSamples", x.candidateSamples());
            j.addProperty("note", x.note());
            rows.add(j);
        }
        o.add("rows", rows);
        return new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(o) + "\n";
    }

    private static JsonObject side(BenchRecord r) {
        JsonObject j = new JsonObject();
        j.addProperty("suite", r.suite());
        j.addProperty("date", r.date());
        j.addProperty("runner", r.runner());
        j.addProperty("gitCommit", r.software().gitCommit());
        j.addProperty("source", r.source());
        return j;
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    static String describe(BenchRecord r) {
        return r.suite() + " run of " + r.date() + ", commit " + r.software().shortCommit()
                + (r.runner() == null ? "" : ", runner " + r.runner())
                + (r.source() == null ? "" : ", from " + r.source());
    }

    private static String verdict(Comparison.Verdict v) {
        return switch (v) {
            case REGRESSED -> "REGRESSED";
            case IMPROVED -> "improved";
            case UNCHANGED -> "unchanged";
            case ONLY_IN_BASELINE -> "only in baseline";
            case ONLY_IN_CANDIDATE -> "only in candidate";
        };
    }

    /** Integers as such, other numbers with 4 significant digits, "-" for none. */
    static String number(double v) {
        if (!Double.isFinite(v)) {
            return "-";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private static String ratio(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3fx", v) : "-";
    }

    private static String p(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3g", v) : "-";
    }
}
