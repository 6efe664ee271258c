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

    /** Seconds of a general-basis polynomial of {@code degree} on one ciphertext whose input is at {@code readLevel}. */
    double polynomialSeconds(int degree, int readLevel);

    /** Seconds of one bootstrap of one ciphertext. */
    double bootstrapSeconds();

    /** Levels a bootstrap leaves (the most a segment between bootstraps may consume). */
    int levelsAfterBootstrap();

    /** Levels the linear steps after the last activation consume (the tail reads at this level, ends at 0). */
    int tailLevels();

    /** Where the prices come from, for the plan's cost model. */
    String description();
}
