package dev.olafhe.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The records of one runner over time: per metric a PNG chart of the median (and quartiles) run by run, labelled
 * by commit, and a Markdown table with the first and last value, so that a slow drift, invisible in any one
 * comparison, shows.
 */
public final class History {
    private final List<BenchRecord> runs;

    private History(List<BenchRecord> runs) {
        this.runs = List.copyOf(runs);
    }

    /**
     * The records of {@code runner} (all records when null, which must then name at most one runner), oldest
     * first.
     */
    public static History of(List<BenchRecord> records, String runner) {
        List<BenchRecord> chosen = records.stream().filter(r -> runner == null || runner.equals(r.runner()))
                .sorted(Comparator.comparing(r -> Objects.requireNonNullElse(r.date(), ""))).toList();
        if (runner == null) {
            TreeSet<String> runners = new TreeSet<>();
            chosen.forEach(r -> runners.add(String.valueOf(r.runner())));
            if (runners.size() > 1) {
                throw new IllegalArgumentException("the records belong to several runners " + runners
                        + "; choose one (--runner)");
            }
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("no records" + (runner == null ? "" : " of runner " + runner));
        }
        return new History(chosen);
    }

    public List<BenchRecord> runs() {
        return runs;
    }

    /** Metric names in the order they first appear, optionally only those matching {@code filter}. */
    public List<String> metricNames(Pattern filter) {
        List<String> names = new ArrayList<>();
        for (BenchRecord r : runs) {
            for (Metric m : r.metrics()) {
                if (!names.contains(m.name()) && (filter == null || filter.matcher(m.name()).find())) {
                    names.add(m.name());
                }
            }
        }
        return names;
    }

    /** The runs that measured {@code metric}, with its value in each (oldest first). */
    Map<BenchRecord, Metric> series(String metric) {
        Map<BenchRecord, Metric> s = new LinkedHashMap<>();
        for (BenchRecord r : runs) {
            r.metric(metric).ifPresent(m -> s.put(r, m));
        }
        return s;
    }

    /** A run's label on chart axes and in tables: short commit and date. */
    static String label(BenchRecord r) {
        String date = r.date() == null ? "?" : r.date().replace('T', ' ');
        return r.software().shortCommit().substring(0, Math.min(7, r.software().shortCommit().length())) + " "
                + date.substring(0, Math.min(16, date.length()));
    }

    /** Writes history.md and one history-&lt;metric&gt;.png per metric into {@code dir}; returns the files. */
    public List<Path> write(Path dir, Pattern filter) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        Map<String, String> charts = new LinkedHashMap<>();
        for (String name : metricNames(filter)) {
            String file = "history-" + fileName(name) + ".png";
            HistoryChart.write(name, series(name), dir.resolve(file));
            charts.put(name, file);
            written.add(dir.resolve(file));
        }
        Path md = dir.resolve("history.md");
        Files.writeString(md, markdown(charts));
        written.add(0, md);
        return written;
    }

    String markdown(Map<String, String> charts) {
        BenchRecord last = runs.get(runs.size() - 1);
        StringBuilder sb = new StringBuilder("# Benchmark history");
        sb.append(last.runner() == null ? "" : " of runner " + last.runner()).append("\n\n");
        sb.append(String.format(Locale.ROOT, "%d runs, %s to %s; machine %s, %d cores%s; backend %s.%n%n",
                runs.size(), runs.get(0).date(), last.date(), last.machine().cpuModel(), last.machine().cores(),
                last.machine().gpuModel() == null ? "" : ", " + last.machine().gpuModel(), last.backend().name()));
        sb.append("| metric | unit | better | runs | first | last | last / first | lowest | highest | chart |\n");
        sb.append("|---|---|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (Map.Entry<String, String> e : charts.entrySet()) {
            List<Double> medians = series(e.getKey()).values().stream().map(Metric::median).toList();
            Metric any = series(e.getKey()).values().iterator().next();
            double first = medians.get(0);
            double lastValue = medians.get(medians.size() - 1);
            sb.append(String.format(Locale.ROOT, "| `%s` | %s | %s | %d | %s | %s | %s | %s | %s | [png](%s) |%n",
                    e.getKey(), any.unit(), any.better().json(), medians.size(), ComparisonReport.number(first),
                    ComparisonReport.number(lastValue), first == 0 ? "-" : String.format(Locale.ROOT, "%.3fx",
                            lastValue / first),
                    ComparisonReport.number(medians.stream().mapToDouble(Double::doubleValue).min().orElseThrow()),
                    ComparisonReport.number(medians.stream().mapToDouble(Double::doubleValue).max().orElseThrow()),
                    e.getValue()));
        }
        sb.append("\n## Runs\n\n| # | date | commit | backend | load average at start |\n|---:|---|---|---|---|\n");
        for (int i = 0; i < runs.size(); i++) {
            BenchRecord r = runs.get(i);
            sb.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s |%n", i + 1, r.date(),
                    r.software().shortCommit(), r.backend().name(),
                    r.conditions().getOrDefault("loadAverageStart", "-")));
        }
        return sb.toString();
    }

    /** A metric name as a file name: letters, digits, '.', '-' and '_' kept, anything else '_'. */
    static String fileName(String metric) {
        return metric.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
