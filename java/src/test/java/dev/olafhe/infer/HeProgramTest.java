package dev.olafhe.infer;

import dev.olafhe.approx.ChebyshevSeries;
import dev.olafhe.approx.CompositeSign;
import dev.olafhe.nn.Executor;
import dev.olafhe.nn.Hooks;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.Shape;
import dev.olafhe.nn.Tensor;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Compilation (fusion, folded intervals, layouts) and bootstrapping placement, without encryption. */
class HeProgramTest {
    /** Levels of a Chebyshev evaluation of degree d by baby-step/giant-step: ⌈log2(d + 1)⌉. */
    static final ToIntFunction<ChebyshevSeries> LOG_DEPTH = p -> 32 - Integer.numberOfLeadingZeros(p.degree());

    static final Shape INPUT = Shape.chw(3, 8, 8);

    @Test
    void simulatedProgramReproducesTheExecutorWithThePlanPolynomials() {
        Network net = TinyNets.tinyResNet(INPUT, 11);
        HeProgram program = HeProgram.compile(net, TinyNets.reluPlan(net, 6, 7, 15), LOG_DEPTH, 100, -1);
        assertEquals(0, program.bootstrapCount());
        long linear = program.steps().stream().filter(s -> s instanceof HeStep.Linear).count();
        assertEquals(7, linear, () -> "6 convs (+BN) + shortcut (slice+pad fused) + pool+FC fused, got:\n"
                + program.describe());
        assertSimulationMatchesExecutor(net, TinyNets.reluPlan(net, 6, 7, 15), program);
    }

    /**
     * The full-size layouts of ResNet-20 on 1×32×32 inputs (16384 slots; 16×32×32 gap 1 → 32×16×16 gap 2 →
     * 64×8×8 gap 4, pool prefix), one block per stage, with bootstraps placed (identity in the simulation).
     */
    @Test
    void resNetSizedProgramSimulationMatchesTheExecutor() {
        Network net = TinyNets.resNet(Shape.chw(1, 32, 32), 1, 4);
        LayerPolynomials plan = TinyNets.reluPlan(net, 8, 15);
        HeProgram program = HeProgram.compile(net, plan, LOG_DEPTH, 16, 16, true);
        assertEquals(16384, program.slots());
        assertTrue(program.bootstrapCount() > 0);
        assertSimulationMatchesExecutor(net, plan, program);
    }

    /**
     * The composite minimax ReLU (alpha 13, degrees 15/15/27) costs 4 + 4 + 5 levels for its sign stages and one
     * for the product with its input: 14, FHE-MP-CNN's AppReLU depth, so ResNet-20 with 15 levels after
     * bootstrapping needs the paper's 18 bootstraps (as the depth-14 stand-in above) and 14 levels cannot hold it.
     * Without bootstrapping the tiny ResNet needs 14 per activation plus its linear layers, and its simulation
     * (folded composite) reproduces the executor (composite ReLU in float64).
     */
    @Test
    void compositeReluCostsItsStagesPlusOneAndIsPlacedLikeAppRelu() {
        CompositeSign lee = ActivationPolynomialTest.LEE;
        Network resNet20 = TinyNets.resNet(Shape.chw(3, 32, 32), 3, 1);
        LayerPolynomials plan = TinyNets.compositePlan(resNet20, 6, lee);
        HeProgram program = HeProgram.compile(resNet20, plan, CkksPolynomialEvaluation::levels, 16, 15);
        for (HeStep s : program.steps()) {
            if (s instanceof HeStep.Activation a) {
                assertEquals(lee.reluDepth(), a.depth(), a::describe);
                assertEquals(14, a.depth());
            }
        }
        assertEquals(18, program.bootstrapCount(), program::describe);
        IllegalArgumentException shallow = assertThrows(IllegalArgumentException.class,
                () -> HeProgram.compile(resNet20, plan, CkksPolynomialEvaluation::levels, 16, 14));
        assertTrue(shallow.getMessage().contains("needs 15 levels but bootstrapping leaves only 14"),
                shallow.getMessage());

        Network net = TinyNets.tinyResNet(INPUT, 11);
        float[] image = randomImage(net.inputShape());
        LayerPolynomials composite = UniformReluPlan.composite(net, new Tensor(1, net.inputShape(), image), 0.1, lee);
        int levels = HeProgram.requiredLevels(net, composite, CkksPolynomialEvaluation::levels);
        // 5 activations and 6 linear layers on the longest path (the 7th, the shortcut, runs beside a conv)
        assertEquals(5 * 14 + 6, levels);
        assertSimulationMatchesExecutor(net, composite,
                HeProgram.compile(net, composite, CkksPolynomialEvaluation::levels, levels, -1));
    }

