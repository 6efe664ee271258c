package dev.olafhe.infer;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.CkksSerializer;
import dev.olafhe.nn.ModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** session.json (fields, paths, bounded and checked reading), hashes, security choices and the key folder's checks. */
class InferenceSessionTest {
    private static final String HASH = "ab".repeat(32);

    /** tiny_resnet with the degree-3 interpolant on 100 calibration images, logN 11 (INSECURE): compiles in seconds. */
    private static InferenceSession tiny(Path model) throws IOException {
        return InferenceSession.create(model, null, 3, 100, false, "fashion-mnist", 11, 40, true, "none", false);
    }

    @Test
    void theFileKeepsItsFieldsAndReadsBack(@TempDir Path tmp) throws IOException {
        Path plan = ModelFiles.onnx("tiny_resnet").resolveSibling("tiny_resnet.plan.json");
        InferenceSession s = InferenceSession.create(ModelFiles.onnx("tiny_resnet"), plan, 63, 500, false,
                "fashion-mnist", 16, 40, false, "n16-resnet", false);
        s.save(tmp);
        List<String> fields = new ArrayList<>(JsonParser.parseString(Files.readString(tmp.resolve(InferenceSession.FILE)))
                .getAsJsonObject().keySet());
        assertEquals(List.of("model", "modelSha256", "plan", "planSha256", "degree", "calibration", "data", "logN",
                "logScale", "insecure", "bootstrapping", "composite", "deterministicKeys"), fields);
        assertEquals(s, InferenceSession.load(tmp));
        assertEquals(64, s.modelSha256().length());
    }

    /** Paths are stored relative to the key folder: it works from any directory and moves along with its model. */
    @Test
    void pathsAreStoredRelativeToTheKeyFolder(@TempDir Path tmp) throws IOException {
        Path project = Files.createDirectories(tmp.resolve("a"));
        Path model = Files.copy(ModelFiles.onnx("tiny_resnet"), project.resolve("m.onnx"));
        tiny(model).save(project.resolve("keys"));
        JsonObject stored = JsonParser.parseString(Files.readString(project.resolve("keys/session.json")))
                .getAsJsonObject();
        assertEquals(Path.of("..", "m.onnx").toString(), stored.get("model").getAsString());

        Path moved = Files.move(project, tmp.resolve("b"));
        InferenceSession s = InferenceSession.load(moved.resolve("keys"));
        assertEquals(moved.resolve("m.onnx").toString(), s.model());
        assertEquals(11, s.compile().params().logN(), "the moved folder compiles against the moved model");
    }

    /** A session.json of an earlier version: no composite, bootstrapping or deterministicKeys, paths from keygen's cwd. */
    @Test
    void anEarlierSessionFileStillLoads(@TempDir Path tmp) throws Exception {
        Path model = ModelFiles.onnx("tiny_resnet");
        String fromCwd = Path.of("").toAbsolutePath().relativize(model).toString();
        Files.writeString(tmp.resolve(InferenceSession.FILE), "{\"model\": \"" + fromCwd + "\", \"modelSha256\": \""
                + HASH + "\", \"degree\": 63, \"calibration\": 500, \"data\": \"fashion-mnist\", \"logN\": 16, "
                + "\"logScale\": 40, \"insecure\": false}");
        InferenceSession s = InferenceSession.load(tmp);
        assertFalse(s.composite());
        assertFalse(s.deterministicKeys());
        assertEquals("none", s.bootstrapping());
        assertEquals(63, s.degree());
        assertEquals(model.toAbsolutePath().normalize().toString(), s.model(), "found from the working directory");
        assertNull(s.plan());
    }

