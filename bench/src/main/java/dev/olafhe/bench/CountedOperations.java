package dev.olafhe.bench;

import dev.olafhe.backend.CountingBackend;
import dev.olafhe.backend.cuda.NativeCounts;
import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.CkksContext;
import dev.olafhe.ckks.ComplexVector;
import dev.olafhe.ckks.Encoder;
import dev.olafhe.ckks.Encryptor;
import dev.olafhe.ckks.EvaluationKeySet;
import dev.olafhe.ckks.Evaluator;
import dev.olafhe.ckks.HoistedDecomposition;
import dev.olafhe.ckks.KeyGenerator;
import dev.olafhe.ckks.Plaintext;
import dev.olafhe.ckks.RandomSources;
import dev.olafhe.ckks.SecretKey;
import dev.olafhe.ckks.boot.Bootstrapper;
import dev.olafhe.ckks.boot.BootstrappingKeys;
import dev.olafhe.ckks.boot.BootstrappingParameters;
import dev.olafhe.infer.CkksPolynomialEvaluation;
import dev.olafhe.infer.EncryptedInference;
import dev.olafhe.infer.HeProgram;
import dev.olafhe.infer.InferenceClient;
import dev.olafhe.infer.LayerPolynomials;
import dev.olafhe.infer.UniformReluPlan;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.data.FashionMnist;
import dev.olafhe.nn.onnx.OnnxImporter;
import dev.olafhe.util.ProgressListener;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The operations whose backend work {@link OperationCounts} reports, each counted on one call after one uncounted
 * call that fills caches (as the quick suite counts): a key switch (relinearization of a degree-2 ciphertext at
 * the top level), a batch of {@value #HOISTED} hoisted rotations (one decomposition, steps 1..{@value #HOISTED},
 * top level), one bootstrapping (full slots, input at level 0), and for one image of tiny_resnet (degree-7 ReLU,
 * bootstrapped where the program places it) the client's encryption, the server's work and the client's
 * decryption of the logits. Keys and inputs come from fixed seeds, so the counts are the same on every run of the
 * same code. On the CUDA backend each operation also gets the native context's counts (native calls, kernel
 * launches, ...) over the same counted call.
 */
final class CountedOperations {
    static final int HOISTED = 8;
    /** The model of the per-image count, and its activation plan (as BootstrappedInferenceTest's). */
    static final String MODEL = "tiny_resnet";
    static final int DEGREE = 7;
    static final int CALIBRATION_IMAGES = 200;

    /**
     * One counted operation: its name in the record ({@code <chain>.<operation>}), what it is, its backend (SPI)
     * counts, and the native context's counts where the backend has them (else null).
     */
    record Counted(String name, String what, CountingBackend.Counts counts, NativeCounts nativeCounts) {
        /** An operation counted on a backend without native counters. */
        Counted(String name, String what, CountingBackend.Counts counts) {
            this(name, what, counts, null);
        }
    }

    private final String chain;
    private final BootstrappingParameters params;
    private final CountingBackend counter;
    private final Supplier<NativeCounts> natives;
    private final List<Counted> out = new ArrayList<>();

    private CountedOperations(String chain, BootstrappingParameters params, CountingBackend counter,
                              Supplier<NativeCounts> natives) {
        this.chain = chain;
        this.params = params;
        this.counter = counter;
        this.natives = natives;
    }

    /**
     * The key switch and the hoisted batch on {@code params}' chain (no bootstrapping keys: cheap at any logN);
     * {@code natives}: snapshots of the wrapped backend's native counters, or null when it has none.
     */
    static List<Counted> keySwitching(String chain, BootstrappingParameters params, CountingBackend counter,
                                      Supplier<NativeCounts> natives) {
        CountedOperations c = new CountedOperations(chain, params, counter, natives);
        try (CkksContext context = new CkksContext(params.ckks(), counter.backend())) {
            c.keySwitchingOn(context);
        }
        return c.out;
    }

    /**
     * The key switch, the hoisted batch, one bootstrapping and, when {@code image}, one encrypted image of
     * {@link #MODEL} (its activation plan is calibrated on the Fashion-MNIST training split); {@code natives} as in
     * {@link #keySwitching}.
     */
    static List<Counted> all(String chain, BootstrappingParameters params, CountingBackend counter,
                             Supplier<NativeCounts> natives, boolean image) throws IOException {
        CountedOperations c = new CountedOperations(chain, params, counter, natives);
        try (CkksContext context = new CkksContext(params.ckks(), counter.backend())) {
            c.keySwitchingOn(context);
            c.bootstrapping(context);
            if (image) {
                c.image(context);
            }
        }
        return c.out;
    }

