package dev.olafhe.infer;

import dev.olafhe.ckks.Ciphertext;

/**
 * What the runtime needs from a bootstrapper (the CKKS package's bootstrapper is plugged in behind this).
 * The runtime bootstraps only activation inputs, which are stored in [-1, 1] (see {@link ValueEncoding}).
 */
public interface Bootstrapping {
    /** Level of a bootstrapped ciphertext: the levels left for the network until the next bootstrap. */
    int outputLevel();

    /** A fresh encryption of the same slots at {@link #outputLevel()}, scale exactly {@code ct.scale()}. */
    default Ciphertext bootstrap(Ciphertext ct) {
        return bootstrap(ct, outputLevel());
    }

    /**
     * A fresh encryption of the same slots at {@code endLevel} (in [0, {@link #outputLevel()}]), scale exactly
     * {@code ct.scale()}: bootstrapping straight to the level the rest of the segment needs, which is cheaper than
     * ending at the top and dropping levels afterwards (SlotToCoeff runs at fewer limbs).
     *
     * @throws IllegalArgumentException for an end level outside [0, outputLevel()]
     */
    Ciphertext bootstrap(Ciphertext ct, int endLevel);
}
