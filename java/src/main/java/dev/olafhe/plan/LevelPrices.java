package dev.olafhe.plan;

/**
 * What the encrypted runtime's steps cost at the levels they run at, in seconds, and the cheapest program over its
 * value graph, for the planner: the meeting point of the measured per-level costs and the compiled program of
 * {@code dev.olafhe.infer} (implemented there from an {@code ola calibrate} file) and the planner of
 * {@code dev.olafhe.ola}. Activation layers are numbered as the network numbers them.
 */
public interface LevelPrices {
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

    /** The planner's candidates per activation layer: their levels, the accuracy bins they use and their seconds. */
    interface Candidates {
        /** Candidates of layer {@code layer}. */
        int count(int layer);

        /** Levels candidate {@code c} of layer {@code layer} consumes. */
        int depth(int layer, int c);

        /** Bins of the accuracy budget candidate {@code c} uses. */
        int bins(int layer, int c);

        /** Seconds of candidate {@code c} on all the layer's ciphertexts reading at {@code readLevel} (+infinity: not allowed). */
        double seconds(int layer, int c, int readLevel);
    }

    /**
     * The cheapest program: candidate {@code choice[l]} at layer l, a bootstrap before layer l where
     * {@code bootstrapBefore[l]}, its total seconds (linear steps, additions, activations and bootstraps), the bins it
     * uses, and per layer the seconds of the steps since the previous activation, its activation and its bootstrap
     * ({@code layerSeconds}, one more entry: the steps after the last activation).
     */
    record Cheapest(int[] choice, boolean[] bootstrapBefore, double seconds, int bins, double[] layerSeconds) {
    }

    /**
     * The cheapest choice of one candidate per activation layer and of the bootstraps, within {@code maxBins} bins, as
     * the runtime will place and level them over the compiled program (residual branches included); null when nothing
     * fits.
     */
    Cheapest cheapest(Candidates candidates, int maxBins);

    /** Where the prices come from, for the plan's cost model. */
    String description();
}
