package dev.olafhe.plan;

/**
 * What the encrypted runtime's steps cost at the levels they run at, in seconds, for the planner: the meeting point of
 * the measured per-level costs of {@code dev.olafhe.infer} (implemented there from an {@code ola calibrate} file) and
 * the level-priced DP of {@code dev.olafhe.ola}. Activation layers are numbered as the network numbers them; the
 * linear steps before activation layer l (back to the previous activations) belong to l, those after the last
 * activation to the tail, numbered {@code activationLayers}.
 */
public interface LevelPrices {
    /** Seconds of the linear steps before activation layer {@code layer} (or the tail) when their input is at {@code readLevel}. */
    double linearSeconds(int layer, int readLevel);

    /**
     * Seconds of a polynomial of {@code degree} (general basis, or odd) on one ciphertext whose input is at
     * {@code readLevel}.
     */
    double polynomialSeconds(int degree, boolean odd, int readLevel);

    /** Seconds of one ciphertext-ciphertext multiplication with relinearization and rescale reading at {@code readLevel}. */
    double multiplicationSeconds(int readLevel);

    /**
     * Seconds of one bootstrap of one ciphertext that ends at {@code endLevel} (in [0, {@link #levelsAfterBootstrap()}]):
     * the runtime bootstraps straight to the level the rest of the segment needs, cheaper the lower it is.
     */
    double bootstrapSeconds(int endLevel);

    /** Levels a bootstrap leaves (the most a segment between bootstraps may consume). */
    int levelsAfterBootstrap();

    /**
     * Levels the linear steps before activation layer {@code layer} consume on their deepest path; for the tail
     * ({@code layer == activationLayers}) the level it reads at, since the output ends at level 0.
     */
    int linearLevels(int layer);

    /** Where the prices come from, for the plan's cost model. */
    String description();
}
