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
    Ciphertext bootstrap(Ciphertext ct);
}
