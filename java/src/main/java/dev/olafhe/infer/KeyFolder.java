package dev.olafhe.infer;

import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.CkksContext;
import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.CkksSerializer;
import dev.olafhe.ckks.EvaluationKeySet;
import dev.olafhe.ckks.Evaluator;
import dev.olafhe.ckks.RandomSources;
import dev.olafhe.ckks.SwitchingKey;
import dev.olafhe.ckks.boot.Bootstrapper;
import dev.olafhe.ckks.boot.BootstrappingKeys;
import dev.olafhe.util.ProgressListener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * A key folder: the {@link InferenceSession} ({@value InferenceSession#FILE}), the CKKS parameters, the evaluation
 * and bootstrapping keys the server needs, and the client's own keys ({@link InferenceClient#SECRET_KEY_FILE} never
 * leaves the client). Opening one compiles its session, so client and server work from the same program; the
 * client encrypts and decrypts with the folder's secret key, the server infers with its evaluation keys only.
 */
public final class KeyFolder {
    public static final String PARAMETERS_FILE = "params.ckks";
    public static final String EVALUATION_KEYS_FILE = "eval.keys";
    public static final String BOOTSTRAPPING_KEYS_FILE = "boot.keys";
    public static final String DENSE_TO_SPARSE_FILE = "boot-dense-to-sparse.key";
    public static final String SPARSE_TO_DENSE_FILE = "boot-sparse-to-dense.key";
    /** Every file a key folder may hold, the server's first. */
    public static final List<String> FILES = List.of(InferenceSession.FILE, PARAMETERS_FILE, EVALUATION_KEYS_FILE,
            BOOTSTRAPPING_KEYS_FILE, DENSE_TO_SPARSE_FILE, SPARSE_TO_DENSE_FILE, InferenceClient.PUBLIC_KEY_FILE,
            InferenceClient.SECRET_KEY_FILE);

    private final Path dir;
    private final InferenceSession session;
    private final CompiledSession compiled;

    private KeyFolder(Path dir, InferenceSession session, CompiledSession compiled) {
        this.dir = dir;
        this.session = session;
        this.compiled = compiled;
    }

    /** The key folder {@code dir}: reads its session and compiles it (model and plan checked against their hashes). */
    public static KeyFolder open(Path dir) throws IOException {
        InferenceSession session = InferenceSession.load(dir);
        return new KeyFolder(dir, session, session.compile());
    }

    /**
     * Key generation (client side): new keys from {@code random} (a SecureRandom outside tests) for {@code compiled}
     * on {@code context}, written with the session and the parameters into {@code dir}, every key file stamped with
     * the new key set's identity. With {@code compactKeys} the evaluation keys are kept compact in memory while they
     * are generated; writing large key sets and generating bootstrapping keys report to {@code progress}.
     */
    public static KeyFolder create(Path dir, InferenceSession session, CompiledSession compiled, CkksContext context,
                                   Random random, boolean compactKeys, ProgressListener progress) throws IOException {
        try (InferenceClient client = new InferenceClient(context, random, compactKeys);
             EvaluationKeySet keys = client.evaluationKeys(compiled.program())) {
            session.save(dir);
            CkksSerializer.saveParameters(compiled.params(), dir.resolve(PARAMETERS_FILE));
            client.save(dir);
            CkksSerializer serializer = new CkksSerializer(context).withProgress(progress)
                    .forKeySet(client.keySetId(), keysIn(dir));
            serializer.save(keys, dir.resolve(EVALUATION_KEYS_FILE));
            // the client needs only the bootstrapper's key plan: compact DFT factors spare encoding ~5 GiB at logN 16
            try (Bootstrapper bootstrapper = compiled.bootstrapper(context, true)) {
                if (bootstrapper != null) {
                    try (BootstrappingKeys bootKeys = client.bootstrappingKeys(bootstrapper, progress)) {
                        saveBootstrappingKeys(bootKeys, serializer, dir);
                    }
                }
            }
        }
        return new KeyFolder(dir, session, compiled);
    }

    public Path dir() {
        return dir;
    }

    public InferenceSession session() {
        return session;
    }

    public CompiledSession compiled() {
        return compiled;
    }

    /** The folder's files that exist, in {@link #FILES} order. */
    public List<Path> existingFiles() {
        return FILES.stream().map(dir::resolve).filter(Files::exists).toList();
    }

    /** The parameters stored in the folder, checked against the ones its session compiles to. */
    public CkksParameters storedParameters() throws IOException {
        CkksParameters expected = compiled.params();
        CkksParameters stored = CkksSerializer.loadParameters(dir.resolve(PARAMETERS_FILE));
        if (!stored.literal().equals(expected.literal())) {
            throw new IOException(dir.resolve(PARAMETERS_FILE) + " holds " + stored + " but the session compiles to "
                    + expected + "; the key directory and session.json do not belong together (re-run `ola keygen`)");
        }
        return stored;
    }

    /** Client: encrypts {@code image} (CHW floats) in the program's layout under the folder's keys into {@code out}. */
    public void encrypt(CkksContext context, float[] image, Path out) throws IOException {
        try (InferenceClient client = InferenceClient.load(context, dir, RandomSources.secure());
             Ciphertext ct = client.encrypt(compiled.program(), image)) {
            new CkksSerializer(context).forKeySet(client.keySetId(), keysIn(dir)).save(ct, out);
        }
    }

    /**
     * Server: runs the program on the encrypted image {@code in} with the folder's evaluation (and bootstrapping)
     * keys only, kept compact in memory when {@code compactKeys}; writes the encrypted logits to {@code out}.
     */
    public EncryptedInference.Timing infer(CkksContext context, boolean compactKeys, Path in, Path out,
                                           ProgressListener progress) throws IOException {
        CkksSerializer serializer = (compactKeys ? new CkksSerializer(context).withCompactKeys()
                : new CkksSerializer(context)).withProgress(progress)
                .forKeySetOf(dir.resolve(EVALUATION_KEYS_FILE), keysIn(dir));
        HeProgram program = compiled.program();
        try (EvaluationKeySet keys = serializer.load(dir.resolve(EVALUATION_KEYS_FILE), EvaluationKeySet.class);
             Bootstrapper bootstrapper = compiled.bootstrapper(context, compactKeys);
             BootstrappingKeys bootKeys = bootstrapper == null ? null : loadBootstrappingKeys(serializer, dir);
             Ciphertext ct = serializer.load(in, Ciphertext.class)) {
            EncryptedInference server = EncryptedInference.onCkks(program, new Evaluator(context, keys), bootstrapper,
                    bootKeys);
            EncryptedInference.Result r;
            try (ProgressListener.Task task = progress.start("infer", program.steps().size())) {
                r = server.run(ct, (k, step, value) -> task.step());
            }
            try (Ciphertext logits = r.logits()) {
                serializer.save(logits, out);
            }
            return r.timing();
        }
    }

    /** Client: the logits in the encrypted inference result {@code in}, decrypted with the folder's secret key. */
    public double[] decryptLogits(CkksContext context, Path in) throws IOException {
        try (InferenceClient client = InferenceClient.load(context, dir, RandomSources.secure());
             Ciphertext ct = new CkksSerializer(context).forKeySet(client.keySetId(), keysIn(dir))
                     .load(in, Ciphertext.class)) {
            return client.decryptLogits(compiled.program(), ct);
        }
    }

    /** How error messages name this folder's key set. */
    private static String keysIn(Path dir) {
        return "the keys in " + dir;
    }

    private static void saveBootstrappingKeys(BootstrappingKeys keys, CkksSerializer serializer, Path dir)
            throws IOException {
        serializer.save(keys.evaluationKeys(), dir.resolve(BOOTSTRAPPING_KEYS_FILE));
        if (keys.encapsulation()) {
            serializer.save(keys.denseToSparse(), dir.resolve(DENSE_TO_SPARSE_FILE));
            serializer.save(keys.sparseToDense(), dir.resolve(SPARSE_TO_DENSE_FILE));
        }
    }

    private static BootstrappingKeys loadBootstrappingKeys(CkksSerializer serializer, Path dir) throws IOException {
        EvaluationKeySet keys = serializer.load(dir.resolve(BOOTSTRAPPING_KEYS_FILE), EvaluationKeySet.class);
        if (!Files.exists(dir.resolve(DENSE_TO_SPARSE_FILE))) {
            return new BootstrappingKeys(keys, null, null);
        }
        return new BootstrappingKeys(keys, serializer.load(dir.resolve(DENSE_TO_SPARSE_FILE), SwitchingKey.class),
                serializer.load(dir.resolve(SPARSE_TO_DENSE_FILE), SwitchingKey.class));
    }
}
