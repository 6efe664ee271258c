package dev.olafhe.infer;

import dev.olafhe.nn.ModelFiles;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.onnx.OnnxImporter;
import dev.olafhe.plan.Plan;
import dev.olafhe.plan.PlanFile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A plan's layers become the runtime's per-layer polynomials; plans for another model or basis are refused. */
class LayerPolynomialsTest {
    private static final Path MODEL = ModelFiles.onnx("tiny_resnet");
    private static final Path PLAN = MODEL.resolveSibling("tiny_resnet.plan.json");

    @Test
    void theCommittedPlanBecomesOneChebyshevSeriesPerLayer() throws IOException {
        Network net = OnnxImporter.load(MODEL);
        Plan plan = PlanFile.read(PLAN);
        LayerPolynomials polys = LayerPolynomials.fromPlan(plan, net, PLAN);
        assertEquals(net.numActivations(), polys.layers().size());
        for (Plan.Layer l : plan.layers()) {
            ActivationPolynomial.Single s = (ActivationPolynomial.Single) polys.activation(l.index());
            assertEquals(l.degree(), s.degree());
            assertArrayEquals(l.coefficients(), s.series().coefficients());
            assertEquals(l.interval()[0], s.series().a());
            assertEquals(l.interval()[1], s.series().b());
        }
    }

    /** Every committed plan maps onto its model: one polynomial per activation layer. */
    @Test
    void everyCommittedPlanMapsOntoItsModel() throws IOException {
        for (String model : new String[] {"tiny_resnet", "resnet20", "resnet32", "convnext_tiny32"}) {
            Network net = OnnxImporter.load(ModelFiles.onnx(model));
            Path file = ModelFiles.dir().resolve(model + ".plan.json");
            LayerPolynomials polys = LayerPolynomials.fromPlan(PlanFile.read(file), net, file);
            assertEquals(net.numActivations(), polys.layers().size(), model);
        }
    }

    @Test
    void aPlanForAnotherModelOrBasisIsRefused() throws IOException {
        Network net = OnnxImporter.load(MODEL);
        Plan plan = PlanFile.read(PLAN);
        Plan shorter = withLayers(plan, plan.layers().subList(0, plan.layers().size() - 1));
        IOException e = assertThrows(IOException.class, () -> LayerPolynomials.fromPlan(shorter, net, PLAN));
        assertTrue(e.getMessage().contains("a plan for another model?"), e.getMessage());
        List<Plan.Layer> power = new ArrayList<>(plan.layers());
        Plan.Layer l = power.get(0);
        power.set(0, new Plan.Layer(l.index(), l.name(), l.kind(), l.elements(), l.ciphertexts(), l.interval(),
                "power", l.degree(), l.coefficients(), l.weightedRms(), l.maxError(), l.outOfIntervalRateValidation(),
                l.deltaTop1(), l.deltaLogitMse(), l.seconds(), l.depth(), l.linearDepthBefore(), l.bootstrapBefore(),
                l.profile()));
        e = assertThrows(IOException.class, () -> LayerPolynomials.fromPlan(withLayers(plan, power), net, PLAN));
        assertTrue(e.getMessage().contains("Chebyshev series only"), e.getMessage());
    }

    private static Plan withLayers(Plan p, List<Plan.Layer> layers) {
        return new Plan(p.format(), p.version(), p.model(), p.data(), p.targetActivation(), p.budget(), p.solver(),
                p.costModel(), layers, p.accuracy(), p.predictedSeconds(), p.baselines(), p.paretoFront(),
                p.attempts(), p.impact(), p.provenance());
    }
}
