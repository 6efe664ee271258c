package dev.olafhe.infer;

import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.CkksContext;
import dev.olafhe.ckks.Decryptor;
import dev.olafhe.ckks.Encoder;
import dev.olafhe.ckks.Encryptor;
import dev.olafhe.ckks.EvaluationKeySet;
import dev.olafhe.ckks.KeyGenerator;
import dev.olafhe.ckks.Plaintext;
import dev.olafhe.ckks.PublicKey;
import dev.olafhe.ckks.SecretKey;

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

    /** New keys from {@code random} (a SecureRandom outside tests). */
    public InferenceClient(CkksContext context, Random random) {
        this.context = context;
        this.encoder = new Encoder(context);
        this.keyGenerator = new KeyGenerator(context, random);
        this.secretKey = keyGenerator.genSecretKey();
        this.publicKey = keyGenerator.genPublicKey(secretKey);
        this.encryptor = Encryptor.withPublicKey(context, publicKey, random);
        this.decryptor = new Decryptor(context, secretKey);
    }

    public CkksContext context() {
        return context;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** Relinearization key and the rotation keys of every linear layer of {@code program}. */
    public EvaluationKeySet evaluationKeys(HeProgram program) {
        return keyGenerator.genEvaluationKeySet(secretKey, true, program.rotationSteps(), false);
    }

    /** Encrypts an image (CHW floats) in the program's input layout, at its input level and the default scale. */
    public Ciphertext encrypt(HeProgram program, float[] image) {
        try (Plaintext pt = encoder.encodeNew(program.encodeInput(image), program.inputLevel(),
                context.params().defaultScale())) {
            return encryptor.encryptNew(pt);
        }
    }

    /** The true values (CHW order) of a program value from its ciphertext. */
    public double[] decrypt(HeProgram program, int value, Ciphertext ct) {
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

    @Override
    public void close() {
        secretKey.close();
        publicKey.close();
    }
}
