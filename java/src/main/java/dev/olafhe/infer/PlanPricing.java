package dev.olafhe.infer;

import dev.olafhe.nn.Network;
import dev.olafhe.nn.onnx.OnnxImporter;
import dev.olafhe.plan.Plan;
import dev.olafhe.util.FileDigest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An OLA plan priced end to end by measured level costs ({@code ola plan --level-costs}): the model compiled with the
 * plan's polynomials on the cost file's bootstrapping preset, its bootstraps placed by those costs, and
 * {@link HeProgram#predictedCost} of the program (linear layers, activations and bootstraps). The plan's own
 * {@code predictedSeconds} stays what its cost table ({@code costModel}) priced: the activations only.
 */
public final class PlanPricing {
    private PlanPricing() {
    }

    /** Reads and checks the cost file (before a long planning run): see {@link LevelCostFile#load}. */
    public static MeasuredLevelCosts check(Path levelCosts) throws IOException {
        return LevelCostFile.load(levelCosts, LevelCostFile.read(levelCosts).preset());
    }

    /**
     * The planner's prices for {@code model} from the cost file (its preset's levels, every step at the level it runs
     * at): see {@link MeasuredLevelPrices}.
     */
    public static MeasuredLevelPrices prices(Path model, Path levelCosts) throws IOException {
        String preset = LevelCostFile.read(levelCosts).preset();
        return MeasuredLevelPrices.of(OnnxImporter.load(model), check(levelCosts), preset);
    }

    /**
     * {@code plan} (to be written to {@code planFile}) with the measured end-to-end prediction added to its provenance:
     * {@code levelCosts} (the cost file and machine), {@code levelCostsPreset}, {@code measuredBootstraps} and
     * {@code measuredPredictedSeconds}.
     */
    public static Plan withMeasuredPrediction(Plan plan, Path model, Path planFile, Path levelCosts)
            throws IOException {
        String preset = LevelCostFile.read(levelCosts).preset();
        MeasuredLevelCosts costs = check(levelCosts);
        Network net = OnnxImporter.load(model);
        LayerPolynomials polys = LayerPolynomials.fromPlan(plan, net, planFile, FileDigest.sha256(model));
        // pricing only, no keys are made: a test-only preset is allowed here
        HeProgram program = CompiledSession.compile(net, polys, "plan " + planFile, preset, 16, 40, true, costs)
                .program();
        costs.requireBootstrapSlots(program.slots());
        Map<String, Object> provenance = new LinkedHashMap<>(plan.provenance());
        provenance.put("levelCosts", costs.source());
        provenance.put("levelCostsPreset", preset);
        provenance.put("measuredBootstraps", program.bootstrapCount());
        provenance.put("measuredPredictedSeconds", program.predictedCost(costs));
        return new Plan(plan.format(), plan.version(), plan.model(), plan.data(), plan.targetActivation(),
                plan.budget(), plan.solver(), plan.costModel(), plan.layers(), plan.accuracy(), plan.predictedSeconds(),
                plan.baselines(), plan.paretoFront(), plan.attempts(), plan.impact(), provenance);
    }
}
