package dev.olafhe.perf;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads a benchmark record from any file the project's benchmarks write: a record itself, JMH's JSON
 * ({@code jmh.json}, the single-shot {@code bootstrapping-*.json} / {@code polynomial-*.json}, with their
 * {@code *-precision.jsonl} merged), {@code ola bench}'s {@code <model>-bench.json}, or a precision
 * {@code .jsonl} alone. Other files are refused with the reason.
 */
public final class BenchRecords {
    private BenchRecords() {
    }

    public static BenchRecord read(Path file) throws IOException {
        if (file.getFileName().toString().endsWith(".jsonl")) {
            return PrecisionConverter.convert(file);
        }
        String text = Files.readString(file);
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw new IOException(file + " is not JSON: " + e.getMessage(), e);
        }
        try {
            if (JmhConverter.looksLikeJmh(root)) {
                return JmhConverter.convert(file, root.getAsJsonArray());
            }
            if (root.isJsonObject() && root.getAsJsonObject().has("format")) {
                JsonObject o = root.getAsJsonObject();
                String format = o.get("format").getAsString();
                if (format.equals(BenchRecord.FORMAT)) {
                    return RecordFormat.fromJson(text, file.toString());
                }
                if (format.equals(OlaBenchConverter.FORMAT)) {
                    return OlaBenchConverter.convert(file, o);
                }
            }
        } catch (IllegalStateException | NullPointerException | UnsupportedOperationException
                 | NumberFormatException e) {
            throw new IOException(file + ": unexpected content: " + e, e);
        }
        throw new IOException(file + " is neither a benchmark record (format " + BenchRecord.FORMAT + ") nor a "
                + "JMH, ola bench or precision result");
    }

    /**
     * Every record under {@code dir} (recursively; files named {@code *.json} or {@code *.jsonl}), skipping files
     * that are none of the readable kinds (a comparison, a plan) and collecting why. A {@code x-precision.jsonl}
     * beside an {@code x.json} is read once, merged into x's record.
     */
    public static List<BenchRecord> readAll(Path dir, List<String> skipped) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).filter(BenchRecords::readableName).sorted().toList();
        }
        List<BenchRecord> out = new ArrayList<>();
        for (Path f : files) {
            try {
                out.add(read(f));
            } catch (IOException | IllegalArgumentException e) {
                skipped.add(f + ": " + e.getMessage());
            }
        }
        return out;
    }

    /**
     * One record from several runs of the same suite on the same machine, one after the other (forks of one
     * measurement): noisy metrics pool their samples, deterministic metrics must agree exactly (a difference is a
     * bug: nondeterminism), conditions keep every run's value where they differ ("a | b") and count the runs
     * under {@code countKey}.
     */
    public static BenchRecord merge(List<BenchRecord> runs, String countKey) {
        BenchRecord first = runs.get(0);
        for (BenchRecord r : runs) {
            if (!Objects.equals(r.suite(), first.suite()) || !r.parameters().equals(first.parameters())
                    || !r.machine().sameKindAs(first.machine())
                    || !Objects.equals(r.backend().name(), first.backend().name())
                    || !Objects.equals(r.calibration(), first.calibration())) {
                throw new IllegalArgumentException("only runs of one suite, with the same parameters, machine, "
                        + "backend and calibration merge into one record");
            }
        }
        MetricCollector metrics = new MetricCollector();
        for (Metric m : first.metrics()) {
            for (BenchRecord r : runs) {
                Metric other = r.metric(m.name()).orElseThrow(() -> new IllegalArgumentException("metric "
                        + m.name() + " is missing from one of the runs"));
                if (m.deterministic() && !Arrays.equals(m.samples(), other.samples())) {
                    throw new IllegalArgumentException("deterministic metric " + m.name() + " differs between runs: "
                            + m.median() + " vs " + other.median() + " (nondeterministic code?)");
                }
                if (!m.deterministic() || r == first) {
                    for (double v : other.samples()) {
                        metrics.add(m.name(), m.unit(), m.better(), m.deterministic(), v);
                    }
                }
            }
        }
        Map<String, String> conditions = new LinkedHashMap<>();
        for (String key : first.conditions().keySet()) {
            conditions.put(key, runs.stream().map(r -> String.valueOf(r.conditions().get(key))).distinct()
                    .collect(Collectors.joining(" | ")));
        }
        conditions.put(countKey, Integer.toString(runs.size()));
        return new BenchRecord(first.suite(), first.date(), first.runner(), first.source(), first.machine(),
                first.backend(), first.software(), first.parameters(), conditions, first.calibration(),
                metrics.metrics());
    }

    private static boolean readableName(Path p) {
        String n = p.getFileName().toString();
        if (n.endsWith("-precision.jsonl")) {
            return !Files.exists(p.resolveSibling(n.replaceFirst("-precision\\.jsonl$", ".json")));
        }
        return n.endsWith(".json") || n.endsWith(".jsonl");
    }
}
