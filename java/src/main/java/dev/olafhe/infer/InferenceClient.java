package dev.olafhe.infer;

import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.CkksContext;
import dev.olafhe.ckks.CkksSerializer;
import dev.olafhe.ckks.Decryptor;
import dev.olafhe.ckks.Encoder;
import dev.olafhe.ckks.Encryptor;
import dev.olafhe.ckks.EvaluationKeySet;
import dev.olafhe.ckks.GaloisElements;
import dev.olafhe.ckks.GaloisKey;
import dev.olafhe.ckks.RelinearizationKey;
import dev.olafhe.ckks.KeyGenerator;
import dev.olafhe.ckks.KeySetId;
import dev.olafhe.ckks.Plaintext;
import dev.olafhe.ckks.PublicKey;
import dev.olafhe.ckks.SecretKey;
import dev.olafhe.ckks.boot.Bootstrapper;
import dev.olafhe.ckks.boot.BootstrappingKeys;
import dev.olafhe.util.ProgressListener;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Client side of encrypted inference: owns the secret key, generates the evaluation keys the server needs
 * for a program, encrypts images and decrypts logits. Nothing it hands out contains the secret key.
 */
public final class InferenceClient implements AutoCloseable {
    private final CkksContext context;
    private final Encoder encoder;
    private final KeyGenerator keyGenerator;
    private final SecretKey secretKey;
    private final PublicKey publicKey;
    private final Encryptor encryptor;
    private final Decryptor decryptor;
    private KeySetId keySetId; // computed from the public key on first use

    /** File names of the client's keys in a key directory (the server never receives these). */
    public static final String SECRET_KEY_FILE = "secret.key";
    public static final String PUBLIC_KEY_FILE = "public.key";

    /** New keys from {@code random} (a SecureRandom outside tests). */
    public InferenceClient(CkksContext context, Random random) {
        this(context, random, false);
    }

    /**
     * New keys; with {@code compactKeys} every evaluation key is kept compact in memory (uniform halves expanded
     * from their seed at each use: half the memory, slower key switches, bit-identical results).
     */
    public InferenceClient(CkksContext context, Random random, boolean compactKeys) {
        this.context = context;
        this.encoder = new Encoder(context);
        this.keyGenerator = new KeyGenerator(context, random, compactKeys);
        this.secretKey = keyGenerator.genSecretKey();
        this.publicKey = keyGenerator.genPublicKey(secretKey);
        this.encryptor = Encryptor.withPublicKey(context, publicKey, random);
        this.decryptor = new Decryptor(context, secretKey);
    }

    /**
     * The identity of this client's key set: every key and ciphertext file of the set carries it (see
     * {@link KeySetId}); a serializer for them is {@code new CkksSerializer(context).forKeySet(keySetId(), ...)}.
     */
    public KeySetId keySetId() {
        if (keySetId == null) {
            keySetId = KeySetId.of(context, publicKey);
        }
        return keySetId;
    }

    /** Writes the secret key (owner-only permissions) and the public key into {@code dir}, stamped with the key set. */
    public void save(Path dir) throws IOException {
        CkksSerializer serializer = new CkksSerializer(context).forKeySet(keySetId(), "the keys in " + dir);
        serializer.saveSecretKey(secretKey, dir.resolve(SECRET_KEY_FILE));
        serializer.save(publicKey, dir.resolve(PUBLIC_KEY_FILE));
    }

    public CkksContext context() {
        return context;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /**
     * The relinearization key and the rotation keys of every linear layer of {@code program}, each generated
     * only for the highest level at which the program uses it ({@link HeProgram#rotationKeyLevels()}); and
     * the conjugation key at the highest level an activation conjugates a bootstrapped input (imaginary removal).
     */
    public EvaluationKeySet evaluationKeys(HeProgram program) {
        return evaluationKeys(program.keyRequirements());
    }

    /** The keys {@code needs} lists (e.g. the union over the configurations of a benchmark). */
    public EvaluationKeySet evaluationKeys(KeyRequirements needs) {
        int logN = context.params().logN();
        List<GaloisKey> galois = new ArrayList<>();
        if (needs.conjugationLevel() >= 0) { // conjugation of bootstrapped values
            galois.add(keyGenerator.genGaloisKey(secretKey, GaloisElements.forConjugation(logN),
                    needs.conjugationLevel()));
        }
        needs.rotationLevels().forEach((step, level) -> galois.add(
                keyGenerator.genGaloisKey(secretKey, GaloisElements.forRotation(step, logN), level)));
        int relinLevel = needs.relinearizationLevel();
        RelinearizationKey relin = relinLevel < 1 ? null : keyGenerator.genRelinearizationKey(secretKey, relinLevel);
        return new EvaluationKeySet(relin, galois);
    }

    /**
     * The keys {@code bootstrapper} needs (relinearization, trace/DFT rotations, conjugation, encapsulation); large
     * rings report the progress of the rotation keys to {@code progress}.
     */
    public BootstrappingKeys bootstrappingKeys(Bootstrapper bootstrapper, ProgressListener progress) {
        return BootstrappingKeys.generate(keyGenerator, secretKey, bootstrapper, progress);
    }

    /** Encrypts an image (CHW floats) in the program's input layout, at its input level and the default scale. */
    public Ciphertext encrypt(HeProgram program, float[] image) {
        return encrypt(context, encoder, encryptor, program, image);
    }

    /** {@link #encrypt(HeProgram, float[])} with any encryptor (e.g. one from a public key alone). */
    static Ciphertext encrypt(CkksContext context, Encoder encoder, Encryptor encryptor, HeProgram program,
                              float[] image) {
        try (Plaintext pt = encoder.encodeNew(program.encodeInput(image), program.inputLevel(),
                context.params().defaultScale())) {
            return encryptor.encryptNew(pt);
        }
    }

    /**
     * The true values (CHW order) of a program value from its ciphertext.
     *
     * @throws IllegalArgumentException when the ciphertext has fewer slots than the program's layout reads
     */
    public double[] decrypt(HeProgram program, int value, Ciphertext ct) {
        LogitsReadout.requireSlots(ct.slots(), program.slots());
        try (Plaintext pt = decryptor.decryptNew(ct)) {
            return program.decodeValue(value, encoder.decode(pt).re());
        }
    }

    /** The logits of an inference result. */
    public double[] decryptLogits(HeProgram program, Ciphertext logits) {
        return decrypt(program, program.outputValue(), logits);
    }

    /** Raw slot values (for tests comparing every slot, copies included). */
    public double[] decryptSlots(Ciphertext ct) {
        try (Plaintext pt = decryptor.decryptNew(ct)) {
            return encoder.decode(pt).re();
        }
    }

    // package-private: only tests in this package wire these into test doubles
    Encoder encoder() {
        return encoder;
    }

    Encryptor encryptor() {
        return encryptor;
    }

    Decryptor decryptor() {
        return decryptor;
    }

    @Override
    public void close() {
        secretKey.close();
        publicKey.close();
    }
}
