package dev.olafhe.infer;

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

/** Small INSECURE CKKS set-up for the infer tests: seeded keys with the rotation steps a test needs. */
final class HeFixture implements AutoCloseable {
    final CkksParameters params;
    final CpuBackend backend = new CpuBackend();
    final CkksContext context;
    final Encoder encoder;
    final SecretKey secretKey;
    final Encryptor encryptor;
    final Decryptor decryptor;
    final EvaluationKeySet keys;
    final Evaluator evaluator;

    /** logN, number of 40-bit levels above a 55-bit base prime, rotation steps needed. */
    HeFixture(int logN, int levels, int[] rotationSteps, long seed) {
        params = CkksParameters.of(new CkksParametersLiteral(logN,
                CkksParametersLiteral.concat(new int[] {55}, CkksParametersLiteral.repeat(40, levels)),
                new int[] {61, 61}, 40, SecretDistribution.uniformTernary(), 0, true));
        context = new CkksContext(params, backend);
        encoder = new Encoder(context);
        KeyGenerator kg = new KeyGenerator(context, RandomSources.deterministic(seed));
        secretKey = kg.genSecretKey();
        encryptor = Encryptor.withSecretKey(context, secretKey, RandomSources.deterministic(seed + 1));
        decryptor = new Decryptor(context, secretKey);
        keys = kg.genEvaluationKeySet(secretKey, true, rotationSteps, false);
        evaluator = new Evaluator(context, keys);
    }

    int slots() {
        return params.maxSlots();
    }

    Ciphertext encrypt(double[] slotValues) {
        try (Plaintext pt = encoder.encodeNew(slotValues, params.maxLevel(), params.defaultScale())) {
            return encryptor.encryptNew(pt);
        }
    }

    double[] decrypt(Ciphertext ct) {
        try (Plaintext pt = decryptor.decryptNew(ct)) {
            ComplexVector v = encoder.decode(pt);
            return v.re();
        }
    }

    @Override
    public void close() {
        keys.close();
        secretKey.close();
        context.close();
        backend.close();
    }
}
