package dev.olafhe.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.olafhe.nn.ModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Malformed plan files are refused with one line that names the file and says what is wrong. */
public class PlanFileTest {
    static final Path TINY = ModelFiles.dir().resolve("tiny_resnet.plan.json");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json at all {|not valid JSON",
            "[1, 2]|expected a JSON object",
            "{\"format\": \"other\"}|not an OLA-FHE plan",
            "{\"format\": \"olafhe-plan\", \"version\": 99}|version 99",
            "{\"format\": \"olafhe-plan\", \"version\": \"1\"}|version '\"1\"'",
            "{\"format\": [], \"version\": 1}|not an OLA-FHE plan",
            "{\"format\": \"olafhe-plan\", \"version\": 1} trailing|not valid JSON",
            "''|expected a JSON object"})
    void malformedDocumentsAreRefusedClearly(String json, String expected, @TempDir Path dir) throws IOException {
        assertRefused(dir, json, expected);
    }

    /** One field of a complete, valid plan damaged: the message names the field and the problem. */
    @Test
    void damagedFieldsAreRefusedNamingTheField(@TempDir Path dir) throws IOException {
        assertRefused(dir, mutate(p -> p.remove("layers")), "layers is missing");
        assertRefused(dir, mutate(p -> p.add("layers", new JsonPrimitive("many"))), "layers must be an array");
        assertRefused(dir, mutate(p -> layer(p, 0).add("interval", array(1, -1))), "layers[0].interval is [1.0, -1.0];"
                + " it needs a < b");
        assertRefused(dir, mutate(p -> layer(p, 1).addProperty("degree", 3)), "degree + 1 = 4 Chebyshev coefficients");
        assertRefused(dir, mutate(p -> layer(p, 2).addProperty("index", 0)), "activation order");
        assertRefused(dir, mutate(p -> coefficients(p, 1).set(2, new JsonPrimitive(1e300))),
                "layers[1].coefficients[2] is 1.0E300, outside");
        assertRefused(dir, mutate(p -> coefficients(p, 0).set(0, new JsonPrimitive("NaN"))),
                "layers[0].coefficients[0] is NaN, outside");
        assertRefused(dir, mutate(p -> layer(p, 0).addProperty("kind", "SWISH")), "'SWISH', not an activation kind");
        assertRefused(dir, mutate(p -> layer(p, 0).addProperty("basis", "power")), "chebyshev series only");
        assertRefused(dir, mutate(p -> layer(p, 0).addProperty("degree", 100000)), "layers[0].degree is 100000");
        assertRefused(dir, mutate(p -> p.getAsJsonObject("model").addProperty("sha256", "xyz")), "64 lower-case hex");
        assertRefused(dir, mutate(p -> p.getAsJsonObject("model").addProperty("activations", 2)),
                "layers has 3 elements; expected 2");
        assertRefused(dir, mutate(p -> p.addProperty("colour", "blue")), "unknown field 'colour'");
        assertRefused(dir, mutate(p -> p.getAsJsonObject("data").addProperty("seed", 1.5)),
                "data.seed must be an integer");
        assertRefused(dir, mutate(p -> p.getAsJsonArray("paretoFront").get(0).getAsJsonObject()
                .add("degrees", array(3, 3))), "paretoFront[0].degrees has 2 elements; expected 3");
        assertRefused(dir, mutate(p -> p.getAsJsonObject("impact").getAsJsonArray("top1Drop").get(1).getAsJsonArray()
                .remove(0)), "impact.top1Drop[1] has 4 elements; expected 5");
        assertRefused(dir, mutate(p -> p.getAsJsonArray("baselines").get(0).getAsJsonObject()
                .addProperty("name", "uniform-99999")), "a uniform baseline is named uniform-D");
        assertRefused(dir, mutate(p -> p.getAsJsonObject("budget").addProperty("value", "lots")),
                "budget.value must be a number, not '\"lots\"'");
    }

    /** Every field the planner writes is required (except the test-set ones, absent when no test set was used). */
    @Test
    void everyRequiredFieldMustBePresent(@TempDir Path dir) throws IOException {
        JsonObject plan = JsonParser.parseString(Files.readString(TINY)).getAsJsonObject();
        for (String field : plan.keySet()) {
            if (!field.equals("format") && !field.equals("version")) {
                assertRefused(dir, mutate(p -> p.remove(field)), field + " is missing");
            }
        }
        for (String field : layer(plan, 0).keySet()) {
            assertRefused(dir, mutate(p -> layer(p, 0).remove(field)), "layers[0]." + field + " is missing");
        }
    }

    /**
     * The held-out accuracy fields (acceptance margin, test-set report, baseline bounds, tail factor, confidence,
     * impact images) are optional, so older plans still read; present, they round-trip and are checked.
     */
    @Test
    void heldOutFieldsAreOptionalAndChecked(@TempDir Path dir) throws IOException {
        String withAll = mutate(PlanFileTest::addHeldOutFields);
        Path f = dir.resolve("new.plan.json");
        Files.writeString(f, withAll);
        Plan p = PlanFile.read(f);
        assertEquals(0.0021, p.accuracy().acceptanceMargin());
        assertEquals(0, p.accuracy().validationNonFinite());
        assertEquals(new Plan.HeldOut(10000, -0.0001, 0.001, 0, 0.0), p.accuracy().test());
        assertEquals(0.95, p.budget().confidence());
        assertEquals(2.0, p.solver().tail());
        assertEquals(1000, p.data().impactImages());
        assertEquals(0.004, p.baselines().get(0).dropUpperBound());
        assertEquals(0.001, p.attempts().get(0).margin());
        assertEquals(JsonParser.parseString(withAll), JsonParser.parseString(PlanFile.toJson(p)));
        assertEquals(0.0, PlanFile.read(TINY).solver().tail()); // an older plan: no tail term
        assertRefused(dir, mutate(q -> {
            addHeldOutFields(q);
            q.getAsJsonObject("budget").addProperty("confidence", 2);
        }), "budget.confidence is 2");
        assertRefused(dir, mutate(q -> {
            addHeldOutFields(q);
            q.getAsJsonObject("accuracy").getAsJsonObject("test").addProperty("nonFiniteLogits", -1);
        }), "accuracy.test.nonFiniteLogits");
        assertRefused(dir, mutate(q -> {
            addHeldOutFields(q);
            q.getAsJsonObject("accuracy").getAsJsonObject("test").addProperty("colour", 1);
        }), "unknown field 'colour'");
        assertRefused(dir, mutate(q -> {
            addHeldOutFields(q);
            q.getAsJsonObject("solver").addProperty("intervalTail", -1);
        }), "solver.intervalTail");
    }

    private static void addHeldOutFields(JsonObject p) {
        JsonObject a = p.getAsJsonObject("accuracy");
        a.addProperty("acceptanceMargin", 0.0021);
        a.addProperty("validationNonFinite", 0);
        JsonObject test = new JsonObject();
        test.addProperty("images", 10000);
        test.addProperty("drop", -0.0001);
        test.addProperty("dropUpperBound", 0.001);
        test.addProperty("nonFiniteLogits", 0);
        test.addProperty("outOfIntervalShare", 0.0);
        a.add("test", test);
        p.getAsJsonObject("budget").addProperty("confidence", 0.95);
        p.getAsJsonObject("solver").addProperty("intervalTail", 2.0);
        p.getAsJsonObject("data").addProperty("impactImages", 1000);
        p.getAsJsonArray("baselines").get(0).getAsJsonObject().addProperty("dropUpperBound", 0.004);
        p.getAsJsonArray("attempts").get(0).getAsJsonObject().addProperty("margin", 0.001);
    }

    @Test
    void aDirectoryABinaryOrAnOversizedFileIsRefusedWithoutReadingIt(@TempDir Path dir) throws IOException {
        IOException e = assertThrows(IOException.class, () -> PlanFile.read(dir));
        assertTrue(e.getMessage().equals(dir + " is a directory, not a regular file"), e.getMessage());
        Path binary = dir.resolve("binary.plan.json");
        Files.write(binary, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'});
        e = assertThrows(IOException.class, () -> PlanFile.read(binary));
        assertEquals(binary + " is not a text file (not UTF-8), so not an OLA-FHE plan", e.getMessage());
        Path huge = dir.resolve("huge.plan.json");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(PlanFile.MAX_BYTES + 1); // sparse: no disk used
        }
        e = assertThrows(IOException.class, () -> PlanFile.read(huge));
        assertTrue(e.getMessage().contains("more than the " + PlanFile.MAX_BYTES), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"missing.plan.json"})
    void missingFileSaysHowToCreateOne(String name, @TempDir Path dir) {
        IOException e = assertThrows(IOException.class, () -> PlanFile.read(dir.resolve(name)));
        assertTrue(e.getMessage().contains("ola plan"), e.getMessage());
    }

    /**
     * The committed plans read and write back to the same JSON (numbers compared by value: the free-form provenance
     * reads integers as doubles), so every field is still read and written.
     */
    @Test
    void committedPlansReadAndWriteBackTheSameJson() throws IOException {
        for (String model : new String[] {"tiny_resnet", "resnet20", "resnet32", "convnext_tiny32"}) {
            Path file = ModelFiles.dir().resolve(model + ".plan.json");
            assertEquals(JsonParser.parseString(Files.readString(file)),
                    JsonParser.parseString(PlanFile.toJson(PlanFile.read(file))), model);
        }
    }

    /** The plan writer goes through SafeFiles: a device is never replaced by a plan. */
    @Test
    void writingOverADeviceIsRefused() throws IOException {
        Plan plan = PlanFile.read(TINY);
        IOException e = assertThrows(IOException.class, () -> PlanFile.write(plan, Path.of("/dev/null")));
        assertTrue(e.getMessage().contains("is not a regular file"), e.getMessage());
    }

    private static void assertRefused(Path dir, String json, String expected) throws IOException {
        Path f = dir.resolve("bad.plan.json");
        Files.writeString(f, json);
        IOException e = assertThrows(IOException.class, () -> PlanFile.read(f));
        String m = e.getMessage();
        assertTrue(m.contains(expected) && m.contains(f.toString()) && m.lines().count() == 1, m);
    }

    /** The committed tiny_resnet plan with {@code change} applied, as JSON text. */
    public static String mutate(Consumer<JsonObject> change) throws IOException {
        JsonObject plan = JsonParser.parseString(Files.readString(TINY)).getAsJsonObject();
        change.accept(plan);
        return plan.toString();
    }

    private static JsonObject layer(JsonObject plan, int i) {
        return plan.getAsJsonArray("layers").get(i).getAsJsonObject();
    }

    private static JsonArray coefficients(JsonObject plan, int i) {
        return layer(plan, i).getAsJsonArray("coefficients");
    }

    private static JsonArray array(double... values) {
        JsonArray a = new JsonArray();
        for (double v : values) {
            a.add(v);
        }
        return a;
    }
}
