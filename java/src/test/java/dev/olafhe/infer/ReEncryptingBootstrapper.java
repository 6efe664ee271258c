package dev.olafhe.infer;

import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.Decryptor;
import dev.olafhe.ckks.Encoder;
import dev.olafhe.ckks.Encryptor;
import dev.olafhe.ckks.Plaintext;

/**
 * TEST DOUBLE, not bootstrapping: decrypts with the secret key and encrypts again at the output level.
 * It lets the encrypted runtime's bootstrap placement and level handling run end to end before the real
 * bootstrapper exists; it must never be used outside tests (a server has no secret key).
 */
final class ReEncryptingBootstrapper implements Bootstrapping {
    private final Encoder encoder;
    private final Encryptor encryptor;
    private final Decryptor decryptor;
    private final int outputLevel;
    private final double imaginaryNoise;
    private final java.util.Random random = new java.util.Random(17);
    int calls;
    /** The end level of every call, in order. */
    final java.util.List<Integer> endLevels = new java.util.ArrayList<>();

    /**
     * {@code imaginaryNoise}: amplitude of uniform noise added to the imaginary part of every slot, as real
     * bootstrapping leaves (so that imaginary removal can be tested).
     */
    ReEncryptingBootstrapper(Encoder encoder, Encryptor encryptor, Decryptor decryptor, int outputLevel,
                             double imaginaryNoise) {
        this.imaginaryNoise = imaginaryNoise;
        this.encoder = encoder;
        this.encryptor = encryptor;
        this.decryptor = decryptor;
        this.outputLevel = outputLevel;
    }

    @Override
    public int outputLevel() {
        return outputLevel;
    }

    @Override
    public Ciphertext bootstrap(Ciphertext ct, int endLevel) {
        if (endLevel < 0 || endLevel > outputLevel) {
            throw new IllegalArgumentException("end level " + endLevel + " outside [0, " + outputLevel + "]");
        }
        calls++;
        endLevels.add(endLevel);
        try (Plaintext pt = decryptor.decryptNew(ct)) {
            dev.olafhe.ckks.ComplexVector v = encoder.decode(pt);
            for (int j = 0; j < v.length(); j++) {
                v.im()[j] += imaginaryNoise * (2 * random.nextDouble() - 1);
            }
            try (Plaintext fresh = encoder.encodeNew(v, endLevel, ct.scale())) {
                return encryptor.encryptNew(fresh);
            }
        }
    }
}
