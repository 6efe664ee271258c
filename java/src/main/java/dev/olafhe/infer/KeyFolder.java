package dev.olafhe.infer;

import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.CkksContext;
import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.CkksSerializer;
import dev.olafhe.ckks.Decryptor;
import dev.olafhe.ckks.Encoder;
import dev.olafhe.ckks.Encryptor;
import dev.olafhe.ckks.EvaluationKeySet;
import dev.olafhe.ckks.Evaluator;
import dev.olafhe.ckks.KeySetId;
import dev.olafhe.ckks.ObjectKind;
import dev.olafhe.ckks.Plaintext;
import dev.olafhe.ckks.PublicKey;
import dev.olafhe.ckks.RandomSources;
import dev.olafhe.ckks.SecretKey;
import dev.olafhe.ckks.SecurityPolicy;
import dev.olafhe.ckks.SwitchingKey;
import dev.olafhe.ckks.boot.Bootstrapper;
import dev.olafhe.ckks.boot.BootstrappingKeys;
import dev.olafhe.util.AtomicFolder;
import dev.olafhe.util.ProgressListener;
import dev.olafhe.util.SafeFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * A key folder: the {@link InferenceSession} ({@value InferenceSession#FILE}), the CKKS parameters, the evaluation
 * and bootstrapping keys the server needs, and the client's own keys ({@link InferenceClient#SECRET_KEY_FILE} never
 * leaves the client). Opening one compiles its session, so client and server work from the same program; the
 * client encrypts and decrypts with the folder's secret key, the server infers with its evaluation keys only.
 */
/**
 * A key folder: the {@link InferenceSession} ({@value InferenceSession#FILE}), the CKKS parameters, the evaluation
 * and bootstrapping keys the server needs, how the logits are read ({@link LogitsReadout}), and the client's keys
 * ({@link InferenceClient#PUBLIC_KEY_FILE}, enough to encrypt, and {@link InferenceClient#SECRET_KEY_FILE}, which
 * never leaves the client). Key generation writes the folder as a whole ({@link AtomicFolder}): an interrupted
 * keygen leaves the previous folder intact, never new keys beside old ones.
 *
 * <p>Opening a folder reads and checks its session only; the session is compiled when something needs the program
 * (encrypting, inferring), so that cheap checks of the command's files ({@link #checkEncrypt}, {@link #checkInfer},
 * {@link #checkDecrypt}) come before minutes of compiling and key loading. The client encrypts with the public key
 * and decrypts with the secret key and the readout; the server infers with the evaluation keys only.
 */
public final class KeyFolder {
    public static final String PARAMETERS_FILE = "params.ckks";
    public static final String EVALUATION_KEYS_FILE = "eval.keys";
    public static final String BOOTSTRAPPING_KEYS_FILE = "boot.keys";
    public static final String DENSE_TO_SPARSE_FILE = "boot-dense-to-sparse.key";
    public static final String SPARSE_TO_DENSE_FILE = "boot-sparse-to-dense.key";
    /** Every file a key folder may hold, the server's first. */
    public static final List<String> FILES = List.of(InferenceSession.FILE, PARAMETERS_FILE, EVALUATION_KEYS_FILE,
            BOOTSTRAPPING_KEYS_FILE, DENSE_TO_SPARSE_FILE, SPARSE_TO_DENSE_FILE, LogitsReadout.FILE,
            InferenceClient.PUBLIC_KEY_FILE, InferenceClient.SECRET_KEY_FILE);
    /** What a key folder is called in messages about replacing one. */
    private static final String KIND = "an OLA-FHE key folder";

    private final Path dir;
    private final InferenceSession session;
    private CompiledSession compiled; // on first use

    private KeyFolder(Path dir, InferenceSession session, CompiledSession compiled) {
        this.dir = dir;
        this.session = session;
        this.compiled = compiled;
    }

    /** The key folder {@code dir}: reads and checks its session ({@link InferenceSession#load}); compiles nothing. */
    public static KeyFolder open(Path dir) throws IOException {
        return new KeyFolder(dir, InferenceSession.load(dir), null);
    }

    /**
     * Whether {@link #create} can write a key folder at {@code dir}, before the keys are generated: its parent folder
     * is writable, and {@code dir} is missing, empty or a key folder (never another folder of the user's).
     */
    public static void checkTarget(Path dir) throws IOException {
        AtomicFolder.checkTarget(dir, FILES::contains, KIND);
    }

    /**
     * Key generation (client side): new keys from {@code random} for {@code compiled} on {@code context}, written with
     * the session, the parameters and the readout into {@code dir} as a whole, replacing a key folder there (see the
     * class comment); every key file is stamped with the new key set's identity. Deterministic randomness needs a
     * session that allows and records it ({@link SecurityPolicy}). With {@code compactKeys} the evaluation keys are
     * kept compact in memory while generated; writing large key sets and bootstrapping keys report to
     * {@code progress}.
     */
    public static KeyFolder create(Path dir, InferenceSession session, CompiledSession compiled, CkksContext context,
                                   Random random, boolean compactKeys, ProgressListener progress) throws IOException {
        boolean deterministic = SecurityPolicy.isDeterministic(random);
        SecurityPolicy.requireRandomness(deterministic, session.insecure());
        if (deterministic && !session.deterministicKeys()) {
            throw new IllegalArgumentException("deterministic randomness for a session that records CSPRNG keys; "
                    + "create the session with deterministic keys");
        }
        AtomicFolder.write(dir, FILES::contains, KIND,
                folder -> writeKeys(folder, session, compiled, context, random, compactKeys, progress));
        return new KeyFolder(dir, session, compiled);
    }

    private static void writeKeys(Path folder, InferenceSession session, CompiledSession compiled, CkksContext context,
                                  Random random, boolean compactKeys, ProgressListener progress) throws IOException {
        try (InferenceClient client = new InferenceClient(context, random, compactKeys);
             EvaluationKeySet keys = client.evaluationKeys(compiled.program())) {
            session.save(folder);
            CkksSerializer.saveParameters(compiled.params(), folder.resolve(PARAMETERS_FILE));
            LogitsReadout.of(compiled.program()).write(folder);
            client.save(folder);
            CkksSerializer serializer = new CkksSerializer(context).withProgress(progress)
                    .forKeySet(client.keySetId(), keysIn(folder));
            serializer.save(keys, folder.resolve(EVALUATION_KEYS_FILE));
            // the client needs only the bootstrapper's key plan: compact DFT factors spare encoding ~5 GiB at logN 16
            try (Bootstrapper bootstrapper = compiled.bootstrapper(context, true)) {
                if (bootstrapper != null) {
                    try (BootstrappingKeys bootKeys = client.bootstrappingKeys(bootstrapper, progress)) {
                        saveBootstrappingKeys(bootKeys, serializer, folder);
                    }
                }
            }
        }
    }

    public Path dir() {
        return dir;
    }

    public InferenceSession session() {
        return session;
    }

    /** The compiled session (compiled on the first call: model and plan checked against their hashes). */
    public CompiledSession compiled() throws IOException {
        if (compiled == null) {
            compiled = session.compile();
        }
        return compiled;
    }

    /** The folder's files that exist, in {@link #FILES} order. */
    public List<Path> existingFiles() {
        return FILES.stream().map(dir::resolve).filter(Files::exists).toList();
    }

    /** The parameters stored in the folder, checked against the ones its session compiles to. */
    public CkksParameters storedParameters() throws IOException {
        CkksParameters expected = compiled().params();
        CkksParameters stored = CkksSerializer.loadParameters(dir.resolve(PARAMETERS_FILE));
        if (!stored.literal().equals(expected.literal())) {
            throw new IOException(dir.resolve(PARAMETERS_FILE) + " holds " + stored + " but the session compiles to "
                    + expected + "; the key directory and session.json do not belong together (re-run `ola keygen`)");
        }
        return stored;
    }

    /** The parameters stored in the folder as they are (their keys are checked against them when loaded). */
    public CkksParameters parameters() throws IOException {
        return CkksSerializer.loadParameters(dir.resolve(PARAMETERS_FILE));
    }

    // ---- cheap checks before the work ----------------------------------------------------------------------

    /** Before encrypting: the public key is here, and {@code out} can be written. */
    public void checkEncrypt(Path out) throws IOException {
        requireKeyFile(InferenceClient.PUBLIC_KEY_FILE, "encrypting needs the client's public key");
        SafeFiles.checkWritable(out);
    }

    /**
     * Before inferring: the evaluation keys are here, {@code in} is a ciphertext of their key set (its header), and
     * {@code out} can be written.
     */
    public void checkInfer(Path in, Path out) throws IOException {
        requireKeyFile(EVALUATION_KEYS_FILE, "the server needs the evaluation keys");
        checkCiphertext(in, EVALUATION_KEYS_FILE);
        SafeFiles.checkWritable(out);
    }

    /** Before decrypting: the secret key is here and {@code in} is a ciphertext of its key set (its header). */
    public void checkDecrypt(Path in) throws IOException {
        requireKeyFile(InferenceClient.SECRET_KEY_FILE, "decrypting needs the client's secret key, which only the "
                + "key folder written by `ola keygen` holds (a server's copy has none)");
        checkCiphertext(in, InferenceClient.SECRET_KEY_FILE);
    }

    private void requireKeyFile(String name, String why) throws IOException {
        if (!Files.isRegularFile(dir.resolve(name))) {
            throw new IOException(dir + " has no " + name + ": " + why);
        }
    }

    /** {@code in} holds a ciphertext of the key set of {@code keyFile}, judged by the headers alone. */
    private void checkCiphertext(Path in, String keyFile) throws IOException {
        KeySetId keySet = CkksSerializer.readKeySetId(dir.resolve(keyFile));
        CkksSerializer.checkHeader(in, ObjectKind.CIPHERTEXT, keySet, keysIn(dir));
    }

    // ---- client and server ---------------------------------------------------------------------------------

    /**
     * Client: encrypts {@code image} (CHW floats) in the program's layout with the folder's public key (the secret
     * key is not needed) into {@code out}.
     */
    public void encrypt(CkksContext context, float[] image, Path out) throws IOException {
        Path file = dir.resolve(InferenceClient.PUBLIC_KEY_FILE);
        CkksSerializer serializer = new CkksSerializer(context).forKeySetOf(file, keysIn(dir));
        HeProgram program = compiled().program();
        try (PublicKey publicKey = serializer.load(file, PublicKey.class);
             Ciphertext ct = InferenceClient.encrypt(context, new Encoder(context),
                     Encryptor.withPublicKey(context, publicKey, RandomSources.secure()), program, image)) {
            serializer.save(ct, out);
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
        CompiledSession c = compiled();
        HeProgram program = c.program();
        // the small ciphertext first: a damaged one is refused before minutes of key loading
        try (Ciphertext ct = serializer.load(in, Ciphertext.class);
             EvaluationKeySet keys = serializer.load(dir.resolve(EVALUATION_KEYS_FILE), EvaluationKeySet.class);
             Bootstrapper bootstrapper = c.bootstrapper(context, compactKeys);
             BootstrappingKeys bootKeys = bootstrapper == null ? null : loadBootstrappingKeys(serializer, dir)) {
            EncryptedInference.Result r;
            try (EncryptedInference server = EncryptedInference.onCkks(program, new Evaluator(context, keys),
                    bootstrapper, bootKeys, compactKeys);
                 ProgressListener.Task task = progress.start("infer", program.steps().size())) {
                r = server.run(ct, (k, step, value) -> task.step());
            }
            try (Ciphertext logits = r.logits()) {
                serializer.save(logits, out);
            }
            return r.timing();
        }
    }

    /**
     * Client: the logits in the encrypted inference result {@code in}, decrypted with the folder's secret key and
     * read with its {@link LogitsReadout} (folders from before the readout existed compile the session for it).
     */
    public double[] decryptLogits(CkksContext context, Path in) throws IOException {
        LogitsReadout readout;
        try {
            readout = LogitsReadout.read(dir);
        } catch (NoSuchFileException e) {
            readout = LogitsReadout.of(compiled().program());
        }
        Path file = dir.resolve(InferenceClient.SECRET_KEY_FILE);
        CkksSerializer serializer = new CkksSerializer(context).forKeySetOf(file, keysIn(dir));
        try (SecretKey secretKey = serializer.load(file, SecretKey.class);
             Ciphertext ct = serializer.load(in, Ciphertext.class)) {
            LogitsReadout.requireSlots(ct.slots(), readout.slots());
            try (Plaintext pt = new Decryptor(context, secretKey).decryptNew(ct)) {
                return readout.logits(new Encoder(context).decode(pt).re());
            }
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
