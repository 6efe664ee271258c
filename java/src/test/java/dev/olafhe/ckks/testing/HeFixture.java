package dev.olafhe.ckks.testing;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.cpu.CpuBackend;
import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.CkksContext;
import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.CkksParametersLiteral;
import dev.olafhe.ckks.ComplexVector;
import dev.olafhe.ckks.Decryptor;
import dev.olafhe.ckks.Encoder;
import dev.olafhe.ckks.Encryptor;
import dev.olafhe.ckks.EvaluationKeySet;
import dev.olafhe.ckks.Evaluator;
import dev.olafhe.ckks.KeyGenerator;
import dev.olafhe.ckks.Plaintext;
import dev.olafhe.ckks.RandomSources;
import dev.olafhe.ckks.SecretDistribution;
import dev.olafhe.ckks.SecretKey;

import java.util.Random;

/**
 * Test fixture for the algorithms built on the CKKS core (poly, lintrans, boot, infer): CPU backend, seeded keys,
 * encoder, secret-key encryptor, decryptor and an evaluator with the requested keys.
 */
public final class HeFixture implements AutoCloseable {
    public final CkksParameters params;
    public final Backend backend;
    public final CkksContext context;
    public final Encoder encoder;
    public final KeyGenerator keyGenerator;
    public final SecretKey secretKey;
    public final Encryptor encryptor;
    public final Decryptor decryptor;
    public final EvaluationKeySet keys;
    public final Evaluator evaluator;
    public final Random random;

    public HeFixture(CkksParametersLiteral literal, int[] rotationSteps, boolean conjugation, long seed) {
        params = CkksParameters.of(literal);
        backend = new CpuBackend();
        context = new CkksContext(params, backend);
        encoder = new Encoder(context);
        random = new Random(seed ^ 0x5eed);
        keyGenerator = new KeyGenerator(context, RandomSources.deterministic(seed));
        secretKey = keyGenerator.genSecretKey();
        encryptor = Encryptor.withSecretKey(context, secretKey, RandomSources.deterministic(seed + 1));
        decryptor = new Decryptor(context, secretKey);
        keys = keyGenerator.genEvaluationKeySet(secretKey, true, rotationSteps, conjugation);
        evaluator = new Evaluator(context, keys);
    }

    /**
     * Small INSECURE set-up as the infer tests use it: a 55-bit base prime, {@code levels} 40-bit levels, two 61-bit
     * P primes, Δ = 2^40, uniform ternary secret, no conjugation key.
     */
    public static HeFixture withLevels(int logN, int levels, int[] rotationSteps, long seed) {
        CkksParametersLiteral literal = new CkksParametersLiteral(logN,
                CkksParametersLiteral.concat(new int[] {55}, CkksParametersLiteral.repeat(40, levels)),
                new int[] {61, 61}, 40, SecretDistribution.uniformTernary(), 0, true);
        return new HeFixture(literal, rotationSteps, false, seed);
    }

    public int slots() {
        return params.maxSlots();
    }

    /** Uniform values in [lo, hi] (imaginary parts too when complex, else zero). */
    public ComplexVector randomVector(int slots, double lo, double hi, boolean complex) {
        double[] re = new double[slots];
        double[] im = new double[slots];
        for (int j = 0; j < slots; j++) {
            re[j] = lo + (hi - lo) * random.nextDouble();
            im[j] = complex ? lo + (hi - lo) * random.nextDouble() : 0;
        }
        return new ComplexVector(re, im);
    }

    public Ciphertext encrypt(ComplexVector values, int level) {
        try (Plaintext pt = encoder.encodeNew(values, level, params.defaultScale())) {
            return encryptor.encryptNew(pt);
        }
    }

    /** Real slot values encrypted at the top level. */
    public Ciphertext encrypt(double[] slotValues) {
        try (Plaintext pt = encoder.encodeNew(slotValues, params.maxLevel(), params.defaultScale())) {
            return encryptor.encryptNew(pt);
        }
    }

    /** The real parts of the decrypted slots. */
    public double[] decryptReal(Ciphertext ct) {
        return decrypt(ct).re();
    }

    public ComplexVector decrypt(Ciphertext ct) {
        try (Plaintext pt = decryptor.decryptNew(ct)) {
            return encoder.decode(pt);
        }
    }

    /** Precision of one fresh operation at this scale (Lattigo's criterion): log2(Δ) − (logN + 2). */
    public double baseBits() {
        return params.logDefaultScale() - (params.logN() + 2);
    }

    @Override
    public void close() {
        keys.close();
        secretKey.close();
        context.close();
        backend.close();
    }
}
