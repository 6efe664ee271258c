package dev.olafhe.ola;

import dev.olafhe.plan.Plan;
import dev.olafhe.approx.CompositeSign;
import dev.olafhe.nn.ActivationKind;
import dev.olafhe.nn.Hooks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Step 6: what the plan is compared with, each verified on the validation split and priced by the same cost model:
 * every layer at one degree (ascending until one meets the budget) and, for all-ReLU models, the composite minimax
 * ReLU. A plan must not be worse than a verified baseline ({@link #better}).
 */
final class Baselines {
    private static final String UNIFORM = "uniform-";

    private final LayerCosts costs;
    private final SplitAccuracy accuracy;
    private final PlannerOptions options;

    Baselines(LayerCosts costs, SplitAccuracy accuracy, PlannerOptions options) {
        this.costs = costs;
        this.accuracy = accuracy;
        this.options = options;
    }

    /** The composite baseline (all-ReLU models), then uniform degrees in ascending order up to the first within budget. */
    List<Plan.Baseline> measure(List<ActivationProfile> profiles, Candidate[][] candidates, double planSeconds) {
        List<Plan.Baseline> out = new ArrayList<>();
        boolean allRelu = profiles.stream().allMatch(p -> p.kind() == ActivationKind.RELU);
        if (allRelu) {
            out.add(composite(profiles, planSeconds));
        }
        for (int k = 0; k < options.degrees().length; k++) {
            Plan.Baseline b = uniform(candidates, k, planSeconds, !allRelu);
            out.add(b);
            if (b.meetsBudget()) {
                break;
            }
        }
        return out;
    }

    /**
     * The uniform baseline that replaces the DP's plan, or null: the cheapest uniform degree that met the budget on
     * the validation split wins when the chosen plan missed the budget or is predicted to cost more.
     */
    static Plan.Baseline better(List<Plan.Baseline> baselines, double planSeconds, boolean planMet) {
        Plan.Baseline best = null;
        for (Plan.Baseline b : baselines) {
            if (b.name().startsWith(UNIFORM) && b.meetsBudget() && (!planMet || b.predictedSeconds() < planSeconds)
                    && (best == null || b.predictedSeconds() < best.predictedSeconds())) {
                best = b;
            }
        }
        return best;
    }

    /** The candidate index of a uniform baseline's degree. */
    static int candidateOf(Plan.Baseline uniform, int[] degrees) {
        return Arrays.binarySearch(degrees, Integer.parseInt(uniform.name().substring(UNIFORM.length())));
    }

    /** The same baselines with the plan's speed-up over each recomputed for a plan of {@code planSeconds}. */
    static List<Plan.Baseline> relativeTo(List<Plan.Baseline> baselines, double planSeconds) {
        return baselines.stream().map(b -> new Plan.Baseline(b.name(), b.description(), b.predictedSeconds(),
                b.bootstraps(), b.measuredValidation(), b.measuredTest(), b.meetsBudget(),
                b.predictedSeconds() / planSeconds, b.dropUpperBound())).toList();
    }

    private Plan.Baseline composite(List<ActivationProfile> profiles, double planSeconds) {
        CompositeSign sign = CompositeSign.forPrecision(CompositeSign.LEE_ALPHA, CompositeSign.LEE_DEGREES);
        Hooks h = Hooks.create();
        for (ActivationProfile p : profiles) {
            double bound = Math.max(Math.abs(p.a()), Math.abs(p.b()));
            h.replace(p.index(), new CompositeReluFunction(sign, bound));
        }
        double[] cost = costs.costAndBootstraps(costs.compositeSolution(CompositeSign.LEE_DEGREES));
        SplitAccuracy.Measured val = accuracy.validation(h, "baseline: composite ReLU alpha=13");
        Double tst = accuracy.test(h, "test: composite ReLU alpha=13");
        return baseline("composite-alpha13", String.format(Locale.ROOT, "composite minimax sign, degrees {15,15,27},"
                        + " our Remez: %.2f bits for abs(x) >= 2^%.2f of the layer bound B = max(abs(a), abs(b)),"
                        + " depth %d", sign.precisionBits(), Math.log(sign.gap()) / Math.log(2), sign.reluDepth()),
                cost, val, tst, planSeconds);
    }

    private Plan.Baseline uniform(Candidate[][] candidates, int k, double planSeconds, boolean reportDegree3) {
        int d = options.degrees()[k];
        int[] choice = new int[candidates.length];
        Arrays.fill(choice, k);
        double[] cost = costs.costAndBootstraps(costs.uniformSolution(d));
        Hooks h = SplitAccuracy.hooks(candidates, choice);
        SplitAccuracy.Measured val = accuracy.validation(h, "baseline: uniform degree " + d);
        boolean meets = val.accepted(options);
        // test accuracy of the baseline that meets the budget, and of degree 3 for GELU models (the ConvNeXt claim)
        boolean onTest = accuracy.hasTest() && (meets || reportDegree3 && d == 3);
        Double tst = onTest ? accuracy.test(h, "test: uniform degree " + d) : null;
        return baseline(UNIFORM + d, "every layer its own density-weighted fit of degree " + d, cost, val, tst,
                planSeconds);
    }

    /**
     * {@code cost}: {seconds, bootstraps} (bootstraps NaN without level-aware costs: recorded as -1). It meets the
     * budget as a plan is accepted: upper bound on the drop within the budget, every logit finite.
     */
    private Plan.Baseline baseline(String name, String description, double[] cost, SplitAccuracy.Measured validation,
                                   Double test, double planSeconds) {
        return new Plan.Baseline(name, description, cost[0], (int) (Double.isNaN(cost[1]) ? -1 : cost[1]),
                validation.accuracy(), test, validation.accepted(options), cost[0] / planSeconds,
                validation.paired().upperBound());
    }
}
