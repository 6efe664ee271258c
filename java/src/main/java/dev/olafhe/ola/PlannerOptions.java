package dev.olafhe.ola;

import dev.olafhe.plan.PlanFile;

import java.nio.file.Path;
import java.util.TreeSet;

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
 * @param impactImages    the first this many validation images measure the impact table (at most the split)
 * @param confidence      one-sided confidence of the upper bound on the validation drop that must meet the budget
 * @param intervalTail    tail factor of the intervals ({@link Profiler#profile})
 */
public record PlannerOptions(Path model, String data, long seed, int calibrationImages, int validationImages,
                             double budget, int[] degrees, ActivationProfile.WeightKind weight, double scaleR,
                             double floor, double intervalMargin, int bins, int histogramBins, int batch, int threads,
                             boolean levelAware, int maxReplans, int testImages, int impactImages, double confidence,
                             double intervalTail) {
    public PlannerOptions {
        if (!(budget >= 0 && budget < 1)) {
            throw new IllegalArgumentException("budget must be a fraction in [0, 1), got " + budget);
        }
        if (degrees.length == 0) {
            throw new IllegalArgumentException("need at least one candidate degree");
        }
        for (int d : degrees) {
            if (d < 1 || d > PlanFile.MAX_DEGREE) {
                throw new IllegalArgumentException("candidate degree " + d + " outside [1, " + PlanFile.MAX_DEGREE
                        + "]");
            }
        }
        if (calibrationImages < 1 || validationImages < 1) {
            throw new IllegalArgumentException("calibration and validation splits need at least one image each");
        }
        if (impactImages < 1) {
            throw new IllegalArgumentException("the impact table needs at least one image, got " + impactImages);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
        }
        if (!(intervalTail >= 0 && intervalTail <= 1000)) {
            throw new IllegalArgumentException("interval tail factor must be in [0, 1000], got " + intervalTail);
        }
    }

    /**
     * Whether a top-1 drop (an upper bound on it, where a plan is accepted) meets the budget (the slack absorbs
     * rounding in exact - measured accuracy).
     */
    public boolean withinBudget(double drop) {
        return drop <= budget + 1e-12;
    }

    /** Images of the impact table: {@link #impactImages}, at most the validation split. */
    public int impactTableImages() {
        return Math.min(impactImages, validationImages);
    }

    /** A budget written as a percentage (0.5%) or a fraction (0.005), in [0, 1). */
    public static double parseBudget(String s) {
        String v = s.trim();
        try {
            double x = v.endsWith("%") ? Double.parseDouble(v.substring(0, v.length() - 1)) / 100
                    : Double.parseDouble(v);
            if (!(x >= 0 && x < 1)) {
                throw new NumberFormatException();
            }
            return x;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--budget must be a percentage like 0.5% or a fraction like 0.005 in"
                    + " [0, 1), got '" + s + "'");
        }
    }

    /**
     * Candidate degrees, ascending: a list (3,5,7), a range a..b meaning the degrees 2^k-1 inside [a, b] (the most
     * accurate degree of every depth: depth, hence bootstrapping, dominates the cost), or a..b:s stepping by s;
     * list items and ranges mix.
     */
    public static int[] parseDegrees(String s) {
        try {
            TreeSet<Integer> set = new TreeSet<>();
            for (String part : s.split(",")) {
                part = part.trim();
                if (part.contains("..")) {
                    addRange(part, set);
                } else {
                    set.add(Integer.parseInt(part));
                }
            }
            if (set.isEmpty() || set.first() < 1 || set.last() > PlanFile.MAX_DEGREE) {
                throw new NumberFormatException();
            }
            return set.stream().mapToInt(Integer::intValue).toArray();
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("--degrees must be a list like 3,5,7 or a range like 3..63 (or"
                    + " 3..63:2) of degrees in [1, " + PlanFile.MAX_DEGREE + "]; got '" + s + "'");
        }
    }

    /** Adds the degrees of a range a..b (2^k-1 inside) or a..b:s (every s-th) to {@code set}. */
    private static void addRange(String range, TreeSet<Integer> set) {
        String[] ab = range.split("\\.\\.");
        String hiPart = ab[1];
        Integer step = null;
        if (hiPart.contains(":")) {
            step = Integer.parseInt(hiPart.substring(hiPart.indexOf(':') + 1));
            hiPart = hiPart.substring(0, hiPart.indexOf(':'));
        }
        int lo = Integer.parseInt(ab[0].trim());
        int hi = Integer.parseInt(hiPart.trim());
        if (lo > hi || hi > PlanFile.MAX_DEGREE || (step != null && step < 1)) {
            throw new NumberFormatException(); // a bounded range: a..b:s adds at most MAX_DEGREE degrees
        }
        if (step != null) {
            for (int d = lo; d <= hi; d += step) {
                set.add(d);
            }
        } else {
            for (int k = 1; k <= 8; k++) {
                int top = (1 << k) - 1; // the most accurate degree of depth k
                if (top >= lo && top <= hi) {
                    set.add(top);
                }
            }
        }
    }
}
