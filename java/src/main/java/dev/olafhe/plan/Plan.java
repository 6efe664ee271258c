package dev.olafhe.plan;

import java.util.List;
import java.util.Map;

/**
 * A plan file (ola-method.md section 6): which polynomial every activation layer gets, why, what it is predicted
 * to cost and to do to accuracy, what it measurably did, and everything needed to reproduce it. The encrypted
 * runtime consumes {@link #layers}; the rest is evidence. Serialised by {@link PlanFile}; written by the planner
 * ({@code dev.olafhe.ola}), read by the encrypted runtime ({@code dev.olafhe.infer}).
 *
 * @param format  always {@value PlanFile#FORMAT}
 * @param version plan format version ({@value PlanFile#VERSION}); readers refuse other versions
 */
public record Plan(String format, int version, ModelRef model, DataRef data, String targetActivation,
                   Budget budget, Solver solver, CostModel costModel, List<Layer> layers, Accuracy accuracy,
                   double predictedSeconds, List<Baseline> baselines, List<FrontPoint> paretoFront,
                   List<Attempt> attempts, Impact impact, Map<String, Object> provenance) {

    public record ModelRef(String path, String sha256, String name, int activations) {
    }

    /** Splits of the training set (never the test set) and the test set used only for reporting. */
    public record DataRef(String spec, long seed, int calibrationImages, int validationImages, Integer testImages,
                          String calibration, String validation, Integer impactImages) {
        /** A plan file from before impact images were recorded (the impact table used the whole validation split). */
        public DataRef(String spec, long seed, int calibrationImages, int validationImages, Integer testImages,
                       String calibration, String validation) {
            this(spec, seed, calibrationImages, validationImages, testImages, calibration, validation, null);
        }
    }

    /**
     * metric: what the DP budgets (top-1 drop on the validation split); value as a fraction (0.005 = 0.5%);
     * confidence: one-sided confidence of the upper bound on the drop that must meet the budget (null in plan files
     * from before acceptance had a statistical margin: the measured drop alone had to meet it).
     */
    public record Budget(String metric, double value, Double confidence) {
        public Budget(String metric, double value) {
            this(metric, value, null);
        }
    }

    /** intervalTail: the tail factor of the intervals (null in older plan files: 0, no tail term). */
    public record Solver(String kind, int bins, int[] degrees, String fit, double scaleR, double floor,
                         double intervalMargin, Double intervalTail) {
        public Solver(String kind, int bins, int[] degrees, String fit, double scaleR, double floor,
                      double intervalMargin) {
            this(kind, bins, degrees, fit, scaleR, floor, intervalMargin, null);
        }

        /** The tail factor, 0 where the plan file has none. */
        public double tail() {
            return intervalTail == null ? 0 : intervalTail;
        }
    }

    public record CostModel(String description, int slots, double bootstrapSeconds, int levelsAfterBootstrap) {
    }

    /** One activation layer's assignment. Coefficients are Chebyshev on [interval[0], interval[1]]. */
    public record Layer(int index, String name, String kind, int elements, int ciphertexts, double[] interval,
                        String basis, int degree, double[] coefficients, double weightedRms, double maxError,
                        double outOfIntervalRateValidation, double deltaTop1, double deltaLogitMse, double seconds,
                        int depth, int linearDepthBefore, boolean bootstrapBefore, Profile profile) {
    }

    public record Profile(long count, double min, double max, double mean, double std) {
    }

    /**
     * Accuracies as fractions; null where not evaluated (or, for acceptanceMargin, validationNonFinite and test, in
     * plan files from before they were recorded). acceptanceMargin: the statistical margin added to the measured
     * validation drop before comparing it with the budget; validationNonFinite: validation images with a
     * non-finite logit under the plan.
     */
    public record Accuracy(double plaintextValidation, double predictedValidation, double measuredValidation,
                           Double plaintextTest, Double measuredTest, Double acceptanceMargin,
                           Integer validationNonFinite, HeldOut test) {
        public Accuracy(double plaintextValidation, double predictedValidation, double measuredValidation,
                        Double plaintextTest, Double measuredTest) {
            this(plaintextValidation, predictedValidation, measuredValidation, plaintextTest, measuredTest, null, null,
                    null);
        }
    }

    /**
     * The plan on the test set, which the planner never uses: top-1 drop against the exact model on the same images
     * and its upper confidence bound, images with a non-finite logit, and the share of activation inputs (all layers,
     * all images) outside their layer's interval.
     */
    public record HeldOut(int images, double drop, double dropUpperBound, int nonFiniteLogits,
                          double outOfIntervalShare) {
    }

    /** A uniform baseline: every layer the same approximation. */
    /** dropUpperBound: upper confidence bound on its validation drop (null in older plan files). */
    public record Baseline(String name, String description, double predictedSeconds, int bootstraps,
                           double measuredValidation, Double measuredTest, boolean meetsBudget,
                           double speedupOfPlan, Double dropUpperBound) {
        public Baseline(String name, String description, double predictedSeconds, int bootstraps,
                        double measuredValidation, Double measuredTest, boolean meetsBudget, double speedupOfPlan) {
            this(name, description, predictedSeconds, bootstraps, measuredValidation, measuredTest, meetsBudget,
                    speedupOfPlan, null);
        }
    }

    /** A point of the accuracy/time front: predicted drop and predicted seconds of the DP optimum at that budget. */
    public record FrontPoint(double budget, double predictedDrop, double predictedSeconds, int[] degrees) {
    }

    /**
     * One DP solve and its verification (several when the measured drop missed the budget and it re-planned).
     * The DP's per-layer drop was max(top-1 drop, logitMseScale * logit MSE); scale 0 = the top-1 drops alone.
     */
    public record Attempt(double dpBudget, double logitMseScale, double predictedDrop, double measuredDrop,
                          double predictedSeconds, int[] degrees, Double margin) {
        /** An attempt of a plan file from before acceptance had a statistical margin. */
        public Attempt(double dpBudget, double logitMseScale, double predictedDrop, double measuredDrop,
                       double predictedSeconds, int[] degrees) {
            this(dpBudget, logitMseScale, predictedDrop, measuredDrop, predictedSeconds, degrees, null);
        }
    }

    public record Impact(String metric, int images, int[] degrees, double[][] top1Drop, double[][] logitMse) {
    }
}