    /** The test input: uniform in [-1, 1], fixed seed. */
    private static float[] randomImage(Shape input) {
        float[] image = new float[input.size()];
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) (2 * r.nextDouble() - 1);
        }
        return image;
    }

    private static void assertSimulationMatchesExecutor(Network net, LayerPolynomials plan, HeProgram program) {
        Shape input = net.inputShape();
        float[] image = randomImage(input);
        List<double[]> trace = SlotSimulator.run(program, program.encodeInput(image));

        Map<Integer, float[]> activationInputs = new HashMap<>();
        Hooks hooks = plan.hooks().observeAll((layer, v, from, to) -> activationInputs.put(layer,
                java.util.Arrays.copyOfRange(v, from, to)));
        float[] logits;
        try (Executor ex = new Executor(net, 1)) {
            logits = ex.forward(new Tensor(1, input, image), hooks).data;
        }
        for (int k = 0; k < program.steps().size(); k++) {
            if (program.steps().get(k) instanceof HeStep.Activation a) {
                int producer = indexOf(program, a.input());
                double[] decoded = program.decodeValue(a.input(), trace.get(producer));
                double[] want = LinearLayersTest.toDouble(activationInputs.get(a.layer()));
                for (int j = 0; j < want.length; j++) {
                    assertEquals(want[j], decoded[j], 1e-4 * Math.max(1, Math.abs(want[j])),
                            "input " + j + " of activation " + a.layer());
                }
            }
        }
        double[] out = program.decodeValue(program.outputValue(), trace.get(trace.size() - 1));
        double[] want = LinearLayersTest.toDouble(logits);
        for (int j = 0; j < want.length; j++) {
            assertEquals(want[j], out[j], 1e-4 * Math.max(1, Math.abs(want[j])), "logit " + j);
        }
    }

    private static int indexOf(HeProgram program, int value) {
        int found = -1;
        for (int k = 0; k < program.steps().size(); k++) {
            if (program.steps().get(k).output() == value && !(program.steps().get(k) instanceof HeStep.Bootstrap)) {
                found = k;
            }
        }
        return found;
    }

    /**
     * Bootstrapping leaves 6 levels. Degree 31 (depth 5) + one linear layer uses them all, so every activation
     * but the first (the input has a level more) is bootstrapped, as in FHE-MP-CNN; degree 3 (depth 2) lets
     * layers share bootstraps: 2 instead of 4 (traced by hand in the comments of the test).
     */
    @Test
    void lowerDegreesNeedFewerBootstraps() {
        Network net = TinyNets.tinyResNet(INPUT, 11);
        HeProgram high = HeProgram.compile(net, TinyNets.reluPlan(net, 6, 31), LOG_DEPTH, 7, 6);
        HeProgram low = HeProgram.compile(net, TinyNets.reluPlan(net, 6, 3), LOG_DEPTH, 7, 6);
        assertEquals(4, high.bootstrapCount(), high::describe);
        // act0 6→4; act1 3→1; act2 boot 6→4; act3 3→1; act4 boot 6→4
        assertEquals(2, low.bootstrapCount(), low::describe);
        for (HeProgram p : List.of(high, low)) {
            for (int k = 0; k < p.steps().size(); k++) {
                assertTrue(p.stepLevel(k) >= 0, p::describe);
                if (p.steps().get(k) instanceof HeStep.Bootstrap b) {
                    assertTrue(p.steps().get(k + 1) instanceof HeStep.Activation a && a.input() == b.output(),
                            () -> "bootstraps sit right before an activation, on its input:\n" + p.describe());
                }
            }
        }
    }

    /**
     * ResNet-20 with FHE-MP-CNN's budget: AppReLU depth 14 + one level per linear layer fills the 15 levels left
     * after bootstrapping, so every ReLU but the first is bootstrapped: 18, the count of the paper. With depth-6
     * polynomials (degree 63) two ReLUs share a bootstrap wherever the levels allow.
     */
    @Test
    void resNet20PlacementMatchesFheMpCnnAndShrinksWithLowerDegrees() {
        Network net = TinyNets.resNet(Shape.chw(3, 32, 32), 3, 1);
        assertEquals(19, net.numActivations());
        ToIntFunction<ChebyshevSeries> appRelu = p -> 14;
        HeProgram uniform = HeProgram.compile(net, TinyNets.reluPlan(net, 6, 3), appRelu, 16, 15);
        assertEquals(18, uniform.bootstrapCount(), uniform::describe);
        assertEquals(16384, uniform.slots());
        HeProgram low = HeProgram.compile(net, TinyNets.reluPlan(net, 6, 63), LOG_DEPTH, 16, 15);
        assertTrue(low.bootstrapCount() <= 10, "got " + low.bootstrapCount());
    }

    @Test
    void tooFewLevelsAreRefusedWithTheReason() {
        Network net = TinyNets.tinyResNet(INPUT, 11);
        IllegalArgumentException noBoot = assertThrows(IllegalArgumentException.class,
                () -> HeProgram.compile(net, TinyNets.reluPlan(net, 6, 31), LOG_DEPTH, 7, -1));
        assertTrue(noBoot.getMessage().contains("no bootstrapper"), noBoot.getMessage());
        IllegalArgumentException shallow = assertThrows(IllegalArgumentException.class,
                () -> HeProgram.compile(net, TinyNets.reluPlan(net, 6, 63), LOG_DEPTH, 10, 6));
        assertTrue(shallow.getMessage().contains("bootstrapping leaves only 6"), shallow.getMessage());
    }
}