    private void keySwitchingOn(CkksContext context) {
        int[] steps = new int[HOISTED];
        for (int i = 0; i < HOISTED; i++) {
            steps[i] = i + 1;
        }
        KeyGenerator keygen = new KeyGenerator(context, RandomSources.deterministic(1));
        Encoder encoder = new Encoder(context);
        try (SecretKey sk = keygen.genSecretKey();
             EvaluationKeySet keys = keygen.genEvaluationKeySet(sk, true, steps, false);
             Ciphertext a = encrypt(context, encoder, sk, context.params().maxLevel(), 3);
             Ciphertext b = encrypt(context, encoder, sk, context.params().maxLevel(), 4);
             Ciphertext product = new Evaluator(context, keys).multiplyNew(a, b);
             Ciphertext relinearized = Ciphertext.empty()) {
            Evaluator evaluator = new Evaluator(context, keys);
            count("keySwitch", "relinearize (one key switch) at the top level, level " + product.level(),
                    () -> evaluator.relinearize(product, relinearized));
            Ciphertext[] rotated = new Ciphertext[HOISTED];
            for (int i = 0; i < HOISTED; i++) {
                rotated[i] = Ciphertext.empty();
            }
            count("rotateHoisted" + HOISTED, HOISTED + " hoisted rotations (steps 1.." + HOISTED
                    + ", one decomposition) at the top level", () -> {
                        try (HoistedDecomposition dec = evaluator.decompose(a)) {
                            for (int i = 0; i < HOISTED; i++) {
                                evaluator.rotateHoisted(a, dec, steps[i], rotated[i]);
                            }
                        }
                    });
            for (Ciphertext r : rotated) {
                r.close();
            }
        }
    }

    private void bootstrapping(CkksContext context) {
        KeyGenerator keygen = new KeyGenerator(context, RandomSources.deterministic(1));
        Encoder encoder = new Encoder(context);
        int logSlots = params.ckks().logMaxSlots();
        try (SecretKey sk = keygen.genSecretKey();
             Bootstrapper bootstrapper = new Bootstrapper(context, encoder, params, logSlots);
             BootstrappingKeys keys = BootstrappingKeys.generate(keygen, sk, bootstrapper, ProgressListener.NONE);
             Ciphertext input = encrypt(context, encoder, sk, 0, 5)) {
            Evaluator evaluator = new Evaluator(context, keys.evaluationKeys());
            count("bootstrap", "one bootstrapping, 2^" + logSlots + " slots, input at level 0",
                    () -> bootstrapper.bootstrap(evaluator, keys, input).close());
        }
    }

    private void image(CkksContext context) throws IOException {
        Network net = OnnxImporter.load(ExecutorBenchmark.modelsDir().resolve(MODEL + ".onnx"));
        LayerPolynomials plan = UniformReluPlan.calibrate(net, FashionMnist.train().head(CALIBRATION_IMAGES).images(),
                DEGREE, 0.1);
        int bootLevel = params.levelsAfterBootstrapping();
        HeProgram program = HeProgram.compile(net, plan, CkksPolynomialEvaluation::levels, bootLevel, bootLevel);
        Encoder encoder = new Encoder(context);
        float[] image = FashionMnist.test().head(1).images().sample(0);
        try (InferenceClient client = new InferenceClient(context, RandomSources.deterministic(8));
             Bootstrapper bootstrapper = new Bootstrapper(context, encoder, params,
                     Integer.numberOfTrailingZeros(program.slots()));
             BootstrappingKeys bootKeys = client.bootstrappingKeys(bootstrapper, ProgressListener.NONE);
             EvaluationKeySet keys = client.evaluationKeys(program)) {
            count("encryptImage", "the client's encryption of one image of " + MODEL + " (encode, public key)",
                    () -> client.encrypt(program, image).close());
            Evaluator evaluator = new Evaluator(context, keys);
            try (Ciphertext ct = client.encrypt(program, image);
                 EncryptedInference server = EncryptedInference.onCkks(program, evaluator, bootstrapper, bootKeys,
                         false)) {
                count("image", "the server's work on one encrypted image of " + MODEL + " (degree-" + DEGREE
                                + " ReLU, " + program.bootstrapCount() + " bootstrappings, " + program.slots()
                                + " slots, resident diagonals)",
                        () -> server.run(ct, null).logits().close());
                try (Ciphertext logits = server.run(ct, null).logits()) {
                    count("decryptLogits", "the client's decryption of the logits (decrypt, decode)",
                            () -> client.decryptLogits(program, logits));
                }
            }
        }
    }

    /** Runs {@code op} once to fill caches, then once counted. */
    private void count(String operation, String what, Runnable op) {
        op.run();
        NativeCounts nativeBefore = natives == null ? null : natives.get();
        counter.start();
        op.run();
        CountingBackend.Counts counts = counter.stop();
        out.add(new Counted(chain + "." + operation, what, counts,
                natives == null ? null : natives.get().minus(nativeBefore)));
    }

    private static Ciphertext encrypt(CkksContext context, Encoder encoder, SecretKey sk, int level, long seed) {
        int slots = context.params().maxSlots();
        Random random = new Random(seed);
        double[] re = new double[slots];
        double[] im = new double[slots];
        for (int j = 0; j < slots; j++) {
            re[j] = 2 * random.nextDouble() - 1;
            im[j] = 2 * random.nextDouble() - 1;
        }
        try (Plaintext pt = encoder.encodeNew(new ComplexVector(re, im), level, context.params().defaultScale())) {
            return Encryptor.withSecretKey(context, sk, RandomSources.deterministic(seed)).encryptNew(pt);
        }
    }
}
