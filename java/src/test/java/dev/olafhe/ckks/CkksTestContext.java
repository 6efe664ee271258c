package dev.olafhe.ckks;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.Backends;
import dev.olafhe.backend.cpu.CpuBackend;

import java.math.BigDecimal;
import java.util.Random;

/**
 * Shared fixture for CKKS tests (after Lattigo's TestContext): small insecure parameters, a seeded
 * key generator, encoder, encryptors, decryptor and an evaluator with the requested keys.
 */
final class CkksTestContext implements AutoCloseable {
    final CkksParameters params;
    final Backend backend;
    final CkksContext context;
    final Encoder encoder;
    final KeyGenerator keyGenerator;
    final SecretKey secretKey;
    final PublicKey publicKey;
    final Encryptor encryptor;
    final Encryptor publicEncryptor;
    final Decryptor decryptor;
    final EvaluationKeySet keys;
    final Evaluator evaluator;
    final Random random;

    CkksTestContext(CkksParametersLiteral literal, int[] rotationSteps, boolean conjugation, long seed) {
        params = CkksParameters.of(literal);
        backend = testBackend();
        context = new CkksContext(params, backend);
        encoder = new Encoder(context);
        random = new Random(seed ^ 0x5eed);
        keyGenerator = new KeyGenerator(context, RandomSources.deterministic(seed));
        secretKey = keyGenerator.genSecretKey();
        publicKey = keyGenerator.genPublicKey(secretKey);
        encryptor = Encryptor.withSecretKey(context, secretKey, RandomSources.deterministic(seed + 1));
        publicEncryptor = Encryptor.withPublicKey(context, publicKey, RandomSources.deterministic(seed + 2));
        decryptor = new Decryptor(context, secretKey);
        keys = keyGenerator.genEvaluationKeySet(secretKey, true, rotationSteps, conjugation);
        evaluator = new Evaluator(context, keys);
    }

    /**
     * The CPU backend, or the backend named by {@code -Dolafhe.test.backend} (e.g. {@code cuda}) so that the
     * CKKS precision tests can run unchanged on another backend.
     */
    static Backend testBackend() {
        String name = System.getProperty("olafhe.test.backend", "cpu");
        return name.equals("cpu") ? new CpuBackend() : Backends.decide(name).chosen().create();
    }

    /** logN 11, 4 primes, 2 special primes, scale 2^40: quick, INSECURE. */
    static CkksParametersLiteral smallLiteral() {
        return new CkksParametersLiteral(11, new int[] {55, 40, 40, 40}, new int[] {61, 61}, 40,
                SecretDistribution.uniformTernary(), 0, true);
    }

    /** Uniform complex values in [-1, 1] (the imaginary part zero when real). */
    ComplexVector randomVector(int slots, boolean complex) {
        double[] re = new double[slots];
        double[] im = new double[slots];
        for (int j = 0; j < slots; j++) {
            re[j] = 2 * random.nextDouble() - 1;
            im[j] = complex ? 2 * random.nextDouble() - 1 : 0;
        }
        return new ComplexVector(re, im);
    }

    BigDecimal scale() {
        return params.defaultScale();
    }

    Ciphertext encrypt(ComplexVector values, int level) {
        try (Plaintext pt = encoder.encodeNew(values, level, scale())) {
            return encryptor.encryptNew(pt);
        }
    }

    ComplexVector decrypt(Ciphertext ct) {
        try (Plaintext pt = decryptor.decryptNew(ct)) {
            return encoder.decode(pt);
        }
    }

    /** The precision a single operation should reach at this scale: log2(Δ) − (logN + 2). */
    double expectedBits() {
        return params.logDefaultScale() - (params.logN() + 2);
    }

    @Override
    public void close() {
        keys.close();
        secretKey.close();
        publicKey.close();
        context.close();
        backend.close();
    }
}
