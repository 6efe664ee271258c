package dev.olafhe.infer;

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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** session.json (its format is what keygen wrote before: unchanged), hashes, and the key folder's checks. */
class InferenceSessionTest {
    /** tiny_resnet with the degree-3 interpolant on 100 calibration images, logN 11 (INSECURE): compiles in seconds. */
    private static InferenceSession tiny(Path model) throws IOException {
        return InferenceSession.create(model, null, 3, 100, false, "fashion-mnist", 11, 40, true, "none");
    }

    @Test
    void theFileKeepsItsFieldsAndReadsBack(@TempDir Path tmp) throws IOException {
        Path plan = ModelFiles.onnx("tiny_resnet").resolveSibling("tiny_resnet.plan.json");
        InferenceSession s = InferenceSession.create(ModelFiles.onnx("tiny_resnet"), plan, 63, 500, false,
                "fashion-mnist", 16, 40, false, "n16-resnet");
        s.save(tmp);
        List<String> fields = new ArrayList<>(JsonParser.parseString(Files.readString(tmp.resolve(InferenceSession.FILE)))
                .getAsJsonObject().keySet());
        assertEquals(List.of("model", "modelSha256", "plan", "planSha256", "degree", "calibration", "data", "logN",
                "logScale", "insecure", "bootstrapping", "composite"), fields);
        assertEquals(s, InferenceSession.load(tmp));
        assertEquals(64, s.modelSha256().length());
    }

    /** A session.json written before --composite existed (no such field) loads as a non-composite session. */
    @Test
    void sessionWithoutTheCompositeFieldLoadsAsNotComposite(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve(InferenceSession.FILE), "{\"model\": \"m.onnx\", \"modelSha256\": \"00\", "
                + "\"degree\": 63, \"calibration\": 500, \"data\": \"fashion-mnist\", \"logN\": 16, "
                + "\"logScale\": 40, \"insecure\": false, \"bootstrapping\": \"none\"}");
        InferenceSession s = InferenceSession.load(tmp);
        assertFalse(s.composite());
        assertEquals(63, s.degree());
    }

    @Test
    void contradictoryOrUnknownChoicesAreRefusedBeforeAnyWork(@TempDir Path tmp) {
        Path model = ModelFiles.onnx("tiny_resnet");
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> InferenceSession.create(
                model, tmp.resolve("plan.json"), 3, 100, true, "fashion-mnist", 11, 40, true, "none"));
        assertTrue(both.getMessage().contains("--composite and --plan exclude each other"), both.getMessage());
        IllegalArgumentException preset = assertThrows(IllegalArgumentException.class, () -> InferenceSession.create(
                model, null, 3, 100, false, "fashion-mnist", 11, 40, true, "n17"));
        assertTrue(preset.getMessage().contains("none, n16-resnet or logn11-insecure"), preset.getMessage());
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
