package dev.olafhe.ola;

import dev.olafhe.plan.Plan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Step 5: the DP and its verification. Solves on the impact table's per-layer drops, runs the full plan on the
 * validation split, and while the measured drop misses the budget recalibrates the accuracy proxy and re-solves
 * with a tighter budget (top-1 drops of single layers are quantised and miss interactions; the logit MSE, scaled so
 * that the failed plan predicts what was measured, bounds them from below). After a success the proxy's scale is
 * bisected back towards the last one that failed, keeping any cheaper plan that still verifies. Every verified plan
 * is recorded as a {@link Plan.Attempt}.
 */
final class PlanSearch {
    /** Bisection steps on the proxy scale after a re-planned plan met the budget. */
    static final int REFINE_ROUNDS = 3;
    /** Budget multiples at which the accuracy/time front is sampled. */
    static final double[] FRONT_MULTIPLES = {0, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4, 6, 8, 12, 16};
    /** Each re-plan tightens the DP's budget by this factor. */
    private static final double REPLAN_TIGHTENING = 0.9;

    /**
     * A verified plan: the DP's solution, its drop measured on the validation split with the statistical margin
     * that acceptance adds to it and the validation images with a non-finite logit, and the proxy scale and DP budget
     * it was solved with.
     */
    record Verified(DegreeSolver.Solution solution, double measuredDrop, double margin, int nonFinite,
                    double mseScale, double dpBudget) {
        /** Accepted: measured drop + margin within the budget and every validation logit finite. */
        boolean accepted(PlannerOptions o) {
            return nonFinite == 0 && o.withinBudget(measuredDrop + margin);
        }

        /** Orders plans that missed: fewer non-finite logits first, then the smaller upper bound. */
        boolean closerThan(Verified other) {
            return nonFinite != other.nonFinite ? nonFinite < other.nonFinite
                    : measuredDrop + margin < other.measuredDrop + other.margin;
        }
    }

    /** The re-planning loop's outcome: the plan it keeps and the last proxy scale whose plan missed (-1: none). */
    private record Replanned(Verified chosen, double failedScale) {
    }

    private final LayerCosts costs;
    private final ImpactTable impact;
    private final Candidate[][] candidates;
    private final SplitAccuracy accuracy;
    private final PlannerOptions options;
    private final double exact;
    private final List<Plan.Attempt> attempts = new ArrayList<>();

    PlanSearch(LayerCosts costs, ImpactTable impact, Candidate[][] candidates, SplitAccuracy accuracy,
               PlannerOptions options) {
        this.costs = costs;
        this.impact = impact;
        this.candidates = candidates;
        this.accuracy = accuracy;
        this.options = options;
        this.exact = accuracy.exactValidation();
    }

    /** The chosen plan: the first that met the budget, made cheaper by refinement, else the one that missed least. */
    Verified search() {
        Replanned r = replan();
        return r.chosen().accepted(options) && r.failedScale() >= 0 ? refine(r) : r.chosen();
    }

    /** Every plan verified so far, in order (the plan file's "attempts"). */
    List<Plan.Attempt> attempts() {
        return attempts;
    }

    private Replanned replan() {
        Verified chosen = null;
        double dpBudget = options.budget();
        double mseScale = 0;
        double failedScale = -1;
        for (int round = 0; round <= options.maxReplans(); round++) {
            DegreeSolver.Solution s = costs.solve(proxy(mseScale), dpBudget);
            if (s == null) {
                if (round == 0) {
                    throw new IllegalStateException(noAssignment());
                }
                break;
            }
            Verified v = verify(s, dpBudget, mseScale);
            if (chosen == null || v.closerThan(chosen) || v.accepted(options)) {
                chosen = v; // the first accepted, else the closest
            }
            if (v.accepted(options)) {
                break;
            }
            failedScale = mseScale;
            double mseSum = 0;
            for (int l = 0; l < costs.layers(); l++) {
                double m = impact.logitMse()[l][s.choice()[l]];
                mseSum += Double.isFinite(m) ? m : 0;
            }
            double missed = Math.max(v.measuredDrop() + v.margin(), v.nonFinite() > 0 ? options.budget() * 2 : 0);
            if (mseSum > 0 && missed > 0) {
                mseScale = Math.max(mseScale, missed / mseSum); // the proxy now predicts the bound that missed
            }
            dpBudget *= REPLAN_TIGHTENING;
        }
        return new Replanned(chosen, failedScale);
    }

