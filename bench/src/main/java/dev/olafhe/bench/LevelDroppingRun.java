package dev.olafhe.bench;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.cpu.CpuBackend;
import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.CkksContext;
import dev.olafhe.ckks.EvaluationKeySet;
import dev.olafhe.ckks.Evaluator;
import dev.olafhe.ckks.RandomSources;
import dev.olafhe.ckks.boot.Bootstrapper;
import dev.olafhe.ckks.boot.BootstrappingKeys;
import dev.olafhe.ckks.boot.BootstrappingParameters;
import dev.olafhe.ckks.boot.BootstrappingPresets;
import dev.olafhe.infer.BootstrapPlacement;
import dev.olafhe.infer.CkksPolynomialEvaluation;
import dev.olafhe.infer.EncryptedInference;
import dev.olafhe.infer.HeProgram;
import dev.olafhe.infer.InferenceClient;
import dev.olafhe.infer.LayerPolynomials;
import dev.olafhe.infer.LimbCostModel;
import dev.olafhe.infer.UniformReluPlan;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.data.FashionMnist;
import dev.olafhe.nn.onnx.OnnxImporter;
import dev.olafhe.util.ProgressListener;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A short measured run of level management: tiny_resnet (degree-7 ReLU, as {@link CountedOperations}) on the
 * logn11-insecure bootstrapping chain, CPU backend, one image, the server run {@code runs} times per placement (the
 * first discarded as warm-up): seconds of the linear layers and of the whole run, the median over the rest, for the
 * runtime before level dropping, lazy bootstraps with drop-at-once, and least-cost bootstraps; and the largest logit
 * difference from the run before. INSECURE test parameters: a relative measurement, not a security claim.
 * Run: {@code java -cp bench/target/benchmarks.jar dev.olafhe.bench.LevelDroppingRun [runs]} from the repository root.
 */
public final class LevelDroppingRun {
    private LevelDroppingRun() {
    }

    public static void main(String[] args) throws IOException {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        BootstrappingParameters params = BootstrappingParameters.of(BootstrappingPresets.logN11Insecure());
        Network net = OnnxImporter.load(ExecutorBenchmark.modelsDir().resolve(CountedOperations.MODEL + ".onnx"));
        LayerPolynomials plan = UniformReluPlan.calibrate(net,
                FashionMnist.train().head(CountedOperations.CALIBRATION_IMAGES).images(), CountedOperations.DEGREE, 0.1);
        int level = params.levelsAfterBootstrapping();
        float[] image = FashionMnist.test().head(1).images().sample(0);
        System.out.printf(Locale.ROOT, "tiny_resnet, degree %d, logn11-insecure (%d levels after bootstrapping), %d runs"
                + " per placement (first discarded), CPU backend%n%n", CountedOperations.DEGREE, level, runs);
        System.out.println("| placement | bootstraps | linear limb-ops | linear s (median) | bootstrap s | total s (median)"
                + " | max logit difference vs before |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        double[] before = null;
        try (Backend backend = new CpuBackend();
             CkksContext context = new CkksContext(params.ckks(), backend);
             InferenceClient client = new InferenceClient(context, RandomSources.deterministic(8))) {
            for (BootstrapPlacement.Strategy s : List.of(BootstrapPlacement.Strategy.LAZY_UNDROPPED,
                    BootstrapPlacement.Strategy.LAZY, BootstrapPlacement.Strategy.MIN_COST)) {
                HeProgram program = HeProgram.compile(net, plan, CkksPolynomialEvaluation::levels, level, level, false, s);
                double[] logits = measure(context, client, program, image, runs, s.name());
                if (before == null) {
                    before = logits;
                }
                double diff = 0;
                for (int i = 0; i < logits.length; i++) {
                    diff = Math.max(diff, Math.abs(logits[i] - before[i]));
                }
                System.out.printf(Locale.ROOT, " %.2e |%n", diff);
            }
        }
    }

    private static double[] measure(CkksContext context, InferenceClient client, HeProgram program, float[] image,
                                    int runs, String name) {
        try (Bootstrapper bootstrapper = new Bootstrapper(context, new dev.olafhe.ckks.Encoder(context),
                BootstrappingParameters.of(BootstrappingPresets.logN11Insecure()),
                Integer.numberOfTrailingZeros(program.slots()));
             BootstrappingKeys bootKeys = client.bootstrappingKeys(bootstrapper, ProgressListener.NONE);
             EvaluationKeySet keys = client.evaluationKeys(program);
             Ciphertext ct = client.encrypt(program, image);
             EncryptedInference server = EncryptedInference.onCkks(program, new Evaluator(context, keys), bootstrapper,
                     bootKeys, false)) {
            double[] linear = new double[runs - 1];
            double[] total = new double[runs - 1];
            double boot = 0;
            double[] logits = null;
            for (int r = 0; r < runs; r++) {
                EncryptedInference.Result result = server.run(ct, null);
                try (Ciphertext out = result.logits()) {
                    logits = client.decryptLogits(program, out);
                }
                if (r > 0) {
                    linear[r - 1] = result.timing().seconds().get(EncryptedInference.Stage.LINEAR);
                    total[r - 1] = result.timing().totalSeconds();
                    boot += result.timing().seconds().getOrDefault(EncryptedInference.Stage.BOOTSTRAP, 0.0) / (runs - 1);
                }
            }
            System.out.printf(Locale.ROOT, "| %s | %d | %.4g | %.3f | %.3f | %.3f |", name, program.bootstrapCount(),
                    LimbCostModel.linearLimbOps(program), median(linear), boot, median(total));
            return logits;
        }
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
