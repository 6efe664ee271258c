package dev.olafhe.bench;

import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.KeyMemoryReport;
import dev.olafhe.ckks.boot.BootstrappingParameters;
import dev.olafhe.ckks.boot.BootstrappingPresets;
import dev.olafhe.infer.BootstrapPlacement;
import dev.olafhe.infer.CkksPolynomialEvaluation;
import dev.olafhe.infer.HeProgram;
import dev.olafhe.infer.LayerPolynomials;
import dev.olafhe.infer.LimbCostModel;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.onnx.OnnxImporter;
import dev.olafhe.plan.PlanFile;
import dev.olafhe.util.FileDigest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Compile-only comparison of level management on the committed plans (no encryption): for each model, the program
 * as it ran before level dropping (lazy bootstraps, every step at whatever level it had), lazy bootstraps with the
 * drop-at-once rule, and the least-cost placement of {@code LevelPlanner}: bootstraps, limb-operations of the linear
 * layers ({@link LimbCostModel}), memory of the program's evaluation keys (each at the highest level it is used,
 * stored residues; bootstrapping keys not included) and the predicted cost.
 * Run: {@code java -cp bench/target/benchmarks.jar dev.olafhe.bench.LevelReport [model ...]} from the repository root.
 */
public final class LevelReport {
    private LevelReport() {
    }

    public static void main(String[] args) throws IOException {
        List<String> models = args.length > 0 ? List.of(args) : List.of("resnet20", "resnet32");
        BootstrappingParameters boot = BootstrappingParameters.of(BootstrappingPresets.n16ResNet());
        CkksParameters params = boot.ckks();
        int level = boot.levelsAfterBootstrapping();
        LimbCostModel model = new LimbCostModel();
        System.out.printf(Locale.ROOT, "parameters n16-resnet: %d levels after bootstrapping; bootstrap = %.3g limb-ops "
                + "ending at the top, %.3g fewer per level lower%n", level, model.bootstrap(level),
                LimbCostModel.DEFAULT_SLOTS_TO_COEFFS);
        System.out.println();
        System.out.println("| model | levels | bootstraps | linear limb-ops | activation limb-ops | key MiB | predicted cost |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|");
        for (String name : models) {
            Path onnx = Path.of("models", name + ".onnx");
            Path planFile = Path.of("models", name + ".plan.json");
            Network net = OnnxImporter.load(onnx);
            LayerPolynomials polys = LayerPolynomials.fromPlan(PlanFile.read(planFile), net, planFile,
                    FileDigest.sha256(onnx));
            for (BootstrapPlacement.Strategy strategy : List.of(BootstrapPlacement.Strategy.LAZY_UNDROPPED,
                    BootstrapPlacement.Strategy.LAZY, BootstrapPlacement.Strategy.MIN_COST)) {
                HeProgram p = HeProgram.compile(net, polys, CkksPolynomialEvaluation::levels, level, level, false,
                        strategy);
                double linear = LimbCostModel.linearLimbOps(p);
                double total = p.predictedCost(model);
                row(name, describe(strategy), p.bootstrapCount(), linear,
                        total - linear - p.predictedCostByStage(model).get("bootstrap"), mib(p.keyMemory(params, false)),
                        total);
            }
        }
    }

    private static String describe(BootstrapPlacement.Strategy strategy) {
        return switch (strategy) {
            case LAZY_UNDROPPED -> "lazy bootstraps, no dropping (before)";
            case LAZY -> "lazy bootstraps, drop-at-once";
            case MIN_COST -> "least-cost bootstraps, drop-at-once";
        };
    }

    private static void row(String model, String levels, int bootstraps, double linear, double activation, double keys,
                            double cost) {
        System.out.printf(Locale.ROOT, "| %s | %s | %d | %.4g | %.4g | %.0f | %.4g |%n", model, levels, bootstraps,
                linear, activation, keys, cost);
    }

    private static double mib(KeyMemoryReport r) {
        return r.totalStored() / 1048576.0;
    }
}
