package dev.olafhe.ola;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

/** Where `ola plan` writes: the plan next to the model by default, chart and report next to the plan. */
class PlanOutputsTest {
    @Test
    void defaultPlanSitsBesideTheModelWithChartAndReportBesideIt() {
        PlanOutputs o = PlanOutputs.besideModel(Path.of("models", "resnet20.onnx"));
        assertEquals(Path.of("models", "resnet20.plan.json"), o.plan());
        assertEquals(Path.of("models", "resnet20.plan.png"), o.chart());
        assertEquals(Path.of("models", "resnet20.plan.md"), o.report());
    }

    @Test
    void chartAndReportFollowAnExplicitPlanPath() {
        PlanOutputs o = PlanOutputs.at(Path.of("out", "r20.json"));
        assertEquals(Path.of("out", "r20.png"), o.chart());
        assertEquals(Path.of("out", "r20.md"), o.report());
        assertEquals(Path.of("plan.bin.png"), PlanOutputs.at(Path.of("plan.bin")).chart()); // no .json: appended
        assertEquals(Path.of("net.plan.json"), PlanOutputs.besideModel(Path.of("net")).plan());
    }
}
