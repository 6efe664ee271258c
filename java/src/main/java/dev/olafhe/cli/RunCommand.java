package dev.olafhe.cli;

import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.CkksContext;
import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.EvaluationKeySet;
import dev.olafhe.ckks.Evaluator;
import dev.olafhe.ckks.KeyMemoryReport;
import dev.olafhe.ckks.RandomSources;
import dev.olafhe.ckks.boot.Bootstrapper;
import dev.olafhe.ckks.boot.BootstrappingKeys;
import dev.olafhe.infer.EncryptedInference;
import dev.olafhe.infer.HeProgram;
import dev.olafhe.infer.InferenceClient;
import dev.olafhe.infer.PolynomialPlan;
import dev.olafhe.infer.SlotSimulator;
import dev.olafhe.infer.StepErrors;
import dev.olafhe.nn.Executor;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.data.Dataset;
import dev.olafhe.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code ola run}: client and server in one process. Keygen, encrypt a test image, encrypted inference
 * (server side, evaluation keys only), decrypt the logits; compare with the plaintext model running the same
 * polynomials and with the exact model; time every stage.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Encrypted inference demo: keygen, encrypt an image, infer on the ciphertext, decrypt; "
                + "report the class, the comparison with plaintext and the time of each stage.")
public final class RunCommand implements Callable<Integer> {
    @Mixin
    InferenceSession.Options options;

    @Option(names = "--index", defaultValue = "0", description = "first test image (default: ${DEFAULT-VALUE})")
    int index;

    @Option(names = "--images", defaultValue = "1", description = "number of consecutive test images")
    int images;

    @Mixin
    BackendOption backend;

    @Mixin
    KeyResidencyOption residency;

    @Option(names = "--layer-errors", description = "decrypt every step's output and report its max abs error against "
            + "the plaintext model with the same polynomials (float64 slot simulation); adds decryption time")
    boolean layerErrors;

    @Option(names = "--seed", description = "deterministic randomness (INSECURE, reproducible); default SecureRandom")
    Long seed;

    @Override
    public Integer call() throws Exception {
        return run(System.out);
    }

