package dev.olafhe.infer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Places bootstrapping from the levels each step consumes. Only activation inputs are bootstrapped (they
 * are stored in [-1, 1], the range bootstrapping needs). An activation input is bootstrapped when its level
 * is below what the activation consumes plus the deepest chain of linear layers up to the next activation
 * inputs (or the output): the next chance to refresh. So low-degree polynomials let several layers share one
 * bootstrap, which is where a per-layer plan saves time.
 */
public final class BootstrapPlacement {
    private BootstrapPlacement() {
    }

    /** Steps with bootstraps inserted, and the level of every value after its step. */
    public record Result(List<HeStep> steps, List<Integer> stepLevels, Map<Integer, Integer> levels, int bootstraps) {
    }

    /**
     * @param steps          the program without bootstraps, in execution order; value 0 is the input
     * @param inputLevel     level of the encrypted input
     * @param bootstrapLevel level after bootstrapping, or -1 without a bootstrapper
     */
    public static Result place(List<HeStep> steps, int inputLevel, int bootstrapLevel) {
        Map<Integer, Integer> levelsAfter = levelsToNextRefresh(steps);
        Map<Integer, Integer> level = new HashMap<>();
        level.put(0, inputLevel);
        List<HeStep> out = new ArrayList<>();
        List<Integer> stepLevels = new ArrayList<>();
        int bootstraps = 0;
        for (HeStep step : steps) {
            if (step instanceof HeStep.Linear l) {
                int in = level.get(l.input());
                if (in < 1) {
                    throw new IllegalStateException("no level left for " + l.nodes() + " (input at level " + in
                            + "); use parameters with more levels");
                }
                level.put(l.output(), in - 1);
            } else if (step instanceof HeStep.Activation a) {
                int need = a.depth() + levelsAfter.getOrDefault(a.output(), 0);
                int in = level.get(a.input());
                if (in < need) {
                    if (bootstrapLevel < 0) {
                        throw new IllegalArgumentException("activation layer " + a.layer() + " needs " + need
                                + " levels (polynomial " + a.depth() + " + linear layers after it) but its input is at"
                                + " level " + in + " and there is no bootstrapper; use more levels or lower degrees");
                    }
                    if (bootstrapLevel < need) {
                        throw new IllegalArgumentException("activation layer " + a.layer() + " needs " + need
                                + " levels but bootstrapping leaves only " + bootstrapLevel + "; lower its degree or"
                                + " use a deeper parameter set");
                    }
                    out.add(new HeStep.Bootstrap(a.input()));
                    stepLevels.add(bootstrapLevel);
                    bootstraps++;
                    in = bootstrapLevel;
                    level.put(a.input(), in);
                }
                level.put(a.output(), in - a.depth());
            } else if (step instanceof HeStep.Add s) {
                level.put(s.output(), Math.min(level.get(s.left()), level.get(s.right())));
            } else {
                throw new IllegalArgumentException("steps to place bootstraps in already contain " + step.describe());
            }
            out.add(step);
            stepLevels.add(level.get(step.output()));
        }
        return new Result(List.copyOf(out), List.copyOf(stepLevels), Map.copyOf(level), bootstraps);
    }

    /**
     * For each value: the most linear levels any path from it consumes before reaching an activation input
     * or the output (activations and bootstraps end a path; additions cost nothing).
     */
    static Map<Integer, Integer> levelsToNextRefresh(List<HeStep> steps) {
        Map<Integer, Integer> after = new HashMap<>();
        for (int k = steps.size() - 1; k >= 0; k--) {
            HeStep step = steps.get(k);
            int below = after.getOrDefault(step.output(), 0);
            if (step instanceof HeStep.Linear l) {
                after.merge(l.input(), below + 1, Math::max);
            } else if (step instanceof HeStep.Add s) {
                after.merge(s.left(), below, Math::max);
                after.merge(s.right(), below, Math::max);
            } else if (step instanceof HeStep.Activation a) {
                after.merge(a.input(), 0, Math::max);
            }
        }
        return after;
    }
}
