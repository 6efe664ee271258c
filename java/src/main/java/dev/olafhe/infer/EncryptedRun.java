package dev.olafhe.infer;

import dev.olafhe.backend.Backends;
import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.EvaluationKeySet;
import dev.olafhe.ckks.Evaluator;
import dev.olafhe.ckks.KeyMemoryReport;
import dev.olafhe.ckks.SecurityPolicy;
import dev.olafhe.ckks.boot.Bootstrapper;
import dev.olafhe.ckks.boot.BootstrappingKeys;
import dev.olafhe.nn.Executor;
import dev.olafhe.nn.data.Dataset;
import dev.olafhe.util.ProgressListener;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Client and server in one process, on consecutive test images: compile the session, generate the keys, and per
 * image encrypt, infer on the ciphertext (server side: evaluation keys only), decrypt the logits and compare them
 * with the plaintext model running the same polynomials and with the exact model. Every stage is timed and reported
 * to a {@link Listener} as it ends.
 */
public final class EncryptedRun {
    /**
     * @param index       first test image
     * @param images      number of consecutive test images
     * @param layerErrors decrypt every step's output and compare it with the float64 slot simulation (slower)
     * @param random      randomness for keys and encryption (a SecureRandom; deterministic randomness needs a session
     *                    that allows INSECURE choices, {@link SecurityPolicy})
     * @param levelCosts  a cost file of {@code ola calibrate} to place the bootstraps by (and predict the time per
     *                    image), or null for the analytic model
     */
    public record Options(int index, int images, boolean layerErrors, KeyResidency residency, Random random,
                          Path levelCosts) {
    }

    /** What the run reports as it goes. */
    public interface Listener {
        /** The session compiled; test images [from, to) of {@code test} will be classified. */
        void begin(CompiledSession compiled, Dataset test, int from, int to);

        /** The measured cost model of --level-costs predicts {@code seconds} per image. */
        default void predicted(double seconds, String source) {
        }

        /** A timed stage ended. */
        void stage(String what, double seconds);

        /** The backend is open; the keys will take about {@code estimate}, kept as {@code keyMemory} says. */
        void runtime(CkksRuntime runtime, CompiledSession compiled, KeyEstimate estimate, String keyMemory);

        /** Keys generated: their bytes in memory, and the DFT factors' (-1 without bootstrapping). */
        void keys(long keyBytes, boolean bootstrapping, long dftBytes);

        /** The server inferred one image; {@code layerErrors} per step, or null when not asked for. */
        void inferred(int image, EncryptedInference.Timing timing, HeProgram program, double[] layerErrors);

        /** One image decrypted and compared with the plaintext model. */
        void classified(int image, int label, PlaintextComparison comparison);
    }

    /** Over all images: encrypted top-1 correct, and in agreement with the plaintext model with the polynomials. */
    public record Summary(int correct, int agree, int images) {
    }

    private final CompiledSession compiled;
    private final HeProgram program;
    private final Options options;
    private final Listener listener;
    private final ProgressListener progress;
    /** The costs of --level-costs, or null. */
    private final MeasuredLevelCosts measured;

    private EncryptedRun(CompiledSession compiled, Options options, Listener listener, ProgressListener progress,
                         MeasuredLevelCosts measured) {
        this.compiled = compiled;
        this.measured = measured;
        this.program = compiled.program();
        this.options = options;
        this.listener = listener;
        this.progress = progress;
    }

    /** Runs {@code session} on the backend {@code backend} chose. */
    public static Summary run(InferenceSession session, Backends.Decision backend, Options options, Listener listener,
                              ProgressListener progress) throws IOException {
        SecurityPolicy.requireRandomness(SecurityPolicy.isDeterministic(options.random()), session.insecure());
        long t0 = System.nanoTime();
        MeasuredLevelCosts measured = options.levelCosts() == null ? null
                : LevelCostFile.load(options.levelCosts(), session.bootstrapping());
        CompiledSession compiled = session.compile(measured != null ? measured : new LimbCostModel());
        double compileSeconds = (System.nanoTime() - t0) / 1e9;
        if (measured != null) {
            measured.requireBootstrapSlots(compiled.program().slots());
        }
        Dataset test = session.testSet();
        int from = options.index();
        int to = from + options.images();
        if (from < 0 || options.images() < 1 || to > test.size()) {
            throw new IllegalArgumentException("--index/--images select test images [" + from + ", " + to
                    + ") but the test set has " + test.size());
        }
        listener.begin(compiled, test, from, to);
        listener.stage("load model, " + compiled.planDescription() + ", compile", compileSeconds);
        if (measured != null) {
            listener.predicted(compiled.program().predictedCost(measured), measured.source());
        }
        return new EncryptedRun(compiled, options, listener, progress, measured).on(backend, test);
    }

