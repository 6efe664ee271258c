package dev.olafhe.infer;

import dev.olafhe.backend.cpu.CpuBackend;
import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.CkksContext;
import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.CkksParametersLiteral;
import dev.olafhe.ckks.Encoder;
import dev.olafhe.ckks.EvaluationKeySet;
import dev.olafhe.ckks.Evaluator;
import dev.olafhe.ckks.RandomSources;
import dev.olafhe.ckks.SecretDistribution;
import dev.olafhe.nn.Executor;
import dev.olafhe.nn.ModelFiles;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.Tensor;
import dev.olafhe.nn.data.Dataset;
import dev.olafhe.nn.data.FashionMnist;
import dev.olafhe.nn.onnx.OnnxImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed tiny ResNet ({@code models/tiny_resnet.onnx}: stride-2 conv + BN, a basic block with an
 * option-A shortcut, global pooling, FC) run encrypted end to end at logN 11 (INSECURE test parameters),
 * through the same compiler and runtime as ResNet-20, compared layer by layer with the plaintext slot
 * simulation and the plaintext executor running the same polynomials.
 */
class EncryptedInferenceTest {
    private static final int LOG_N = 11;
    private static final int LOG_SCALE = 40;
    private static final int IMAGES = 2;
    private static final int DEGREE = 15;

    static Network net;
    static Dataset images;
    static LayerPolynomials plan;
    /** The composite minimax ReLU baseline (alpha 13, sign degrees 15/15/27, depth 14) on the same ranges. */
    static LayerPolynomials compositePlan;

    @BeforeAll
    static void load() throws IOException {
        net = OnnxImporter.load(ModelFiles.onnx("tiny_resnet"));
        images = FashionMnist.test().head(IMAGES);
        plan = UniformReluPlan.calibrate(net, FashionMnist.train().head(200).images(), DEGREE, 0.1);
        compositePlan = UniformReluPlan.composite(net, FashionMnist.train().head(200).images(), 0.1);
    }