    /**
     * The recalibrated proxy may be more cautious than needed: bisects its scale between the last one that missed
     * and the one that met the budget, keeping any verified plan that is cheaper and still within it.
     */
    private Verified refine(Replanned replanned) {
        Verified chosen = replanned.chosen();
        double failedScale = replanned.failedScale();
        for (int r = 0; r < REFINE_ROUNDS; r++) {
            double scale = failedScale == 0 ? chosen.mseScale() / 4 : Math.sqrt(failedScale * chosen.mseScale());
            DegreeSolver.Solution s = costs.solve(proxy(scale), chosen.dpBudget());
            if (s == null || s.cost() >= chosen.solution().cost()) {
                failedScale = scale; // nothing cheaper under this proxy: move towards it anyway
                continue;
            }
            Verified v = verify(s, chosen.dpBudget(), scale);
            if (v.accepted(options)) {
                chosen = v;
            } else {
                failedScale = scale;
            }
        }
        return chosen;
    }

    /** Points of the accuracy/time front under the chosen plan's proxy, at multiples of its DP budget. */
    List<Plan.FrontPoint> front(Verified chosen) {
        double[][] drop = proxy(chosen.mseScale());
        List<Plan.FrontPoint> front = new ArrayList<>();
        for (double m : FRONT_MULTIPLES) {
            DegreeSolver.Solution s = costs.solve(drop, m * chosen.dpBudget());
            if (s != null && (front.isEmpty() || s.cost() < front.get(front.size() - 1).predictedSeconds())) {
                front.add(new Plan.FrontPoint(m * chosen.dpBudget(), s.predictedDrop(), s.cost(),
                        costs.degreesOf(s.choice())));
            }
        }
        return front;
    }

    /**
     * A verified uniform baseline replaces the DP's plan: every layer at candidate k, placed as the cost model says,
     * recorded as one more attempt; its measured drop is the baseline's.
     */
    Verified adopt(Plan.Baseline baseline, int k) {
        double predicted = 0;
        for (int l = 0; l < costs.layers(); l++) {
            predicted += Math.max(0, impact.top1Drop()[l][k]);
        }
        DegreeSolver.Solution fixed = costs.uniformSolution(costs.degree(k));
        int[] choice = new int[costs.layers()];
        Arrays.fill(choice, k);
        DegreeSolver.Solution s = new DegreeSolver.Solution(choice, fixed.bootstrapBefore(), fixed.cost(), predicted, 0,
                fixed.layerSeconds());
        double measured = exact - baseline.measuredValidation();
        double margin = baseline.dropUpperBound() == null ? 0 : Math.max(0, baseline.dropUpperBound() - measured);
        attempts.add(new Plan.Attempt(options.budget(), 0, predicted, measured, s.cost(), costs.degreesOf(choice),
                margin));
        return new Verified(s, measured, margin, 0, 0, options.budget());
    }

    /** The DP's per-layer drop: max(top-1 drop, scale * logit MSE). */
    private double[][] proxy(double scale) {
        double[][] drop = impact.top1Drop();
        double[][] mse = impact.logitMse();
        double[][] out = new double[drop.length][];
        for (int l = 0; l < drop.length; l++) {
            out[l] = new double[drop[l].length];
            for (int k = 0; k < drop[l].length; k++) {
                out[l][k] = scale == 0 ? drop[l][k] : Math.max(drop[l][k], scale * mse[l][k]);
            }
        }
        return out;
    }

    /** Runs the full plan on the validation split, records the attempt, returns what it measured. */
    private Verified verify(DegreeSolver.Solution s, double dpBudget, double scale) {
        SplitAccuracy.Measured m = accuracy.validation(SplitAccuracy.hooks(candidates, s.choice()),
                "verify plan (attempt " + (attempts.size() + 1) + ")");
        double measured = m.paired().drop();
        attempts.add(new Plan.Attempt(dpBudget, scale, s.predictedDrop(), measured, s.cost(),
                costs.degreesOf(s.choice()), m.paired().margin()));
        return new Verified(s, measured, m.paired().margin(), m.nonFinite(), scale, dpBudget);
    }

    private String noAssignment() {
        double best = 0;
        for (double[] row : impact.top1Drop()) {
            best += Math.max(0, Arrays.stream(row).min().orElse(0));
        }
        return "no assignment of the degrees " + Arrays.toString(impact.degrees()) + " is predicted to stay within a top-1"
                + " drop of " + Planner.pct(options.budget()) + " (the most accurate one is predicted to drop " + Planner.pct(best)
                + " on " + impact.images() + " impact images); raise --budget or add higher --degrees";
    }
}
