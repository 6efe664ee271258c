package dev.olafhe.ckks.boot;

import dev.olafhe.ckks.EvaluationKeySet;
import dev.olafhe.ckks.KeyGenerator;
import dev.olafhe.ckks.SecretDistribution;
import dev.olafhe.ckks.SecretKey;
import dev.olafhe.ckks.SwitchingKey;

/**
 * The public keys a {@link Bootstrapper} needs (client side generates them): relinearization, the
 * rotations of the trace and of the DFT factors, conjugation, and with encapsulation the switching keys
 * s → s' and s' → s for the ephemeral sparse secret s' (which is discarded after key generation).
 */
public record BootstrappingKeys(EvaluationKeySet evaluationKeys, SwitchingKey denseToSparse,
                                SwitchingKey sparseToDense) implements AutoCloseable {

    public static BootstrappingKeys generate(KeyGenerator keyGenerator, SecretKey secretKey, Bootstrapper bootstrapper) {
        EvaluationKeySet keys = keyGenerator.genEvaluationKeySet(secretKey, true, bootstrapper.rotationSteps(), true);
        int h = bootstrapper.parameters().literal().ephemeralHammingWeight();
        if (h == 0) {
            return new BootstrappingKeys(keys, null, null);
        }
        try (SecretKey ephemeral = keyGenerator.genSecretKey(SecretDistribution.fixedHammingWeight(h))) {
            return new BootstrappingKeys(keys, keyGenerator.genSwitchingKey(secretKey, ephemeral),
                    keyGenerator.genSwitchingKey(ephemeral, secretKey));
        }
    }

    public boolean encapsulation() {
        return denseToSparse != null;
    }

    @Override
    public void close() {
        evaluationKeys.close();
        if (denseToSparse != null) {
            denseToSparse.close();
            sparseToDense.close();
        }
    }
}