    /**
     * Without bootstrapping (all levels up front); with the re-encrypting test double standing in for
     * bootstrapping so that the placement runs encrypted too; and with imaginary noise after each "bootstrap"
     * (as real bootstrapping leaves), removed by conjugation before the activation. Each activation is one series,
     * or the composite ReLU (three stages, the product with the input, a constant): with every level up front (input
     * level 0: as many as the program needs, 46) and with 15 levels after bootstrapping, FHE-MP-CNN's budget.
     */
    @ParameterizedTest(name = "composite {0}, input level {1}, bootstrap level {2}, imaginary noise {3}")
    @CsvSource({"false, 16, -1, 0", "false, 10, 9, 0", "false, 10, 9, 0.05", "true, 0, -1, 0", "true, 16, 15, 0.05"})
    void encryptedRunMatchesThePlaintextModelLayerByLayer(boolean composite, int requestedInputLevel,
            int bootstrapLevel, double imaginaryNoise) throws IOException {
        LayerPolynomials plan = composite ? compositePlan : EncryptedInferenceTest.plan;
        int inputLevel = requestedInputLevel > 0 ? requestedInputLevel
                : HeProgram.requiredLevels(net, plan, CkksPolynomialEvaluation::levels);
        CkksParameters params = CkksParameters.of(new CkksParametersLiteral(LOG_N,
                CkksParametersLiteral.concat(new int[] {55}, CkksParametersLiteral.repeat(LOG_SCALE, inputLevel)),
                new int[] {61, 61}, LOG_SCALE, SecretDistribution.uniformTernary(), 0, true));
        try (CpuBackend backend = new CpuBackend(); CkksContext context = new CkksContext(params, backend);
             InferenceClient client = new InferenceClient(context, RandomSources.deterministic(42))) {
            boolean removeImaginary = imaginaryNoise > 0;
            HeProgram program = HeProgram.compile(net, plan, CkksPolynomialEvaluation::levels, inputLevel,
                    bootstrapLevel, removeImaginary);
            System.out.println(program.describe());
            assertEquals(1024, program.slots());
            ReEncryptingBootstrapper boot = bootstrapLevel < 0 ? null
                    : new ReEncryptingBootstrapper(client.encoder(), client.encryptor(), client.decryptor(), bootstrapLevel,
                    imaginaryNoise);
            if (boot != null) {
                assertTrue(program.bootstrapCount() > 0, "the budget should force bootstraps");
            }
            List<HeStep> steps = program.steps();
            StepErrors errors = new StepErrors(client, program);
            double[] maxError = errors.max();
            double[] layerError = new double[net.numActivations() + 1]; // activation inputs, then the logits
            int agree = 0;
            try (EvaluationKeySet keys = client.evaluationKeys(program)) {
                Evaluator evaluator = new Evaluator(context, keys);
                EncryptedInference server = new EncryptedInference(program, evaluator, new Encoder(context),
                        new CkksPolynomialEvaluation(evaluator), boot);
                Executor ex = new Executor(net, 1);
                for (int i = 0; i < IMAGES; i++) {
                    float[] image = images.images().sample(i);
                    List<double[]> want = SlotSimulator.run(program, program.encodeInput(image));
                    // the plaintext executor with the same polynomials, observed at every activation input
                    Map<Integer, float[]> executorInputs = new HashMap<>();
                    float[] reference = ex.forward(new Tensor(1, net.inputShape(), image), plan.hooks().observeAll(
                            (layer, v, from, to) -> executorInputs.put(layer, Arrays.copyOfRange(v, from, to)))).data;
                    EncryptedInference.Result r;
                    try (Ciphertext ct = client.encrypt(program, image)) {
                        r = server.run(ct, (k, step, value) -> {
                            double[] have = errors.record(k, step, value, want);
                            int next = k + 1 < steps.size() ? k + 1 : k;
                            if (steps.get(next) instanceof HeStep.Activation a && a.input() == step.output()) {
                                float[] x = executorInputs.get(a.layer());
                                for (int j = 0; j < x.length; j++) {
                                    layerError[a.layer()] = Math.max(layerError[a.layer()], Math.abs(have[j] - x[j]));
                                }
                            }
                        });
                    }
                    double[] logits = client.decryptLogits(program, r.logits());
                    r.logits().close();
                    for (int c = 0; c < logits.length; c++) {
                        layerError[net.numActivations()] = Math.max(layerError[net.numActivations()],
                                Math.abs(logits[c] - reference[c]));
                    }
                    int he = argmax(logits);
                    int plain = argmax(reference);
                    agree += he == plain ? 1 : 0;
                    System.out.printf(Locale.ROOT, "image %d: label %d, plaintext-poly top-1 %d, encrypted top-1 %d; %s%n",
                            i, images.labels()[i], plain, he, r.timing());
                }
                ex.close();
                server.close();
            }
            // per-step error of the encrypted run against float64 (true-value domain)
            double bound = Math.pow(2, -(LOG_SCALE - LOG_N - 14));
            for (int k = 0; k < steps.size(); k++) {
                System.out.printf(Locale.ROOT, "  step %2d level %2d -> %2d  max abs error %.3e  %s%n", k,
                        program.readLevel(k), program.stepLevel(k), maxError[k], steps.get(k).describe());
                assertTrue(maxError[k] <= bound, "step " + k + " error " + maxError[k] + " > " + bound);
            }
            // per layer against the float32 executor running the same polynomials (float32 rounding included)
            for (int l = 0; l <= net.numActivations(); l++) {
                System.out.printf(Locale.ROOT, "  %-22s max abs error vs executor %.3e%n",
                        l < net.numActivations() ? "activation " + l + " input" : "logits", layerError[l]);
                assertTrue(layerError[l] <= 1e-3, "layer " + l + " differs from the executor by " + layerError[l]);
            }
            assertEquals(IMAGES, agree, "encrypted top-1 must agree with the plaintext model on every image");
            if (boot != null) {
                assertEquals(program.bootstrapCount() * IMAGES, boot.calls);
                // every bootstrap ends straight at the level its segment needs (no drop afterwards)
                List<Integer> endLevels = new java.util.ArrayList<>();
                for (int i = 0; i < IMAGES; i++) {
                    for (int k = 0; k < steps.size(); k++) {
                        if (steps.get(k) instanceof HeStep.Bootstrap) {
                            endLevels.add(program.stepLevel(k));
                        }
                    }
                }
                assertEquals(endLevels, boot.endLevels);
            }
        }
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