    int run(PrintStream out) throws Exception {
        InferenceSession session = options.session();
        long t0 = System.nanoTime();
        InferenceSession.Compiled c = session.compile();
        double compileSeconds = (System.nanoTime() - t0) / 1e9;
        Network net = c.network();
        PolynomialPlan plan = c.polynomials();
        HeProgram program = c.program();
        CkksParameters params = c.params();
        Dataset test = session.testSet();
        if (index < 0 || images < 1 || index + images > test.size()) {
            throw new IllegalArgumentException("--index/--images select test images [" + index + ", " + (index + images)
                    + ") but the test set has " + test.size());
        }
        out.printf(Locale.ROOT, "OLA-FHE run: %s, %s test images [%d, %d)%n", net.name(), test.name(), index,
                index + images);
        out.printf(Locale.ROOT, "  %-58s %9.2f s%n", "load model, " + c.planDescription() + ", compile", compileSeconds);
        try (InferenceSession.Runtime rt = backend.open(params);
             Executor plain = new Executor(net)) {
            CkksContext context = rt.context();
            out.println("backend    : " + rt.backend().name() + " — " + rt.why());
            out.println("parameters : " + params);
            out.println("program    : " + KeygenCommand.summary(c));
            KeyEstimate estimate = KeyEstimate.of(c);
            out.println("keys       : " + estimate.describe() + " (estimate)");
            long resident = estimate.total();
            out.println("key memory : " + residency.describe(resident, rt.backend()));
            timed(out, "compile linear layers to diagonals (client and server)", program::compileTransforms);
            Random random = seed == null ? RandomSources.secure() : RandomSources.deterministic(seed);
            try (InferenceClient client = timed(out, "client: keygen (secret + public key)",
                    () -> new InferenceClient(context, random, residency.compact(resident, rt.backend())));
                 EvaluationKeySet keys = timed(out, "client: evaluation keys (relinearization + "
                         + program.rotationSteps().length + " rotations, each at its highest level)",
                         () -> client.evaluationKeys(program));
                 Bootstrapper bootstrapper = c.bootstrapping() == null ? null : timed(out,
                         "server: bootstrapper (DFT factors for " + program.slots() + " slots)",
                         () -> InferenceSession.bootstrapper(c, context, residency.compact(resident, rt.backend())));
                 BootstrappingKeys bootKeys = bootstrapper == null ? null : timed(out,
                         "client: bootstrapping keys", () -> client.bootstrappingKeys(bootstrapper, ProgressBarAdapter.stderrBar()))) {
                long keyBytes = KeyMemoryReport.of(params, keys).totalInMemory()
                        + (bootKeys == null ? 0 : KeyMemoryReport.of(params, bootKeys.evaluationKeys()).totalInMemory());
                out.printf(Locale.ROOT, "keys       : %s in memory (program%s)%n", mib(keyBytes),
                        bootKeys == null ? "" : " + bootstrapping");
                if (bootstrapper != null) {
                    out.printf(Locale.ROOT, "DFT factors: %s in memory (encoded CoeffToSlot and SlotToCoeff diagonals)%n",
                            mib(bootstrapper.dftBytesInMemory()));
                }
                Evaluator evaluator = new Evaluator(context, keys);
                EncryptedInference server = EncryptedInference.onCkks(program, evaluator, bootstrapper, bootKeys);
                int correct = 0;
                int agree = 0;
                for (int i = index; i < index + images; i++) {
                    float[] image = test.images().sample(i);
                    Ciphertext ct = timed(out, "client: encrypt image " + i, () -> client.encrypt(program, image));
                    EncryptedInference.Result r;
                    StepErrors errors = layerErrors ? new StepErrors(client, program) : null;
                    List<double[]> want = layerErrors ? SlotSimulator.run(program, program.encodeInput(image)) : null;
                    try (Progress progress = new Progress("server: infer image " + i, program.steps().size())) {
                        r = server.run(ct, (k, step, value) -> {
                            if (errors != null) {
                                errors.record(k, step, value, want);
                            }
                            progress.step();
                        });
                    }
                    ct.close();
                    out.printf(Locale.ROOT, "  %-58s %9.2f s  (%s)%n", "server: infer image " + i,
                            r.timing().totalSeconds(), r.timing());
                    if (errors != null) {
                        out.println("layer errors (max abs, true values, vs float64 with the same polynomials):");
                        for (int k = 0; k < program.steps().size(); k++) {
                            out.printf(Locale.ROOT, "  %3d  %-84s level %2d  %.2e%n", k, program.steps().get(k)
                                    .describe(), program.stepLevel(k), errors.max()[k]);
                        }
                    }
                    double[] logits = timed(out, "client: decrypt logits", () -> client.decryptLogits(program, r.logits()));
                    r.logits().close();
                    PlaintextComparison cmp = PlaintextComparison.of(logits, plain, plan, image);
                    int label = test.labels()[i];
                    correct += cmp.encryptedTop1() == label ? 1 : 0;
                    agree += cmp.encryptedTop1() == cmp.plaintextTop1() ? 1 : 0;
                    out.printf(Locale.ROOT, "result     : image %d label %d, encrypted top-1 %d, plaintext with the same "
                                    + "polynomials %d, exact model %d; logits max abs error vs plaintext %.2e%n", i, label,
                            cmp.encryptedTop1(), cmp.plaintextTop1(), cmp.exactTop1(), cmp.maxAbsLogitError());
                }
                out.printf(Locale.ROOT, "summary    : %d/%d correct, %d/%d agree with the plaintext model%n", correct,
                        images, agree, images);
            }
        }
        return 0;
    }

    private static <T> T timed(PrintStream out, String what, Supplier<T> work) {
        long t0 = System.nanoTime();
        T result = work.get();
        out.printf(Locale.ROOT, "  %-58s %9.2f s%n", what, (System.nanoTime() - t0) / 1e9);
        return result;
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
    }
}
