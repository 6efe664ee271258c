package dev.olafhe.perf;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of a {@link BenchRecord}. Each metric carries its raw samples; its median and spread (min,
 * quartiles, max) are written as well, for readers of the file, and recomputed from the samples on reading.
 */
public final class RecordFormat {
    private RecordFormat() {
    }

    public static void write(BenchRecord r, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Files.writeString(file, toJson(r));
    }

    public static BenchRecord read(Path file) throws IOException {
        return fromJson(Files.readString(file), file.toString());
    }

    public static String toJson(BenchRecord r) {
        JsonObject o = new JsonObject();
        o.addProperty("format", BenchRecord.FORMAT);
        o.addProperty("version", BenchRecord.VERSION);
        o.addProperty("suite", r.suite());
        o.addProperty("date", r.date());
        o.addProperty("runner", r.runner());
        o.addProperty("source", r.source());
        JsonObject m = new JsonObject();
        m.addProperty("host", r.machine().host());
        m.addProperty("cpuModel", r.machine().cpuModel());
        m.addProperty("cores", r.machine().cores());
        m.addProperty("memoryBytes", r.machine().memoryBytes());
        m.addProperty("gpuModel", r.machine().gpuModel());
        m.addProperty("gpuDriver", r.machine().gpuDriver());
        o.add("machine", m);
        JsonObject b = new JsonObject();
        b.addProperty("name", r.backend().name());
        b.addProperty("description", r.backend().description());
        o.add("backend", b);
        JsonObject s = new JsonObject();
        s.addProperty("version", r.software().version());
        s.addProperty("gitCommit", r.software().gitCommit());
        s.addProperty("jdk", r.software().jdk());
        o.add("software", s);
        o.add("parameters", stringMap(r.parameters()));
        o.add("conditions", stringMap(r.conditions()));
        o.addProperty("calibration", r.calibration());
        JsonArray metrics = new JsonArray();
        r.metrics().forEach(x -> metrics.add(metric(x)));
        o.add("metrics", metrics);
        return new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(o) + "\n";
    }

    private static JsonObject metric(Metric x) {
        JsonObject j = new JsonObject();
        j.addProperty("name", x.name());
        j.addProperty("unit", x.unit());
        j.addProperty("better", x.better().json());
        j.addProperty("deterministic", x.deterministic());
        j.addProperty("median", x.median());
        JsonObject spread = new JsonObject();
        spread.addProperty("min", x.min());
        spread.addProperty("q1", x.q1());
        spread.addProperty("q3", x.q3());
        spread.addProperty("max", x.max());
        j.add("spread", spread);
        JsonArray samples = new JsonArray();
        for (double v : x.samples()) {
            samples.add(v);
        }
        j.add("samples", samples);
        return j;
    }

    private static JsonObject stringMap(Map<String, String> map) {
        JsonObject j = new JsonObject();
        map.forEach(j::addProperty);
        return j;
    }

    /** Parses a record; {@code where} names the file in error messages. */
    public static BenchRecord fromJson(String json, String where) throws IOException {
        try {
            JsonObject o = JsonParser.parseString(json).getAsJsonObject();
            if (!o.has("format") || !BenchRecord.FORMAT.equals(o.get("format").getAsString())) {
                throw new IOException(where + " is not a benchmark record (format " + BenchRecord.FORMAT + ")");
            }
            int version = o.get("version").getAsInt();
            if (version != BenchRecord.VERSION) {
                throw new IOException(where + ": record version " + version + " is not supported (this reader: "
                        + BenchRecord.VERSION + ")");
            }
            JsonObject m = o.getAsJsonObject("machine");
            Machine machine = new Machine(str(m, "host"), str(m, "cpuModel"), m.get("cores").getAsInt(),
                    m.get("memoryBytes").getAsLong(), str(m, "gpuModel"), str(m, "gpuDriver"));
            JsonObject b = o.getAsJsonObject("backend");
            JsonObject s = o.getAsJsonObject("software");
            List<Metric> metrics = new ArrayList<>();
            for (JsonElement e : o.getAsJsonArray("metrics")) {
                metrics.add(metric(e.getAsJsonObject()));
            }
            return new BenchRecord(str(o, "suite"), str(o, "date"), str(o, "runner"), str(o, "source"), machine,
                    new BenchRecord.BackendInfo(str(b, "name"), str(b, "description")),
                    new BenchRecord.Software(str(s, "version"), str(s, "gitCommit"), str(s, "jdk")),
                    strings(o.getAsJsonObject("parameters")), strings(o.getAsJsonObject("conditions")),
                    str(o, "calibration"), metrics);
        } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException
                 | IllegalArgumentException e) {
            throw new IOException(where + ": malformed benchmark record: " + e.getMessage(), e);
        }
    }

    private static Metric metric(JsonObject j) {
        JsonArray a = j.getAsJsonArray("samples");
        double[] samples = new double[a.size()];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = a.get(i).getAsDouble();
        }
        return new Metric(str(j, "name"), str(j, "unit"), Better.ofJson(str(j, "better")),
                j.get("deterministic").getAsBoolean(), samples);
    }

    private static Map<String, String> strings(JsonObject j) {
        Map<String, String> map = new LinkedHashMap<>();
        if (j != null) {
            j.entrySet().forEach(e -> map.put(e.getKey(),
                    e.getValue().isJsonNull() ? null : e.getValue().getAsString()));
        }
        return map;
    }

    /** A string member, null when absent or JSON null. */
    static String str(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }
}
