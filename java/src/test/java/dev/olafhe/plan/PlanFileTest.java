package dev.olafhe.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Malformed plan files are refused with a message that says what is wrong. */
class PlanFileTest {
    static final String LAYER = "{\"index\": 0, \"name\": \"r\", \"kind\": \"RELU\", \"interval\": [-1, 1],"
            + " \"degree\": 2, \"coefficients\": [0.1, 0.5, 0.3]}";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json at all {|not valid JSON",
            "[1, 2]|expected a JSON object",
            "{\"format\": \"other\"}|not an OLA-FHE plan",
            "{\"format\": \"olafhe-plan\", \"version\": 99}|version 99",
            "{\"format\": \"olafhe-plan\", \"version\": 1}|no \"layers\"",
            "{\"format\": \"olafhe-plan\", \"version\": 1, \"layers\": [{\"index\": 0, \"interval\": [1, -1],"
                    + " \"degree\": 1, \"coefficients\": [0, 1]}]}|a < b",
            "{\"format\": \"olafhe-plan\", \"version\": 1, \"layers\": [{\"index\": 0, \"interval\": [-1, 1],"
                    + " \"degree\": 3, \"coefficients\": [0, 1]}]}|degree + 1",
            "{\"format\": \"olafhe-plan\", \"version\": 1, \"layers\": [{\"index\": 4, \"interval\": [-1, 1],"
                    + " \"degree\": 1, \"coefficients\": [0, 1]}]}|activation order",
            "{\"format\": \"olafhe-plan\", \"version\": 1, \"layers\": \"many\"}|malformed plan"})
    void malformedPlansAreRefusedClearly(String json, String expected, @TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad.plan.json");
        Files.writeString(f, json);
        IOException e = assertThrows(IOException.class, () -> PlanFile.read(f));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"missing.plan.json"})
    void missingFileSaysHowToCreateOne(String name, @TempDir Path dir) {
        IOException e = assertThrows(IOException.class, () -> PlanFile.read(dir.resolve(name)));
        assertTrue(e.getMessage().contains("ola plan"), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void minimalValidPlanReads(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("ok.plan.json");
        Files.writeString(f, "{\"format\": \"olafhe-plan\", \"version\": 1, \"layers\": [" + LAYER + "]}");
        assertTrue(PlanFile.read(f).layers().get(0).degree() == 2);
    }

    /**
     * The committed plans read and write back to the same JSON (numbers compared by value: the free-form provenance
     * reads integers as doubles), so every field is still read and written.
     */
    @org.junit.jupiter.api.Test
    void committedPlansReadAndWriteBackTheSameJson() throws IOException {
        for (String model : new String[] {"tiny_resnet", "resnet20", "resnet32", "convnext_tiny32"}) {
            Path file = dev.olafhe.nn.ModelFiles.dir().resolve(model + ".plan.json");
            assertEquals(JsonParser.parseString(Files.readString(file)),
                    JsonParser.parseString(PlanFile.toJson(PlanFile.read(file))), model);
        }
    }
}
