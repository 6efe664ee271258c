package dev.olafhe.perf;

import com.google.gson.JsonParser;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordFormatTest {
    private static BenchRecord sample() {
        return Records.of("2026-12-02T10:00:00Z", "calibration.reference", List.of(
                Metric.timed("time.rescale", "ms", new double[] {2.5, 2.25, 3.0, 2.75}),
                Metric.exact("calls.rescale", "calls", Better.LOWER, 4),
                Metric.exact("precision.rotate.meanBits", "bits", Better.HIGHER, 34.482021410459566),
                Metric.timed("calibration.reference", "ms", new double[] {1, 2})));
    }

    @Test
    void writesTheFormatHeaderAndDerivedStatistics(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("r.json");
        RecordFormat.write(sample(), f);
        var o = JsonParser.parseString(Files.readString(f)).getAsJsonObject();
        assertEquals(BenchRecord.FORMAT, o.get("format").getAsString());
        assertEquals(1, o.get("version").getAsInt());
        var m = o.getAsJsonArray("metrics").get(0).getAsJsonObject();
        assertEquals(2.625, m.get("median").getAsDouble(), 0);
        assertEquals(2.25, m.getAsJsonObject("spread").get("min").getAsDouble(), 0);
        assertEquals(3.0, m.getAsJsonObject("spread").get("max").getAsDouble(), 0);
        assertEquals("lower", m.get("better").getAsString());
        assertEquals(sample(), RecordFormat.read(f));
    }

    @Test
    void refusesOtherFormatsAndVersions() {
        String json = RecordFormat.toJson(sample());
        IOException v = assertThrows(IOException.class,
                () -> RecordFormat.fromJson(json.replace("\"version\": 1", "\"version\": 2"), "x.json"));
        assertTrue(v.getMessage().contains("version 2"), v.getMessage());
        IOException f = assertThrows(IOException.class,
                () -> RecordFormat.fromJson(json.replace(BenchRecord.FORMAT, "something-else"), "x.json"));
        assertTrue(f.getMessage().contains("not a benchmark record"), f.getMessage());
        assertThrows(IOException.class, () -> RecordFormat.fromJson("{\"format\": \"" + BenchRecord.FORMAT
                + "\", \"version\": 1}", "x.json"));
    }

    @Test
    void metricsNeedFiniteSamplesAndUniqueNames() {
        assertThrows(IllegalArgumentException.class, () -> Metric.timed("t", "ms", new double[0]));
        assertThrows(IllegalArgumentException.class, () -> Metric.timed("t", "ms", new double[] {1, Double.NaN}));
        Metric m = Metric.exact("a", "calls", Better.LOWER, 1);
        assertThrows(IllegalArgumentException.class, () -> Records.of("d", List.of(m, m)));
        assertThrows(IllegalArgumentException.class, () -> Records.of("d", "missing", List.of(m)));
    }

    @Test
    void quantilesInterpolateBetweenOrderStatistics() {
        Metric m = Metric.timed("t", "ms", new double[] {4, 1, 3, 2});
        assertEquals(2.5, m.median(), 0);
        assertEquals(1.75, m.q1(), 1e-15);
        assertEquals(3.25, m.q3(), 1e-15);
        assertEquals(7, Metric.timed("t", "ms", new double[] {7}).median(), 0);
    }

    /** Any record survives writing and reading exactly (samples are written with every digit). */
    @Property(tries = 60)
    void roundTripIsExact(@ForAll @Size(min = 1, max = 20) List<@DoubleRange(min = -1e12, max = 1e12) Double> values,
                          @ForAll boolean deterministic) throws IOException {
        double[] samples = values.stream().mapToDouble(Double::doubleValue).toArray();
        BenchRecord r = Records.of("2026-12-02", List.of(new Metric("m", "ms", Better.LOWER, deterministic, samples)));
        assertEquals(r, RecordFormat.fromJson(RecordFormat.toJson(r), "property"));
    }
}
