package dev.olafhe.perf;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ola bench}'s JSON (format "olafhe-bench": the OLA plan against its baselines, encrypted) as a record. Per
 * configuration: the latency and its stages per image (noisy, seconds), the largest logit error per image (noisy),
 * the images classified correctly (noisy: keys come from SecureRandom unless --seed), and bootstraps, rotation
 * keys and plaintext top-1 (deterministic); for the run, the key memory (deterministic) and the peak resident set
 * (noisy). The parameter set, model and plan (by SHA-256) are the record's parameters.
 */
final class OlaBenchConverter {
    static final String FORMAT = "olafhe-bench";

    private OlaBenchConverter() {
    }

    static BenchRecord convert(Path file, JsonObject root) {
        MetricCollector metrics = new MetricCollector();
        for (JsonElement e : root.getAsJsonArray("configs")) {
            addConfig(e.getAsJsonObject(), metrics);
        }
        JsonObject memory = root.getAsJsonObject("memory");
        if (memory.has("keyBytesInMemory")) {
            metrics.add("memory.keyBytesInMemory", "bytes", Better.LOWER, true,
                    memory.get("keyBytesInMemory").getAsDouble());
        }
        if (memory.has("peakResidentBytes") && memory.get("peakResidentBytes").getAsDouble() > 0) {
            metrics.add("memory.peakResidentBytes", "bytes", Better.LOWER, false,
                    memory.get("peakResidentBytes").getAsDouble());
        }
        JsonObject m = root.getAsJsonObject("machine");
        Machine machine = new Machine(RecordFormat.str(m, "host"), RecordFormat.str(m, "cpu"), m.get("cpus").getAsInt(),
                0, null, null);
        JsonObject inputs = root.getAsJsonObject("inputs");
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("ckks", RecordFormat.str(root, "parameters"));
        for (String key : new String[] {"model", "modelSha256", "planSha256", "testImages"}) {
            parameters.put(key, RecordFormat.str(inputs, key));
        }
        Map<String, String> conditions = new LinkedHashMap<>();
        conditions.put("command", RecordFormat.str(root, "command"));
        conditions.put("loadAverageStart", RecordFormat.str(m, "loadAverageAtStart"));
        conditions.put("loadAverageEnd", RecordFormat.str(m, "loadAverageAtEnd"));
        return new BenchRecord("ola-bench", RecordFormat.str(root, "date"), null, file.toString(), machine,
                new BenchRecord.BackendInfo(RecordFormat.str(root, "backend"), RecordFormat.str(m, "backendDecision")),
                new BenchRecord.Software(null, null, RecordFormat.str(m, "java")), parameters, conditions, null,
                metrics.metrics());
    }

    private static void addConfig(JsonObject c, MetricCollector metrics) {
        String name = c.get("name").getAsString();
        for (JsonElement ie : c.getAsJsonArray("images")) {
            JsonObject image = ie.getAsJsonObject();
            metrics.add(name + ".latency", "s", Better.LOWER, false, image.get("seconds").getAsDouble());
            for (Map.Entry<String, JsonElement> s : image.getAsJsonObject("stageSeconds").entrySet()) {
                metrics.add(name + ".stage." + s.getKey(), "s", Better.LOWER, false, s.getValue().getAsDouble());
            }
            metrics.add(name + ".maxAbsLogitError", "1", Better.LOWER, false,
                    image.get("maxAbsLogitError").getAsDouble());
            metrics.add(name + ".encryptedCorrect", "images", Better.HIGHER, false,
                    image.get("encryptedTop1").getAsInt() == image.get("label").getAsInt() ? 1 : 0);
        }
        metrics.add(name + ".bootstraps", "bootstraps", Better.LOWER, true, c.get("bootstraps").getAsDouble());
        metrics.add(name + ".rotationKeys", "keys", Better.LOWER, true, c.get("rotationKeys").getAsDouble());
        if (c.has("plaintextTop1") && !c.get("plaintextTop1").isJsonNull()) {
            metrics.add(name + ".plaintextTop1", "fraction", Better.HIGHER, true,
                    c.get("plaintextTop1").getAsDouble());
        }
    }
}
