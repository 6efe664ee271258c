package dev.olafhe.ola;

import java.nio.file.Path;

/**
 * Everything a planning run depends on (recorded in the plan's provenance).
 *
 * @param budget          allowed top-1 drop on the validation split, as a fraction (0.005 = 0.5%)
 * @param degrees         candidate degrees
 * @param scaleR          widening of the density before weighting (1 = the density itself)
 * @param bins            budget discretisation of the DP
 * @param levelAware      level-aware DP (bootstraps placed explicitly) or amortised bootstrapping per level
 * @param maxReplans      how often to tighten the budget and re-solve when the measured drop misses it
 * @param testImages      test images to report accuracies on (0: none; the test set never influences the plan)
 */
public record PlannerOptions(Path model, String data, long seed, int calibrationImages, int validationImages,
                             double budget, int[] degrees, ActivationProfile.WeightKind weight, double scaleR, double floor, double intervalMargin,
                             int bins, int histogramBins, int batch, int threads, boolean levelAware, int maxReplans,
                             int testImages) {
    public PlannerOptions {
        if (!(budget >= 0 && budget < 1)) {
            throw new IllegalArgumentException("budget must be a fraction in [0, 1), got " + budget);
        }
        if (degrees.length == 0) {
            throw new IllegalArgumentException("need at least one candidate degree");
        }
        for (int d : degrees) {
            if (d < 1 || d > 255) {
                throw new IllegalArgumentException("candidate degree " + d + " outside [1, 255]");
            }
        }
        if (calibrationImages < 1 || validationImages < 1) {
            throw new IllegalArgumentException("calibration and validation splits need at least one image each");
        }
    }
}
