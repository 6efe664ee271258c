package dev.olafhe.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.olafhe.cli.OlaCli.Outcome;
import dev.olafhe.infer.LevelCostFile;
import dev.olafhe.nn.ModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.olafhe.cli.CliInputErrorsTest.assertOneLineError;
import static dev.olafhe.cli.OlaCli.ola;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ola calibrate on the logN-11 test preset, and ola bench --level-costs with its file: the prediction comes from the
 * measured costs and says so; a file without a bootstrap time or for other parameters is refused. No timing asserted.
 */
class CalibrateCommandTest {
    @Test
    void calibrateWritesACostFileThatBenchPredictsWith(@TempDir Path tmp) throws Exception {
        Path costs = tmp.resolve("costs.json");
        Outcome calibrate = ola("calibrate", "--bootstrapping", "logn11-insecure", "--out", costs.toString(),
                "--repeats", "1", "--level-step", "4", "--backend", "cpu");
        assertEquals(0, calibrate.exitCode(), calibrate.err());
        assertTrue(calibrate.out().contains("median microseconds per operation") && calibrate.out().contains("bootstrap: ")
                && calibrate.out().contains("wrote " + costs), calibrate.out());
        LevelCostFile file = LevelCostFile.read(costs);
        assertEquals(List.of(1, 5), List.copyOf(file.primitives().values().iterator().next().keySet()));
        Path model = ModelFiles.onnx("tiny_resnet");
        Path plan = model.resolveSibling("tiny_resnet.plan.json");
        Outcome bench = ola("bench", "--model", model.toString(), "--plan", plan.toString(), "--configs", "ola",
                "--bootstrapping", "logn11-insecure", "--images", "1", "--accuracy-images", "0", "--seed", "3",
                "--insecure", "--out", tmp.toString(), "--level-costs", costs.toString());
        assertEquals(0, bench.exitCode(), bench.err());
        JsonObject report = JsonParser.parseString(Files.readString(tmp.resolve("tiny_resnet-bench.json")))
                .getAsJsonObject();
        JsonObject ola = report.getAsJsonArray("configs").get(0).getAsJsonObject();
        assertTrue(ola.get("predictionSource").getAsString().startsWith("measured level costs " + costs),
                ola.toString());
        assertTrue(ola.get("predictedSeconds").getAsDouble() > 0, ola.toString());
        assertEquals(costs.toString(), report.getAsJsonObject("inputs").get("levelCosts").getAsString());
        // --render reads the new field back
        Outcome render = ola("bench", "--render", tmp.resolve("tiny_resnet-bench.json").toString());
        assertEquals(0, render.exitCode(), render.err());
        // ola run places its bootstraps by the same file and prints the time per image it predicts
        Outcome run = ola("run", "--model", model.toString(), "--plan", plan.toString(), "--bootstrapping",
                "logn11-insecure", "--insecure", "--seed", "3", "--level-costs", costs.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("predicted  : ") && run.out().contains("from measured level costs " + costs),
                run.out());
        // the same file for another preset's parameters is refused before anything runs
        assertOneLineError(ola("bench", "--model", model.toString(), "--plan", plan.toString(), "--configs", "ola",
                "--bootstrapping", "n16-resnet", "--images", "1", "--accuracy-images", "0", "--out", tmp.toString(),
                "--level-costs", costs.toString()), "bench", costs + " was measured for other parameters");
    }

    @Test
    void badCalibrationOptionsAndFilesAreOneLine(@TempDir Path tmp) throws Exception {
        Path costs = tmp.resolve("nobootstrap.json");
        Outcome calibrate = ola("calibrate", "--bootstrapping", "logn11-insecure", "--out", costs.toString(),
                "--repeats", "1", "--level-step", "5", "--skip-bootstrap", "--backend", "cpu");
        assertEquals(0, calibrate.exitCode(), calibrate.err());
        assertTrue(calibrate.out().contains("bootstrap: not measured"), calibrate.out());
        Path model = ModelFiles.onnx("tiny_resnet");
        Path plan = model.resolveSibling("tiny_resnet.plan.json");
        assertOneLineError(ola("bench", "--model", model.toString(), "--plan", plan.toString(), "--configs", "ola",
                "--bootstrapping", "logn11-insecure", "--insecure", "--images", "1", "--accuracy-images", "0",
                "--out", tmp.toString(), "--level-costs", costs.toString()), "bench", "has no bootstrap time");
        assertOneLineError(ola("run", "--model", model.toString(), "--plan", plan.toString(), "--bootstrapping",
                "logn11-insecure", "--insecure", "--level-costs", costs.toString()), "run", "has no bootstrap time");
        Path missing = tmp.resolve("missing.json");
        assertOneLineError(ola("bench", "--model", model.toString(), "--plan", plan.toString(), "--configs", "ola",
                "--bootstrapping", "logn11-insecure", "--insecure", "--out", tmp.toString(), "--level-costs",
                missing.toString()), "bench", missing.toString());
        assertOneLineError(ola("bench", "--model", model.toString(), "--plan", plan.toString(), "--configs", "ola",
                "--bootstrapping", "logn11-insecure", "--insecure", "--out", tmp.toString(), "--level-costs",
                plan.toString()), "bench", "is not an ola level-cost file");
        assertOneLineError(ola("calibrate", "--bootstrapping", "none", "--out", costs.toString()), "calibrate",
                "--bootstrapping must name a preset");
        assertOneLineError(ola("calibrate", "--bootstrapping", "logn11-insecure", "--out", costs.toString(),
                "--repeats", "0"), "calibrate", "--repeats");
    }
}
