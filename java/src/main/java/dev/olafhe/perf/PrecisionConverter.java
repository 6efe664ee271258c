package dev.olafhe.perf;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The {@code PRECISION} lines the single-shot JMH benchmarks print ({@code *-precision.jsonl}: one JSON object per
 * trial) as metrics. Each line is named by its benchmark and identifying fields ({@code logN}, {@code slots},
 * {@code polynomial}); its known numeric fields become metrics: precision bits (deterministic at the benchmarks'
 * fixed seeds, higher is better), levels left, rotation keys and key memory (deterministic), key-generation and
 * DFT-encoding seconds (noisy), and the per-stage operation counts of {@code costs}. Unknown fields are skipped.
 */
final class PrecisionConverter {
    /** A known field: its unit, its better direction, whether it is deterministic. */
    private record Field(String unit, Better better, boolean deterministic) {
    }

    private static final Map<String, Field> FIELDS = Map.of(
            "meanBits", new Field("bits", Better.HIGHER, true),
            "minBits", new Field("bits", Better.HIGHER, true),
            "realMeanBits", new Field("bits", Better.HIGHER, true),
            "imagMeanBits", new Field("bits", Better.HIGHER, true),
            "levelsLeft", new Field("levels", Better.HIGHER, true),
            "rotationKeys", new Field("keys", Better.LOWER, true),
            "keyGiB", new Field("GiB", Better.LOWER, true),
            "keygenSeconds", new Field("s", Better.LOWER, false),
            "encodeDftSeconds", new Field("s", Better.LOWER, false));
    private static final List<String> IDENTITY = List.of("polynomial", "logN", "slots");
    /** Fields of a {@code costs} entry and their units. */
    private static final Map<String, String> COSTS = Map.of("depth", "levels", "nonScalar", "multiplications",
            "scalar", "multiplications");

    private PrecisionConverter() {
    }

    static BenchRecord convert(Path file) throws IOException {
        MetricCollector metrics = new MetricCollector();
        addLines(file, metrics);
        if (metrics.isEmpty()) {
            throw new IOException(file + " holds no precision lines");
        }
        ResultFolder folder = ResultFolder.of(file);
        return new BenchRecord("precision", folder.date(), null, file.toString(), folder.machine(),
                new BenchRecord.BackendInfo(Machine.UNKNOWN, folder.get("backend")),
                new BenchRecord.Software(null, folder.get("git_commit"), folder.get("jdk")), Map.of(), Map.of(), null,
                metrics.metrics());
    }

    static void addLines(Path file, MetricCollector metrics) throws IOException {
        int n = 0;
        for (String line : Files.readAllLines(file)) {
            n++;
            String json = line.strip().replaceFirst("^PRECISION ", "");
            if (json.isEmpty()) {
                continue;
            }
            try {
                addLine(JsonParser.parseString(json).getAsJsonObject(), metrics);
            } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
                throw new IOException(file + ":" + n + ": not a precision line: " + e.getMessage(), e);
            }
        }
    }

    private static void addLine(JsonObject o, MetricCollector metrics) {
        String benchmark = o.has("benchmark") ? o.get("benchmark").getAsString() : "precision";
        StringJoiner id = new StringJoiner(",", "[", "]").setEmptyValue("");
        for (String key : IDENTITY) {
            if (o.has(key)) {
                id.add(key + "=" + o.get(key).getAsString());
            }
        }
        FIELDS.entrySet().stream().sorted(Map.Entry.comparingByKey()).filter(f -> o.has(f.getKey()))
                .forEach(f -> metrics.add(benchmark + "." + f.getKey() + id, f.getValue().unit(),
                        f.getValue().better(), f.getValue().deterministic(), o.get(f.getKey()).getAsDouble()));
        if (o.has("costs")) {
            int stage = 0;
            for (JsonElement c : o.getAsJsonArray("costs")) {
                stage++;
                JsonObject co = c.getAsJsonObject();
                for (String key : List.of("depth", "nonScalar", "scalar")) {
                    if (co.has(key)) {
                        metrics.add(benchmark + ".stage" + stage + "." + key + id, COSTS.get(key), Better.LOWER, true,
                                co.get(key).getAsDouble());
                    }
                }
            }
        }
    }
}
