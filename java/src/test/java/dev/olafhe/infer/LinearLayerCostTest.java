package dev.olafhe.infer;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.CountingBackend;
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
import dev.olafhe.nn.ModelFiles;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.data.FashionMnist;
import dev.olafhe.nn.onnx.OnnxImporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Deterministic cost of the linear layers of the committed tiny ResNet (no bootstrapping): per linear step, the
 * host uploads (host-side encodings), ModUp and ModDown calls and key inner products, counted by a
 * {@link CountingBackend}. Every rotation is one key switch, i.e. one key inner product; with resident diagonals
 * (encoded once when the server is made) a linear step encodes nothing on the host.
 */
class LinearLayerCostTest {
    @ParameterizedTest(name = "logN {0}")
    @ValueSource(ints = {11, 12})
    void linearLayerCostsAreCountedPerStep(int logN) throws IOException {
        Network net = OnnxImporter.load(ModelFiles.onnx("tiny_resnet"));
        LayerPolynomials plan = UniformReluPlan.calibrate(net, FashionMnist.train().head(50).images(), 7, 0.1);
        int inputLevel = HeProgram.requiredLevels(net, plan, CkksPolynomialEvaluation::levels);
        CkksParameters params = CkksParameters.of(new CkksParametersLiteral(logN,
                CkksParametersLiteral.concat(new int[] {55}, CkksParametersLiteral.repeat(40, inputLevel)),
                new int[] {61, 61}, 40, SecretDistribution.uniformTernary(), 0, true));
        // whole operations expanded: the key inner products inside key switches and hoisted batches are counted
        CountingBackend counter = new CountingBackend(new CpuBackend(), true);
        counter.start();
        try (Backend backend = counter.backend(); // closes the CPU backend
             CkksContext context = new CkksContext(params, backend);
             InferenceClient client = new InferenceClient(context, RandomSources.deterministic(7))) {
            HeProgram program = HeProgram.compile(net, plan, CkksPolynomialEvaluation::levels, inputLevel, -1);
            program.compileTransforms();
            try (EvaluationKeySet keys = client.evaluationKeys(program);
                 Ciphertext ct = client.encrypt(program, FashionMnist.test().head(1).images().sample(0))) {
                Evaluator evaluator = new Evaluator(context, keys);
                CountingBackend.Counts beforeServer = counter.snapshot();
                EncryptedInference server = new EncryptedInference(program, evaluator, new Encoder(context),
                        new CkksPolynomialEvaluation(evaluator), null, false);
                System.out.printf(Locale.ROOT, "logN %d, %d slots: server setup (model-time encodings): %s%n", logN,
                        program.slots(), describe(counter.snapshot().minus(beforeServer)));
                List<CountingBackend.Counts> perStep = new ArrayList<>();
                CountingBackend.Counts[] last = {counter.snapshot()};
                try (server; Ciphertext logits = server.run(ct, (k, step, value) -> {
                    CountingBackend.Counts now = counter.snapshot();
                    perStep.add(now.minus(last[0]));
                    last[0] = now;
                }).logits()) {
                    assertEquals(program.level(program.outputValue()), logits.level());
                }
                for (int k = 0; k < program.steps().size(); k++) {
                    if (program.steps().get(k) instanceof HeStep.Linear l) {
                        CountingBackend.Counts c = perStep.get(k);
                        System.out.printf(Locale.ROOT, "  step %2d: %s | %s%n", k, describe(c), l.transform());
                        assertEquals(l.transform().rotationCount(), c.calls("innerProduct"),
                                "one key switch per rotation in step " + k);
                        assertEquals(0, c.calls("upload"),
                                "resident diagonals: nothing encoded on the host in step " + k);
                        // what MeasuredLevelCosts prices a linear step by: a multiply-accumulate per diagonal and
                        // part (a giant step's first product is written, not added: mul, the others mulAdd), a
                        // ModDown per non-zero giant sum, one for the lazy sum of them all and one per full rotation
                        // (the prefix's and the replication's), per part
                        SlotLinearTransform.Operations ops = l.transform().operations();
                        assertEquals(2L * ops.diagonals(), c.calls("mul") + c.calls("mulAdd"), "step " + k);
                        assertEquals(2L * (ops.modDowns() + ops.preSumRotations() + ops.replicationRotations()),
                                c.calls("modDown"), "step " + k);
                    }
                }
            }
        }
    }

    /** The counts that make a linear layer expensive: host encodings (uploads), key-switching calls. */
    private static String describe(CountingBackend.Counts c) {
        return String.format(Locale.ROOT, "uploads %4d, modUp %4d, inner products %3d, modDown %4d",
                c.calls("upload"), c.calls("modUp"), c.calls("innerProduct"), c.calls("modDown"));
    }
}
