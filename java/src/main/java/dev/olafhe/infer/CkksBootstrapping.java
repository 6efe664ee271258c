package dev.olafhe.infer;

import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.Evaluator;
import dev.olafhe.ckks.boot.Bootstrapper;
import dev.olafhe.ckks.boot.BootstrappingKeys;

/**
 * {@link Bootstrapping} by the CKKS package's bootstrapper (ScaleDown, ModRaise, CoeffToSlot, EvalMod,
 * SlotToCoeff), with its own evaluation keys; real output (the imaginary part is removed inside), so a
 * program run with it needs no imaginary removal of its own.
 */
public final class CkksBootstrapping implements Bootstrapping {
    private final Bootstrapper bootstrapper;
    private final Evaluator evaluator;
    private final BootstrappingKeys keys;

    /** {@code evaluator}: any evaluator on the bootstrapper's context (it is rebound to {@code keys}). */
    public CkksBootstrapping(Bootstrapper bootstrapper, Evaluator evaluator, BootstrappingKeys keys) {
        this.bootstrapper = bootstrapper;
        this.evaluator = evaluator.withKeys(keys.evaluationKeys());
        this.keys = keys;
    }

    @Override
    public int outputLevel() {
        return bootstrapper.parameters().levelsAfterBootstrapping();
    }

    @Override
    public Ciphertext bootstrap(Ciphertext ct, int endLevel) {
        return bootstrapper.bootstrapReal(evaluator, keys, ct, endLevel);
    }
}
