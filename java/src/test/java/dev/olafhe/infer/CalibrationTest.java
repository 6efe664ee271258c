package dev.olafhe.infer;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.olafhe.backend.Backends;
import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.RandomSources;
import dev.olafhe.ckks.boot.BootstrappingParameters;
import dev.olafhe.ckks.boot.BootstrappingPresets;
import dev.olafhe.infer.MeasuredLevelCosts.Primitive;
import dev.olafhe.util.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Calibration end to end on the logN-11 test preset (no timing is asserted), and the cost file: it round-trips, and
 * damaged files and files for other parameters are refused with one line naming the file and the field.
 */
public class CalibrationTest {
    private static final CkksParameters LOGN11 = BootstrappingParameters.of(
            BootstrappingPresets.byName(BootstrappingPresets.LOGN11_INSECURE).orElseThrow()).ckks();

    @Test
    void calibrationMeasuresEveryPrimitiveAtTheChosenLevelsAndTheFileRoundTrips(@TempDir Path tmp) throws IOException {
        long[] steps = {0};
        ProgressListener progress = (label, total) -> n -> steps[0] += n;
        LevelCostFile costs = Calibration.run(new Calibration.Options(BootstrappingPresets.LOGN11_INSECURE, 2, 1, true,
                "test", null, false), Backends.decide("cpu"), RandomSources.deterministic(1), progress);
        assertEquals(List.of(1, 3, 5), Calibration.levels(5, 2));
        assertEquals(3L * Primitive.values().length + 2, steps[0],
                "progress: every primitive and level, the bootstrap at both end levels");
        for (Primitive p : Primitive.values()) {
            assertEquals(List.of(1, 3, 5), List.copyOf(costs.primitives().get(p).keySet()), p.key());
            costs.primitives().get(p).values().forEach(t -> assertTrue(t.median() > 0 && t.spread() == 0, p.key()));
        }
        assertNotNull(costs.bootstrap());
        assertEquals(List.of(1, 5), List.copyOf(costs.bootstrap().keySet()), "bootstrap at a low and the top end level");
        costs.bootstrap().values().forEach(t -> assertTrue(t.median() > 0, t.toString()));
        assertEquals(LevelCostFile.VERSION, costs.version());
        assertEquals(10, costs.logSlots());
        assertEquals("cpu", costs.backend());
        costs.requireParameters(LOGN11, tmp);
        Path file = tmp.resolve("costs.json");
        costs.write(file);
        LevelCostFile back = LevelCostFile.read(file);
        assertEquals(costs, back);
        MeasuredLevelCosts model = back.model(file);
        double low = costs.bootstrap().get(1).median();
        double high = costs.bootstrap().get(5).median();
        assertEquals(low, model.bootstrap(1));
        assertEquals(high, model.bootstrap(5));
        assertEquals((low + high) / 2, model.bootstrap(3), 1e-12 * high, "linear between the measured end levels");
        assertTrue(model.source().contains("bootstrap by end level, measured at levels [1, 5]"), model.source());
        assertEquals(costs.primitives().get(Primitive.ROTATE).get(3).median(), model.seconds(Primitive.ROTATE, 3));
        assertTrue(model.source().contains(file.toString()), model.source());
        model.requireBootstrapSlots(1024);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.requireBootstrapSlots(512));
        assertTrue(e.getMessage().endsWith("the bootstrap was timed at 2^10 slots, but the program has 512; calibrate "
                + "with --log-slots 9"), e.getMessage());
    }

    /** With compact keys and diagonals (no bootstrap): the file says so, and so does the model. */
    @Test
    void compactCalibrationIsRecorded() {
        LevelCostFile costs = Calibration.run(new Calibration.Options(BootstrappingPresets.LOGN11_INSECURE, 5, 1, false,
                "test", null, true), Backends.decide("cpu"), RandomSources.deterministic(2), ProgressListener.NONE);
        assertTrue(costs.compact());
        assertEquals(null, costs.bootstrap());
        assertEquals(List.of(1, 5), List.copyOf(costs.primitives().get(Primitive.ENCODE_DIAGONAL).keySet()));
        MeasuredLevelCosts model = costs.model(Path.of("c.json"));
        assertTrue(model.compact());
        model.requireResidency(true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.requireResidency(false));
        assertTrue(e.getMessage().endsWith("was measured with compact keys, but this run keeps them resident; run with "
                + "--compact yes or calibrate without --compact"), e.getMessage());
    }

    @Test
    void levelsRunFromTheTopByTheStepAndAlwaysIncludeLevelOne() {
        assertEquals(List.of(1, 2, 3, 4, 5), Calibration.levels(5, 1));
        assertEquals(List.of(1, 4, 8, 12, 16), Calibration.levels(16, 4));
        assertEquals(List.of(1, 16), Calibration.levels(16, 100));
        assertThrows(IllegalArgumentException.class, () -> new Calibration.Options("x", 0, 1, true, "v", null, false));
        assertThrows(IllegalArgumentException.class, () -> new Calibration.Options("x", 1, 0, true, "v", null, false));
    }

    /** A hand-made file with the logN-11 fingerprint (nothing timed). */
    public static LevelCostFile handMade(boolean bootstrap) {
        Map<Primitive, SortedMap<Integer, LevelCostFile.Timing>> p = new EnumMap<>(Primitive.class);
        for (Primitive q : Primitive.values()) {
            SortedMap<Integer, LevelCostFile.Timing> m = new TreeMap<>();
            m.put(1, new LevelCostFile.Timing(1e-3 * (q.ordinal() + 1), 1e-5));
            m.put(5, new LevelCostFile.Timing(3e-3 * (q.ordinal() + 1), 2e-5));
            p.put(q, m);
        }
        return new LevelCostFile("test", "2026-12-03T00:00:00Z", Map.of("cpu", "test cpu", "cpus", "2", "java", "17"),
                "cpu", BootstrappingPresets.LOGN11_INSECURE, LOGN11.summary(), LevelCostFile.fingerprint(LOGN11), 10,
                false, 3,
                p, bootstrap ? new TreeMap<>(Map.of(1, new LevelCostFile.Timing(2.5, 0.1),
                5, new LevelCostFile.Timing(3.0, 0.1))) : null, LevelCostFile.VERSION);
    }

    /**
     * A version-1 file (one bootstrap timing) is still read: its time applies at every end level, and the model's
     * source says so; it writes back as version 1.
     */
    @Test
    void versionOneFilesChargeTheirOneBootstrapTimeAtEveryEndLevel(@TempDir Path tmp) throws IOException {
        LevelCostFile v2 = handMade(true);
        Path file = tmp.resolve("v1.json");
        JsonObject o = JsonParser.parseString(Files.readString(writeTo(v2, tmp.resolve("v2.json")))).getAsJsonObject();
        o.addProperty("version", 1);
        JsonObject single = new JsonObject();
        single.addProperty("median", 4.0);
        single.addProperty("spread", 0.2);
        o.add("bootstrap", single);
        Files.writeString(file, o.toString());
        LevelCostFile v1 = LevelCostFile.read(file);
        assertEquals(1, v1.version());
        assertEquals(Map.of(5, new LevelCostFile.Timing(4.0, 0.2)), v1.bootstrap(), "keyed by the preset's top level");
        MeasuredLevelCosts model = v1.model(file);
        for (int end = 0; end <= 5; end++) {
            assertEquals(4.0, model.bootstrap(end), "end level " + end);
        }
        assertTrue(model.source().contains("one bootstrap time for every end level"), model.source());
        Path again = tmp.resolve("again.json");
        v1.write(again);
        assertEquals(v1, LevelCostFile.read(again));
        assertTrue(Files.readString(again).contains("\"version\": 1"), Files.readString(again));
    }

    private static Path writeTo(LevelCostFile f, Path file) throws IOException {
        f.write(file);
        return file;
    }

    @Test
    void damagedFilesAreRefusedWithOneLineNamingTheFileAndField(@TempDir Path tmp) throws IOException {
        Path good = tmp.resolve("good.json");
        handMade(true).write(good);
        assertEquals(handMade(true), LevelCostFile.read(good));
        // a version-2 file keys its bootstrap timings by end level
        assertRefused(tmp, o -> o.getAsJsonObject("bootstrap").add("top", o.getAsJsonObject("bootstrap").get("5")),
                "which is not a level");
        assertRefused(tmp, o -> o.getAsJsonObject("bootstrap").getAsJsonObject("1").addProperty("median", -1),
                "bootstrap.1.median");
        assertRefused(tmp, o -> o.add("bootstrap", new JsonObject()), "bootstrap has no level");
        handMade(false).write(good);
        assertEquals(handMade(false), LevelCostFile.read(good));
        assertRefused(tmp, o -> o.remove("backend"), "backend is missing");
        assertRefused(tmp, o -> o.addProperty("format", "olafhe-bench"), "is not an ola level-cost file");
        assertRefused(tmp, o -> o.addProperty("version", 3), "version");
        assertRefused(tmp, o -> o.addProperty("version", 0), "version");
        assertRefused(tmp, o -> o.addProperty("surprise", 1), "unknown field 'surprise'");
        assertRefused(tmp, o -> o.addProperty("parameterFingerprint", "abc"), "parameterFingerprint must be 64");
        assertRefused(tmp, o -> o.getAsJsonObject("machine").remove("cpu"), "machine.cpu is missing");
        assertRefused(tmp, o -> o.getAsJsonObject("primitives").remove("rotate"), "primitives.rotate is missing");
        assertRefused(tmp, o -> o.getAsJsonObject("primitives").add("teleport", new JsonObject()),
                "unknown primitive 'teleport'");
        assertRefused(tmp, o -> o.getAsJsonObject("primitives").getAsJsonObject("add").add("x1",
                o.getAsJsonObject("primitives").getAsJsonObject("add").get("1")), "which is not a level");
        assertRefused(tmp, o -> o.getAsJsonObject("primitives").getAsJsonObject("add").getAsJsonObject("1")
                .addProperty("median", -1), "primitives.add.1.median");
        assertRefused(tmp, o -> o.getAsJsonObject("primitives").getAsJsonObject("add").getAsJsonObject("1")
                .add("median", new JsonPrimitive("fast")), "primitives.add.1.median");
        Path truncated = tmp.resolve("truncated.json");
        Files.writeString(truncated, Files.readString(good).substring(0, 100));
        IOException e = assertThrows(IOException.class, () -> LevelCostFile.read(truncated));
        assertTrue(e.getMessage().startsWith(truncated.toString()) && e.getMessage().lines().count() == 1,
                e.getMessage());
    }

    private static void assertRefused(Path tmp, Consumer<JsonObject> damage, String expected) throws IOException {
        JsonObject o = JsonParser.parseString(Files.readString(tmp.resolve("good.json"))).getAsJsonObject();
        damage.accept(o);
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, o.toString());
        IOException e = assertThrows(IOException.class, () -> LevelCostFile.read(bad));
        assertTrue(e.getMessage().startsWith(bad.toString()) && e.getMessage().contains(expected)
                && e.getMessage().lines().count() == 1, e.getMessage());
    }

    @Test
    void aFileForOtherParametersIsRefused(@TempDir Path tmp) {
        CkksParameters other = CkksParameters.of(InferenceParameters.forLevels(11, 4, 40, true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> handMade(true).requireParameters(other, tmp.resolve("c.json")));
        assertTrue(e.getMessage().contains("c.json was measured for other parameters (logn11-insecure: CKKS logN=11")
                && e.getMessage().contains("than this run's (CKKS logN=11"), e.getMessage());
    }
}
