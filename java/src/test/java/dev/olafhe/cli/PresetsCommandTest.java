package dev.olafhe.cli;

import dev.olafhe.cli.OlaCli.Outcome;
import dev.olafhe.ckks.boot.BootstrappingParameters;
import dev.olafhe.ckks.boot.BootstrappingPresets;
import dev.olafhe.ckks.boot.LevelBudget;
import dev.olafhe.ckks.boot.LevelBudgetReport;
import dev.olafhe.infer.LevelCostFile;
import dev.olafhe.nn.ModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.olafhe.cli.CliInputErrorsTest.assertOneLineError;
import static dev.olafhe.cli.OlaCli.ola;
import static dev.olafhe.cli.OlaCli.olaOutput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ola presets with --level-budget prints the library's level-budget table (refused budgets with their reason), and
 * ola calibrate --level-budget times the bootstrap of the derived chain; bad budgets are one-line errors.
 */
class PresetsCommandTest {
    @Test
    void presetsPrintTheDescriptionAndTheLevelBudgetTable() {
        String out = olaOutput("presets", "logn11-insecure", "--level-budget", "3,4", "--level-budget", "5,5");
        var literal = BootstrappingPresets.logN11Insecure();
        assertTrue(out.contains(BootstrappingParameters.of(literal).describe()), out);
        String table = LevelBudgetReport.table(literal, List.of(new LevelBudget(3, 4), new LevelBudget(5, 5)), null);
        assertTrue(out.contains(table), out);
        assertTrue(table.contains("{5,5}   refused: level budget {5,5} leaves no level"), table);
        assertTrue(olaOutput("presets").contains(BootstrappingPresets.N16_H192 + ": "), "every preset by default");
    }

    @Test
    void calibrateTimesTheBootstrapOfTheChosenBudget(@TempDir Path tmp) throws Exception {
        Path costs = tmp.resolve("costs.json");
        Outcome calibrate = ola("calibrate", "--bootstrapping", "logn11-insecure", "--level-budget", "4,3", "--out",
                costs.toString(), "--repeats", "1", "--level-step", "5", "--backend", "cpu");
        assertEquals(0, calibrate.exitCode(), calibrate.err());
        assertTrue(calibrate.out().contains(LevelBudgetReport.table(BootstrappingPresets.logN11Insecure(),
                List.of(new LevelBudget(4, 3)), null)) && calibrate.out().contains("bootstrap: "), calibrate.out());
        var derived = BootstrappingParameters.of(new LevelBudget(4, 3).applyTo(BootstrappingPresets.logN11Insecure()));
        assertEquals(derived.ckks().summary(), LevelCostFile.read(costs).parameters());
    }

    @Test
    void badBudgetsAreOneLineErrors(@TempDir Path tmp) {
        assertOneLineError(ola("presets", "--level-budget", "6,2"), "presets", "out of range");
        assertOneLineError(ola("presets", "--level-budget", "4"), "presets", "C,S");
        assertOneLineError(ola("calibrate", "--bootstrapping", "logn11-insecure", "--level-budget", "5,5", "--out",
                tmp.resolve("c.json").toString()), "calibrate", "leaves no level");
    }

    @Test
    void runBootstrapsWithTheChosenBudgetAndPrintsItsCosts() {
        var literal = BootstrappingPresets.logN11Insecure();
        var budget = new LevelBudget(2, 2); // two levels more than the preset's {3,3}
        Outcome run = ola("run", "--model", ModelFiles.onnx("tiny_resnet").toString(), "--degree", "7",
                "--bootstrapping", "logn11-insecure", "--level-budget", "2,2", "--insecure", "--seed", "3",
                "--backend", "cpu");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains(LevelBudgetReport.table(literal, List.of(budget), null)), run.out());
        String chain = BootstrappingParameters.of(budget.applyTo(literal)).ckks().summary();
        assertTrue(run.out().contains(chain), "the run's parameters are the derived chain's: " + chain + "\n"
                + run.out());
        assertOneLineError(ola("run", "--model", ModelFiles.onnx("tiny_resnet").toString(), "--level-budget", "4,3"),
                "run", "--level-budget needs a --bootstrapping preset");
        assertOneLineError(ola("bench", "--model", ModelFiles.onnx("tiny_resnet").toString(), "--plan",
                ModelFiles.onnx("tiny_resnet").resolveSibling("tiny_resnet.plan.json").toString(), "--level-budget",
                "4,3"), "bench", "--level-budget needs a --bootstrapping preset");
    }
}
