package dev.olafhe.ola;

import dev.olafhe.approx.Weight;
import dev.olafhe.nn.ActivationKind;

/**
 * The input distribution of one activation layer on the calibration split, and the approximation interval
 * [a, b] chosen from it: the observed range widened by {@code margin} of its width on each side.
 *
 * @param elements values per image at this layer (what decides its number of ciphertexts)
 */
public record ActivationProfile(int index, String name, ActivationKind kind, int elements, long count, double min,
                                double max, double mean, double std, double histLo, double histHi, long[] histogram,
                                double a, double b) {

    /** The histogram as a density (zero outside the observed range). */
    public Weight density() {
        return Weight.histogram(histLo, histHi, histogram);
    }

    /** Which distribution weights the least squares: the histogram, its Gaussian fit, or none (uniform). */
    public enum WeightKind { HISTOGRAM, GAUSSIAN, UNIFORM }

    /** The least-squares weight: the density (or its Gaussian fit), widened by r about the mean, plus a floor. */
    public Weight fitWeight(WeightKind kind, double scaleR, double floorFraction) {
        if (kind == WeightKind.UNIFORM) {
            return Weight.uniform();
        }
        Weight w = kind == WeightKind.GAUSSIAN ? Weight.gaussian(mean, Math.max(std, 1e-12)) : density();
        if (scaleR != 1) {
            w = w.scaled(mean, scaleR);
        }
        // floor relative to a uniform density on [a, b], so it means the same for every layer
        return w.plus(floorFraction / (b - a));
    }
}
