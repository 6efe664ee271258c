package dev.olafhe.perf;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * JMH's JSON result ({@code -rf json}: an array with one entry per benchmark and parameter combination) as a
 * record. A metric per entry, named by the benchmark's class and method and its parameters other than the
 * backend ({@code BootstrappingBenchmark.bootstrap[logN=13,slotsBelowMax=0]}), with JMH's raw iteration values as
 * samples in JMH's unit; throughput (mode thrpt) is better higher, times lower. The machine comes from the
 * folder's machine.txt where there is one; the precision lines the single-shot benchmarks print are merged from a
 * sibling {@code <name>-precision.jsonl}.
 */
final class JmhConverter {
    private JmhConverter() {
    }

    static boolean looksLikeJmh(JsonElement root) {
        return root.isJsonArray() && root.getAsJsonArray().size() > 0
                && root.getAsJsonArray().get(0).isJsonObject()
                && root.getAsJsonArray().get(0).getAsJsonObject().has("jmhVersion");
    }

    static BenchRecord convert(Path file, JsonArray entries) throws IOException {
        Set<String> backends = new LinkedHashSet<>();
        for (JsonElement e : entries) {
            JsonObject params = e.getAsJsonObject().getAsJsonObject("params");
            if (params != null && params.has("backend")) {
                backends.add(params.get("backend").getAsString());
            }
        }
        boolean oneBackend = backends.size() <= 1;
        MetricCollector metrics = new MetricCollector();
        for (JsonElement e : entries) {
            addEntry(e.getAsJsonObject(), oneBackend, metrics);
        }
        Path precision = sibling(file);
        if (Files.isRegularFile(precision)) {
            PrecisionConverter.addLines(precision, metrics);
        }
        JsonObject first = entries.get(0).getAsJsonObject();
        ResultFolder folder = ResultFolder.of(file);
        String backend = backends.isEmpty() ? Machine.UNKNOWN : oneBackend ? backends.iterator().next() : "mixed";
        String jdk = RecordFormat.str(first, "vmName") + " " + RecordFormat.str(first, "jdkVersion");
        return new BenchRecord("jmh", folder.date(), null, file.toString(), folder.machine(),
                new BenchRecord.BackendInfo(backend, folder.get("backend")),
                new BenchRecord.Software(null, folder.get("git_commit"), jdk), Map.of(), conditions(first, folder),
                null, metrics.metrics());
    }

    private static void addEntry(JsonObject e, boolean oneBackend, MetricCollector metrics) {
        String[] parts = e.get("benchmark").getAsString().split("\\.");
        String name = parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : parts[0];
        StringJoiner params = new StringJoiner(",", "[", "]").setEmptyValue("");
        JsonObject p = e.getAsJsonObject("params");
        if (p != null) {
            p.entrySet().stream().filter(kv -> !oneBackend || !kv.getKey().equals("backend"))
                    .forEach(kv -> params.add(kv.getKey() + "=" + kv.getValue().getAsString()));
        }
        JsonObject primary = e.getAsJsonObject("primaryMetric");
        String unit = primary.get("scoreUnit").getAsString();
        Better better = e.get("mode").getAsString().equals("thrpt") ? Better.HIGHER : Better.LOWER;
        for (JsonElement fork : primary.getAsJsonArray("rawData")) {
            for (JsonElement v : fork.getAsJsonArray()) {
                metrics.add(name + params, unit, better, false, v.getAsDouble());
            }
        }
    }

    private static Map<String, String> conditions(JsonObject first, ResultFolder folder) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("jmh", RecordFormat.str(first, "jmhVersion") + ", mode " + RecordFormat.str(first, "mode") + ", "
                + first.get("forks").getAsInt() + " fork(s), " + first.get("warmupIterations").getAsInt()
                + " warm-up x " + RecordFormat.str(first, "warmupTime") + ", "
                + first.get("measurementIterations").getAsInt() + " measured x "
                + RecordFormat.str(first, "measurementTime"));
        List<String> args = new ArrayList<>();
        first.getAsJsonArray("jvmArgs").forEach(a -> args.add(a.getAsString()));
        c.put("jvmArgs", String.join(" ", args));
        if (folder.get("loadavg") != null) {
            c.put("loadAverageStart", folder.get("loadavg"));
        }
        return c;
    }

    /** {@code x.json} -> {@code x-precision.jsonl} beside it. */
    private static Path sibling(Path file) {
        String name = file.getFileName().toString().replaceFirst("\\.json$", "");
        return file.resolveSibling(name + "-precision.jsonl");
    }
}
