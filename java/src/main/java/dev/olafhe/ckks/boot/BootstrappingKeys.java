package dev.olafhe.ckks.boot;

import dev.olafhe.ckks.EvaluationKeySet;
import dev.olafhe.ckks.GaloisElements;
import dev.olafhe.ckks.GaloisKey;
import dev.olafhe.ckks.KeyGenerator;
import dev.olafhe.ckks.SecretDistribution;
import dev.olafhe.ckks.SecretKey;
import dev.olafhe.ckks.SwitchingKey;
import dev.olafhe.util.ProgressListener;

import java.util.ArrayList;
import java.util.List;

/**
 * The public keys a {@link Bootstrapper} needs (client side generates them): relinearization, the
 * rotations of the trace and of the DFT factors, conjugation, and with encapsulation the switching keys
 * s → s' and s' → s for the ephemeral sparse secret s' (which is discarded after key generation).
 */
public record BootstrappingKeys(EvaluationKeySet evaluationKeys, SwitchingKey denseToSparse,
                                SwitchingKey sparseToDense) implements AutoCloseable {
    private static final int PROGRESS_FROM_LOG_N = 14;

    /**
     * Every key of {@link Bootstrapper#keyPlan()}, each generated at the level where it is used. The rotation keys
     * (minutes at logN 16) report their progress to {@code progress}; small test rings stay quiet.
     */
    public static BootstrappingKeys generate(KeyGenerator keyGenerator, SecretKey secretKey, Bootstrapper bootstrapper,
                                             ProgressListener progress) {
        BootstrappingKeyPlan plan = bootstrapper.keyPlan();
        int logN = plan.params().logN();
        List<GaloisKey> galois = new ArrayList<>();
        try (ProgressListener.Task task = logN >= PROGRESS_FROM_LOG_N
                ? progress.start("bootstrapping keys (2^" + plan.logSlots() + " slots)", plan.rotationKeyCount())
                : ProgressListener.Task.NONE) {
            plan.rotationLevels().forEach((step, level) -> {
                galois.add(keyGenerator.genGaloisKey(secretKey, GaloisElements.forRotation(step, logN), level));
                task.step();
            });
        }
        galois.add(keyGenerator.genGaloisKey(secretKey, GaloisElements.forConjugation(logN), plan.conjugationLevel()));
        EvaluationKeySet keys = new EvaluationKeySet(
                keyGenerator.genRelinearizationKey(secretKey, plan.relinearizationLevel()), galois);
        int h = bootstrapper.parameters().literal().ephemeralHammingWeight();
        if (h == 0) {
            return new BootstrappingKeys(keys, null, null);
        }
        try (SecretKey ephemeral = keyGenerator.genSecretKey(SecretDistribution.fixedHammingWeight(h))) {
            // the key encrypted under the sparse secret only at level 0: its security needs the small modulus q_0·P
            return new BootstrappingKeys(keys, keyGenerator.genSwitchingKey(secretKey, ephemeral, 0),
                    keyGenerator.genSwitchingKey(ephemeral, secretKey, plan.params().maxLevel()));
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
