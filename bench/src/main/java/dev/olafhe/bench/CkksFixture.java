package dev.olafhe.bench;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.Backends;
import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.CkksContext;
import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.ComplexVector;
import dev.olafhe.ckks.Encoder;
import dev.olafhe.ckks.Encryptor;
import dev.olafhe.ckks.EvaluationKeySet;
import dev.olafhe.ckks.Evaluator;
import dev.olafhe.ckks.KeyGenerator;
import dev.olafhe.ckks.Plaintext;
import dev.olafhe.ckks.RandomSources;
import dev.olafhe.ckks.SecretKey;

import java.util.Random;

/**
 * Everything a benchmark needs, built outside the measured region: the backend chosen by name, the
 * logN 16 context, only the evaluation keys the benchmark uses, and two fresh top-level ciphertexts.
 * Keys come from a seeded generator so that runs are repeatable (timing does not depend on the seed).
 */
final class CkksFixture implements AutoCloseable {
    final CkksParameters params;
    final Backend backend;
    final CkksContext context;
    final EvaluationKeySet keys;
    final Evaluator evaluator;
    final Ciphertext a;
    final Ciphertext b;
    private final SecretKey secretKey;

    CkksFixture(String backendName, boolean relinearization, int[] rotationSteps) {
        params = CkksParameters.of(BenchParameters.logN16());
        backend = Backends.decide(backendName).chosen().create();
        context = new CkksContext(params, backend);
        KeyGenerator keygen = new KeyGenerator(context, RandomSources.deterministic(1));
        secretKey = keygen.genSecretKey();
        keys = keygen.genEvaluationKeySet(secretKey, relinearization, rotationSteps, false);
        evaluator = new Evaluator(context, keys);
        Encoder encoder = new Encoder(context);
        Encryptor encryptor = Encryptor.withSecretKey(context, secretKey, RandomSources.deterministic(2));
        a = encrypt(encoder, encryptor, 3);
        b = encrypt(encoder, encryptor, 4);
    }

    private Ciphertext encrypt(Encoder encoder, Encryptor encryptor, long seed) {
        Random random = new Random(seed);
        int slots = params.maxSlots();
        double[] re = new double[slots];
        double[] im = new double[slots];
        for (int j = 0; j < slots; j++) {
            re[j] = 2 * random.nextDouble() - 1;
            im[j] = 2 * random.nextDouble() - 1;
        }
        try (Plaintext pt = encoder.encodeNew(new ComplexVector(re, im), params.maxLevel(), params.defaultScale())) {
            return encryptor.encryptNew(pt);
        }
    }

    @Override
    public void close() {
        a.close();
        b.close();
        keys.close();
        secretKey.close();
        context.close();
        backend.close();
    }
}
