package dev.olafhe.infer;

import dev.olafhe.nn.ModelFiles;
import dev.olafhe.nn.onnx.OnnxImporter;
import dev.olafhe.plan.Plan;
import dev.olafhe.plan.PlanFile;
import dev.olafhe.util.FileDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ola plan --level-costs: the committed tiny ResNet plan priced end to end by a hand-made cost file (no timing). */
class PlanPricingTest {
    @Test
    void aPlanRecordsItsMeasuredEndToEndPrediction(@TempDir Path tmp) throws Exception {
        Path model = ModelFiles.onnx("tiny_resnet");
        Path planFile = model.resolveSibling("tiny_resnet.plan.json");
        Path costs = tmp.resolve("costs.json");
        CalibrationTest.handMade(true).write(costs);
        Plan plan = PlanFile.read(planFile);
        Plan priced = PlanPricing.withMeasuredPrediction(plan, model, planFile, costs);
        MeasuredLevelCosts m = LevelCostFile.read(costs).model(costs);
        var net = OnnxImporter.load(model);
        HeProgram program = CompiledSession.compile(net, LayerPolynomials.fromPlan(plan, net, planFile,
                FileDigest.sha256(model)), "p", "logn11-insecure", 16, 40, true, m).program();
        assertEquals(program.predictedCost(m), (Double) priced.provenance().get("measuredPredictedSeconds"), 1e-9);
        assertEquals(program.bootstrapCount(), priced.provenance().get("measuredBootstraps"));
        assertTrue(program.bootstrapCount() > 0 && program.predictedCost(m) > program.bootstrapCount() * 2.5);
        assertTrue(priced.provenance().get("levelCosts").toString().startsWith("measured level costs " + costs));
        assertEquals(plan.predictedSeconds(), priced.predictedSeconds(), "the plan's own prediction is unchanged");
        Path written = tmp.resolve("p.plan.json");
        PlanFile.write(priced, written);
        assertEquals(priced.provenance().get("levelCostsPreset"),
                PlanFile.read(written).provenance().get("levelCostsPreset"));
        Path noBootstrap = tmp.resolve("nob.json");
        CalibrationTest.handMade(false).write(noBootstrap);
        assertThrows(IllegalArgumentException.class, () -> PlanPricing.check(noBootstrap));
    }
}
