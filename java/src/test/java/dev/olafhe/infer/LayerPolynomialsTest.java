package dev.olafhe.infer;

import dev.olafhe.nn.ModelFiles;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.onnx.OnnxImporter;
import dev.olafhe.plan.Plan;
import dev.olafhe.plan.PlanFile;
import dev.olafhe.util.FileDigest;
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

    private static String sha(Path model) throws IOException {
        return FileDigest.sha256(model);
    }

    @Test
    void theCommittedPlanBecomesOneChebyshevSeriesPerLayer() throws IOException {
        Network net = OnnxImporter.load(MODEL);
        Plan plan = PlanFile.read(PLAN);
        LayerPolynomials polys = LayerPolynomials.fromPlan(plan, net, PLAN, sha(MODEL));
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
            LayerPolynomials polys = LayerPolynomials.fromPlan(PlanFile.read(file), net, file,
                    sha(ModelFiles.onnx(model)));
            assertEquals(net.numActivations(), polys.layers().size(), model);
        }
    }

    @Test
    void aPlanForAnotherModelOrBasisIsRefused() throws IOException {
        Network net = OnnxImporter.load(MODEL);
        Plan plan = PlanFile.read(PLAN);
        Plan shorter = withLayers(plan, plan.layers().subList(0, plan.layers().size() - 1));
        String sha = sha(MODEL);
        IOException e = assertThrows(IOException.class, () -> LayerPolynomials.fromPlan(shorter, net, PLAN, sha));
        assertTrue(e.getMessage().contains("a plan for another model?"), e.getMessage());
        List<Plan.Layer> power = new ArrayList<>(plan.layers());
        Plan.Layer l = power.get(0);
        power.set(0, new Plan.Layer(l.index(), l.name(), l.kind(), l.elements(), l.ciphertexts(), l.interval(),
                "power", l.degree(), l.coefficients(), l.weightedRms(), l.maxError(), l.outOfIntervalRateValidation(),
                l.deltaTop1(), l.deltaLogitMse(), l.seconds(), l.depth(), l.linearDepthBefore(), l.bootstrapBefore(),
                l.profile()));
        e = assertThrows(IOException.class, () -> LayerPolynomials.fromPlan(withLayers(plan, power), net, PLAN, sha));
        assertTrue(e.getMessage().contains("Chebyshev series only"), e.getMessage());
    }

    /**
     * A plan is checked against the model it is used with: the model's SHA-256, and every layer's activation kind
     * and name (a plan for another model of the same depth must not be accepted).
     */
    @Test
    void aPlanForAnotherModelFileOrOtherActivationsIsRefused() throws IOException {
        Network net = OnnxImporter.load(MODEL);
        Plan plan = PlanFile.read(PLAN);
        IOException e = assertThrows(IOException.class,
                () -> LayerPolynomials.fromPlan(plan, net, PLAN, sha(ModelFiles.onnx("resnet20"))));
        assertTrue(e.getMessage().contains("was made for the model tiny_resnet with SHA-256 " + sha(MODEL)
                .substring(0, 12)) && e.getMessage().contains(PLAN.toString()), e.getMessage());
        List<Plan.Layer> gelu = new ArrayList<>(plan.layers());
        gelu.set(1, relabel(gelu.get(1), gelu.get(1).name(), "GELU"));
        e = assertThrows(IOException.class,
                () -> LayerPolynomials.fromPlan(withLayers(plan, gelu), net, PLAN, sha(MODEL)));
        assertTrue(e.getMessage().contains("layer 1 approximates GELU but tiny_resnet's activation 1"), e.getMessage());
        List<Plan.Layer> renamed = new ArrayList<>(plan.layers());
        renamed.set(2, relabel(renamed.get(2), "/other/Relu", "RELU"));
        e = assertThrows(IOException.class,
                () -> LayerPolynomials.fromPlan(withLayers(plan, renamed), net, PLAN, sha(MODEL)));
        assertTrue(e.getMessage().contains("layer 2 is for the activation '/other/Relu'"), e.getMessage());
    }

    private static Plan.Layer relabel(Plan.Layer l, String name, String kind) {
        return new Plan.Layer(l.index(), name, kind, l.elements(), l.ciphertexts(), l.interval(), l.basis(),
                l.degree(), l.coefficients(), l.weightedRms(), l.maxError(), l.outOfIntervalRateValidation(),
                l.deltaTop1(), l.deltaLogitMse(), l.seconds(), l.depth(), l.linearDepthBefore(), l.bootstrapBefore(),
                l.profile());
    }

    private static Plan withLayers(Plan p, List<Plan.Layer> layers) {
        return new Plan(p.format(), p.version(), p.model(), p.data(), p.targetActivation(), p.budget(), p.solver(),
                p.costModel(), layers, p.accuracy(), p.predictedSeconds(), p.baselines(), p.paretoFront(),
                p.attempts(), p.impact(), p.provenance());
    }
}