    @Test
    void contradictoryOrUnknownChoicesAreRefusedBeforeAnyWork(@TempDir Path tmp) {
        Path model = ModelFiles.onnx("tiny_resnet");
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> InferenceSession.create(
                model, ModelFiles.onnx("tiny_resnet").resolveSibling("tiny_resnet.plan.json"), 3, 100, true,
                "fashion-mnist", 11, 40, true, "none", false));
        assertTrue(both.getMessage().startsWith("--composite and --plan exclude each other"), both.getMessage());
        IllegalArgumentException preset = assertThrows(IllegalArgumentException.class, () -> InferenceSession.create(
                model, null, 3, 100, false, "fashion-mnist", 11, 40, true, "n17", false));
        assertTrue(preset.getMessage().contains("none, n16-resnet, n16-h192 or logn11-insecure"), preset.getMessage());
        IllegalArgumentException degree = assertThrows(IllegalArgumentException.class, () -> InferenceSession.create(
                model, null, 1_000_000_000, 100, false, "fashion-mnist", 11, 40, true, "none", false));
        assertEquals("--degree must be in [1, 255], got 1000000000", degree.getMessage());
        IllegalArgumentException scale = assertThrows(IllegalArgumentException.class, () -> InferenceSession.create(
                model, null, 3, 100, false, "fashion-mnist", 11, 12, true, "none", false));
        assertEquals("--log-scale must be in [13, 60], got 12", scale.getMessage());
    }

    /** --seed and test-only presets need --insecure; a session that has them says so. */
    @Test
    void insecureChoicesNeedTheInsecureFlagAndAreRecorded(@TempDir Path tmp) throws IOException {
        Path model = ModelFiles.onnx("tiny_resnet");
        IllegalArgumentException seeded = assertThrows(IllegalArgumentException.class, () -> InferenceSession.create(
                model, null, 3, 100, false, "fashion-mnist", 16, 40, false, "none", true));
        assertTrue(seeded.getMessage().startsWith("--seed makes keys and encryption deterministic"), seeded.getMessage());
        assertTrue(seeded.getMessage().endsWith("add --insecure to use it anyway"), seeded.getMessage());
        IllegalArgumentException preset = assertThrows(IllegalArgumentException.class, () -> InferenceSession.create(
                model, null, 3, 100, false, "fashion-mnist", 16, 40, false, "logn11-insecure", false));
        assertTrue(preset.getMessage().startsWith("--bootstrapping logn11-insecure is INSECURE"), preset.getMessage());
        assertTrue(preset.getMessage().contains("add --insecure"), preset.getMessage());

        InferenceSession s = InferenceSession.create(model, null, 3, 100, false, "fashion-mnist", 16, 40, true, "none",
                true);
        s.save(tmp);
        JsonObject stored = JsonParser.parseString(Files.readString(tmp.resolve(InferenceSession.FILE)))
                .getAsJsonObject();
        assertTrue(stored.get("insecure").getAsBoolean());
        assertTrue(stored.get("deterministicKeys").getAsBoolean());
    }

    /** Every field is checked on load, each problem one line naming the file and the field. */
    @Test
    void aSessionFileWithAFieldOutOfRangeIsRefusedInOneLine(@TempDir Path tmp) throws IOException {
        String valid = "{\"model\": \"m.onnx\", \"modelSha256\": \"" + HASH + "\", \"degree\": 63, \"calibration\": "
                + "500, \"data\": \"fashion-mnist\", \"logN\": 16, \"logScale\": 40, \"insecure\": false, "
                + "\"bootstrapping\": \"none\", \"composite\": false, \"deterministicKeys\": false}";
        String file = tmp.resolve(InferenceSession.FILE).toString();
        assertRefused(tmp, valid.replace("\"degree\": 63", "\"degree\": 1000000000"),
                file + ": field degree must be in [1, 255], got 1000000000");
        assertRefused(tmp, valid.replace("\"degree\": 63", "\"degree\": 1e40"),
                file + ": field degree must be an integer of at most 10 digits, got '1e40'");
        assertRefused(tmp, valid.replace("\"calibration\": 500", "\"calibration\": 0"),
                file + ": field calibration must be in [1, 1000000], got 0");
        assertRefused(tmp, valid.replace("\"logN\": 16", "\"logN\": 30"), file + ": field logN must be in [4, 17], got 30");
        assertRefused(tmp, valid.replace("\"logScale\": 40", "\"logScale\": \"40\""),
                file + ": field logScale must be a number");
        assertRefused(tmp, valid.replace("\"bootstrapping\": \"none\"", "\"bootstrapping\": \"n17\""),
                file + ": field bootstrapping must be one of none, n16-resnet, n16-h192, logn11-insecure (a preset may "
                        + "name a level budget, e.g. n16-h192:4,4), got 'n17'");
        assertRefused(tmp, valid.replace("\"bootstrapping\": \"none\"", "\"bootstrapping\": \"n16-h192:6,2\""),
                file + ": field bootstrapping must be one of none, n16-resnet, n16-h192, logn11-insecure (a preset may "
                        + "name a level budget, e.g. n16-h192:4,4), got 'n16-h192:6,2'");
        assertRefused(tmp, valid.replace(HASH, "00"),
                file + ": field modelSha256 must be a SHA-256 (64 lower-case hex digits), got '00'");
        assertRefused(tmp, valid.replace("\"model\": \"m.onnx\", ", ""), file + ": field model is missing");
        assertRefused(tmp, valid.replace("\"data\": \"fashion-mnist\"", "\"data\": \"a\\nb\""),
                file + ": field data must be a path of at most 4096 printable characters, got 'a\\u000ab'");
        assertRefused(tmp, valid.replace("\"deterministicKeys\": false", "\"deterministicKeys\": true"),
                file + ": field insecure is false, but the session is INSECURE (deterministic keys)");
        assertRefused(tmp, valid.replace("\"bootstrapping\": \"none\"", "\"bootstrapping\": \"logn11-insecure\""),
                file + ": field insecure is false, but the session is INSECURE (test-only preset logn11-insecure)");
        assertRefused(tmp, valid.replace("\"composite\": false", "\"composite\": true, \"extra\": 1"),
                file + ": unknown field 'extra' (not an OLA-FHE session?)");
        assertRefused(tmp, valid.substring(0, 40), file + " is not an OLA-FHE session: invalid JSON (");
        assertRefused(tmp, valid + " []", file + " is not an OLA-FHE session: invalid JSON (");
        assertRefused(tmp, "[1, 2]", file + " is not an OLA-FHE session: invalid JSON (a JSON object was expected)");
        assertRefused(tmp, " ".repeat(SessionFile.MAX_BYTES + 1),
                file + " is not an OLA-FHE session: more than 65536 bytes");
        IOException missing = assertThrows(IOException.class, () -> InferenceSession.load(tmp.resolve("none")));
        assertTrue(missing.getMessage().contains("has no session.json (not a key folder)"), missing.getMessage());
    }

    private static void assertRefused(Path dir, String json, String messageStart) throws IOException {
        Files.writeString(dir.resolve(InferenceSession.FILE), json);
        IOException e = assertThrows(IOException.class, () -> InferenceSession.load(dir));
        assertTrue(e.getMessage().startsWith(messageStart), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void aModelChangedSinceKeygenIsRefused(@TempDir Path tmp) throws IOException {
        Path model = Files.copy(ModelFiles.onnx("tiny_resnet"), tmp.resolve("m.onnx"));
        InferenceSession s = tiny(model);
        Files.write(model, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        IOException e = assertThrows(IOException.class, s::compile);
        assertTrue(e.getMessage().contains("changed since the keys were made"), e.getMessage());
    }

    @Test
    void aKeyFolderWithParametersOfAnotherSessionIsRefused(@TempDir Path tmp) throws IOException {
        InferenceSession s = tiny(ModelFiles.onnx("tiny_resnet"));
        s.save(tmp);
        CkksParameters other = CkksParameters.of(InferenceParameters.forLevels(11, 3, 40, true));
        CkksSerializer.saveParameters(other, tmp.resolve(KeyFolder.PARAMETERS_FILE));
        KeyFolder folder = KeyFolder.open(tmp);
        assertEquals(11, folder.compiled().params().logN());
        IOException e = assertThrows(IOException.class, folder::storedParameters);
        assertTrue(e.getMessage().contains("do not belong together"), e.getMessage());
        CkksSerializer.saveParameters(folder.compiled().params(), tmp.resolve(KeyFolder.PARAMETERS_FILE));
        assertEquals(folder.compiled().params().literal(), folder.storedParameters().literal());
    }

    @Test
    void aTestImageOutsideTheTestSetIsRefused() throws IOException {
        InferenceSession s = tiny(ModelFiles.onnx("tiny_resnet"));
        assertEquals(4, s.testImage(4).index());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.testImage(-1));
        assertTrue(e.getMessage().contains("outside the test set"), e.getMessage());
    }
}