    private Summary on(Backends.Decision backend, Dataset test) {
        CkksParameters params = compiled.params();
        try (CkksRuntime rt = CkksRuntime.open(params, backend);
             Executor plain = new Executor(compiled.network())) {
            KeyEstimate estimate = compiled.keyEstimate();
            long resident = estimate.total();
            boolean compact = options.residency().compact(resident, rt.backend());
            if (measured != null) {
                measured.requireResidency(compact);
            }
            listener.runtime(rt, compiled, estimate, options.residency().describe(resident, rt.backend()));
            timed("compile linear layers to diagonals (client and server)", program::compileTransforms);
            try (InferenceClient client = timed("client: keygen (secret + public key)",
                    () -> new InferenceClient(rt.context(), options.random(), compact));
                 EvaluationKeySet keys = timed("client: evaluation keys (relinearization + "
                         + program.rotationSteps().length + " rotations, each at its highest level)",
                         () -> client.evaluationKeys(program));
                 Bootstrapper bootstrapper = compiled.bootstrapping() == null ? null : timed(
                         "server: bootstrapper (DFT factors for " + program.slots() + " slots)",
                         () -> compiled.bootstrapper(rt.context(), compact));
                 BootstrappingKeys bootKeys = bootstrapper == null ? null : timed(
                         "client: bootstrapping keys", () -> client.bootstrappingKeys(bootstrapper, progress))) {
                long keyBytes = KeyMemoryReport.of(params, keys).totalInMemory() + (bootKeys == null ? 0
                        : KeyMemoryReport.of(params, bootKeys.evaluationKeys()).totalInMemory());
                listener.keys(keyBytes, bootKeys != null, bootstrapper == null ? -1 : bootstrapper.dftBytesInMemory());
                try (EncryptedInference server = timed("server: encode the linear layers' diagonals",
                        () -> EncryptedInference.onCkks(program, new Evaluator(rt.context(), keys), bootstrapper,
                                bootKeys, compact))) {
                    return images(test, client, server, plain);
                }
            }
        }
    }

    private Summary images(Dataset test, InferenceClient client, EncryptedInference server, Executor plain) {
        int correct = 0;
        int agree = 0;
        for (int i = options.index(); i < options.index() + options.images(); i++) {
            PlaintextComparison cmp = image(i, test, client, server, plain);
            correct += cmp.encryptedTop1() == test.labels()[i] ? 1 : 0;
            agree += cmp.encryptedTop1() == cmp.plaintextTop1() ? 1 : 0;
        }
        return new Summary(correct, agree, options.images());
    }

    /** Encrypts test image {@code i}, infers, decrypts and compares. */
    private PlaintextComparison image(int i, Dataset test, InferenceClient client, EncryptedInference server,
                                      Executor plain) {
        float[] image = test.images().sample(i);
        StepErrors errors = options.layerErrors() ? new StepErrors(client, program) : null;
        List<double[]> want = errors != null ? SlotSimulator.run(program, program.encodeInput(image)) : null;
        EncryptedInference.Result r;
        try (Ciphertext ct = timed("client: encrypt image " + i, () -> client.encrypt(program, image));
             ProgressListener.Task task = progress.start("server: infer image " + i, program.steps().size())) {
            r = server.run(ct, (k, step, value) -> {
                if (errors != null) {
                    errors.record(k, step, value, want);
                }
                task.step();
            });
        }
        listener.inferred(i, r.timing(), program, errors == null ? null : errors.max());
        double[] logits;
        try (Ciphertext encrypted = r.logits()) {
            logits = timed("client: decrypt logits", () -> client.decryptLogits(program, encrypted));
        }
        PlaintextComparison cmp = PlaintextComparison.of(logits, plain, compiled.polynomials(), image);
        listener.classified(i, test.labels()[i], cmp);
        return cmp;
    }

    private <T> T timed(String what, Supplier<T> work) {
        long t0 = System.nanoTime();
        T result = work.get();
        listener.stage(what, (System.nanoTime() - t0) / 1e9);
        return result;
    }
}
