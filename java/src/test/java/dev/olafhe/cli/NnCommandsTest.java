package dev.olafhe.cli;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.olafhe.nn.ModelFiles;
import dev.olafhe.util.FileDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.olafhe.cli.OlaCli.ola;
import static dev.olafhe.cli.OlaCli.olaOutput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NnCommandsTest {
    @Test
    void evalPrintsTopOneAccuracy() {
        String out = olaOutput("eval", "--model", ModelFiles.onnx("resnet20").toString(), "--limit", "200");
        System.out.print("[cli] " + out);
        assertTrue(out.matches("(?s).*top-1 \\d+\\.\\d\\d% \\(\\d+/200\\).*"), out);
    }

    @Test
    void profileWritesEveryActivationWithProvenance(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("profile.json");
        Path model = ModelFiles.onnx("resnet20");
        olaOutput("profile", "--model", model.toString(), "--calibration-size", "64", "--validation-size", "10",
                "--seed", "3", "--bins", "32", "--out", json.toString());
        JsonObject o = new Gson().fromJson(Files.readString(json), JsonObject.class);
        JsonObject prov = o.getAsJsonObject("provenance");
        assertEquals(FileDigest.sha256(model), prov.get("model_sha256").getAsString());
        assertEquals(64, prov.get("model_sha256").getAsString().length());
        assertEquals("calibration", prov.get("split").getAsString());
        assertEquals(3, prov.get("split_seed").getAsLong());
        assertEquals(64, prov.get("images").getAsInt());
        assertTrue(prov.has("version") && prov.has("date"));
        JsonArray acts = o.getAsJsonArray("activations");
        assertEquals(19, acts.size());
        for (int i = 0; i < acts.size(); i++) {
            JsonObject a = acts.get(i).getAsJsonObject();
            assertEquals(i, a.get("index").getAsInt());
            assertEquals("RELU", a.get("kind").getAsString());
            JsonArray h = a.getAsJsonArray("histogram");
            assertEquals(32, h.size());
            long sum = 0;
            for (int b = 0; b < h.size(); b++) {
                sum += h.get(b).getAsLong();
            }
            // histogram over the observed range holds every value
            assertEquals(a.get("count").getAsLong(), sum);
            assertEquals(0, a.get("below_range").getAsLong() + a.get("above_range").getAsLong());
            assertEquals(a.get("min").getAsDouble(), a.get("hist_lo").getAsDouble(), 0);
            assertTrue(a.get("std").getAsDouble() > 0);
        }
    }

    @Test
    void missingOrCorruptModelIsOneClearErrorLine(@TempDir Path dir) throws Exception {
        Path corrupt = dir.resolve("corrupt.onnx");
        Files.write(corrupt, new byte[] {0x0a, 0x7f, 0x01});
        for (Path model : new Path[] {dir.resolve("absent.onnx"), corrupt}) {
            OlaCli.Outcome o = ola("eval", "--model", model.toString());
            assertEquals(2, o.exitCode());
            String msg = o.err();
            assertTrue(msg.startsWith("ola eval: error: ") && msg.contains(model.getFileName().toString())
                    && msg.strip().lines().count() == 1, msg);
        }
    }

    @Test
    void profileRefusesTheTestSplit(@TempDir Path dir) {
        int rc = ola("profile", "--model", ModelFiles.onnx("resnet20").toString(),
                "--split", "test", "--out", dir.resolve("p.json").toString()).exitCode();
        assertEquals(2, rc);
    }
}
