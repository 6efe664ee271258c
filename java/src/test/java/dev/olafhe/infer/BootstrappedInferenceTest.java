package dev.olafhe.infer;

import dev.olafhe.backend.cpu.CpuBackend;
import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.CkksContext;
import dev.olafhe.ckks.Encoder;
import dev.olafhe.ckks.EvaluationKeySet;
import dev.olafhe.ckks.Evaluator;
import dev.olafhe.ckks.KeyGenerator;
import dev.olafhe.ckks.RandomSources;
import dev.olafhe.ckks.boot.Bootstrapper;
import dev.olafhe.ckks.boot.BootstrappingKeys;
import dev.olafhe.ckks.boot.BootstrappingParameters;
import dev.olafhe.ckks.boot.BootstrappingPresets;
import dev.olafhe.nn.Executor;
import dev.olafhe.nn.ModelFiles;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.Tensor;
import dev.olafhe.nn.data.Dataset;
import dev.olafhe.nn.data.FashionMnist;
import dev.olafhe.nn.onnx.OnnxImporter;
import dev.olafhe.util.ProgressListener;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * tiny_resnet encrypted end to end with real bootstrapping placed by the program (logN 11, INSECURE test chain:
 * 5 levels after bootstrapping, degree-7 activations need 3 + 1), layer by layer against the slot simulation
 * (max abs error per step printed; bound from the bootstrapping precision, see the assertion), top-1 agreement.
 */
class BootstrappedInferenceTest {
    @Test
    void tinyResNetWithBootstrappingMatchesThePlaintextModel() throws Exception {
        Network net = OnnxImporter.load(ModelFiles.onnx("tiny_resnet"));
        Dataset images = FashionMnist.test().head(1);
        LayerPolynomials plan = UniformReluPlan.calibrate(net, FashionMnist.train().head(200).images(), 7, 0.1);
        BootstrappingParameters bootParams = BootstrappingParameters.of(BootstrappingPresets.logN11Insecure());
        int bootLevel = bootParams.levelsAfterBootstrapping();
        try (CpuBackend backend = new CpuBackend(); CkksContext context = new CkksContext(bootParams.ckks(), backend);
             InferenceClient client = new InferenceClient(context, RandomSources.deterministic(8))) {
            HeProgram program = HeProgram.compile(net, plan, CkksPolynomialEvaluation::levels,
                    bootLevel, bootLevel);
            System.out.println(program.describe());
            // input at the level bootstrapping leaves (the levels above belong to bootstrapping); degree 7 needs
            // 3 + 1: the first activation fits, the other two are bootstrapped
            assertEquals(2, program.bootstrapCount(), program::describe);
            Encoder encoder = new Encoder(context);
            try (Bootstrapper bootstrapper = new Bootstrapper(context, encoder, bootParams,
                    Integer.numberOfTrailingZeros(program.slots()));
                 BootstrappingKeys bootKeys = client.bootstrappingKeys(bootstrapper, ProgressListener.NONE);
                 EvaluationKeySet keys = client.evaluationKeys(program)) {
                Evaluator evaluator = new Evaluator(context, keys);
                EncryptedInference server = new EncryptedInference(program, evaluator, encoder,
                        new CkksPolynomialEvaluation(evaluator), new CkksBootstrapping(bootstrapper, evaluator, bootKeys));
                float[] image = images.images().sample(0);
                List<double[]> want = SlotSimulator.run(program, program.encodeInput(image));
                StepErrors errors = new StepErrors(client, program);
                double[] maxError = errors.max();
                EncryptedInference.Result r;
                try (server; Ciphertext ct = client.encrypt(program, image)) {
                    r = server.run(ct, (k, step, value) -> errors.record(k, step, value, want));
                }
                double[] logits = client.decryptLogits(program, r.logits());
                r.logits().close();
                for (int k = 0; k < maxError.length; k++) {
                    System.out.printf(Locale.ROOT, "  step %2d level %2d -> %2d  max abs error %.3e  %s%n", k,
                            program.readLevel(k), program.stepLevel(k), maxError[k], program.steps().get(k).describe());
                }
                System.out.println(r.timing());
                // bootstrapping at logN 11, Δ = 2^45 keeps about 2^-(45 - 13 - 10 - 6) = 2^-16 of the stored [-1, 1]
                // value in the worst slot (boot tests' criterion); activations widen it by their interval
                // half-width (≤ 40 here) and the linear layers by their row norms: 2^-16·40·10 ≈ 6e-3
                for (double e : maxError) {
                    assertTrue(e <= 6e-3, "step error " + e);
                }
                float[] reference;
                try (Executor ex = new Executor(net, 1)) {
                    reference = ex.forward(new Tensor(1, net.inputShape(), image), plan.hooks()).data;
                }
                int he = 0;
                int plain = 0;
                for (int c = 1; c < logits.length; c++) {
                    he = logits[c] > logits[he] ? c : he;
                    plain = reference[c] > reference[plain] ? c : plain;
                }
                assertEquals(plain, he, "encrypted top-1 with bootstrapping agrees with the plaintext model");
            }
        }
    }
}
