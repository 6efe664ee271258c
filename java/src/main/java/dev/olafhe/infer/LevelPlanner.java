package dev.olafhe.infer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bootstrap positions of least cost under a {@link LevelCostModel}, by a backward dynamic programme over the
 * program's steps. With the drop-at-once rule ({@link BootstrapPlacement}) a step's level is fixed by what the rest
 * of its segment needs, which depends only on the steps after it and where they bootstrap; so the state at a cut
 * between two steps is the level every live value (written before the cut, read after it) must have there, its
 * "need". Going backward over a step: its output leaves the state (its need gives the step's read level and cost),
 * its inputs enter with the read level (the maximum when already live). Before an activation the programme may
 * bootstrap its input: the fresh value must then cover what all its later readers need (at most the bootstrap
 * level), the bootstrap ends at exactly that level and is charged for it, and the value before the bootstrap needs
 * level 0. A state whose need exceeds every level a value can have
 * is dropped; at the input, the need must fit the input level. The live values of a residual network are few (the
 * main path and a skip branch), so the states are few.
 */
public final class LevelPlanner {
    private LevelPlanner() {
    }

    /** Per state at a cut: least cost of the steps from here to the end, the decision and the state after the step. */
    private record Entry(double cost, TreeMap<Integer, Integer> next, boolean bootstrap) {
    }

    /**
     * {@code steps} (no bootstraps yet) with bootstraps inserted before activations where the cost is least.
     *
     * @param inputLevel     level of the encrypted input
     * @param bootstrapLevel level after bootstrapping, or -1 without a bootstrapper (nothing is placed)
     */
    public static List<HeStep> place(List<HeStep> steps, int inputLevel, int bootstrapLevel, LevelCostModel model) {
        if (bootstrapLevel < 0) {
            return List.copyOf(steps);
        }
        int n = steps.size();
        int maxLevel = Math.max(inputLevel, bootstrapLevel);
        List<Map<TreeMap<Integer, Integer>, Entry>> cuts = new ArrayList<>();
        for (int k = 0; k <= n; k++) {
            cuts.add(new LinkedHashMap<>());
        }
        cuts.get(n).put(new TreeMap<>(), new Entry(0, null, false));
        for (int k = n - 1; k >= 0; k--) {
            HeStep step = steps.get(k);
            if (step instanceof HeStep.Bootstrap) {
                throw new IllegalArgumentException("steps to place bootstraps in already contain " + step.describe());
            }
            Map<TreeMap<Integer, Integer>, Entry> before = cuts.get(k);
            for (Map.Entry<TreeMap<Integer, Integer>, Entry> after : cuts.get(k + 1).entrySet()) {
                expand(step, after.getKey(), after.getValue().cost(), model, maxLevel, bootstrapLevel, before);
            }
        }
        TreeMap<Integer, Integer> start = null;
        double best = Double.POSITIVE_INFINITY;
        for (Map.Entry<TreeMap<Integer, Integer>, Entry> e : cuts.get(0).entrySet()) {
            if (e.getKey().getOrDefault(0, 0) <= inputLevel && e.getKey().keySet().stream().allMatch(v -> v == 0)
                    && e.getValue().cost() < best) {
                best = e.getValue().cost();
                start = e.getKey();
            }
        }
        if (start == null) {
            BootstrapPlacement.lazy(steps, inputLevel, bootstrapLevel); // throws with the layer and its levels
            throw new IllegalArgumentException("no bootstrap placement fits: some step needs more levels than the input"
                    + " (" + inputLevel + ") or bootstrapping (" + bootstrapLevel + ") provides; lower degrees or use"
                    + " a deeper parameter set");
        }
        List<HeStep> out = new ArrayList<>();
        TreeMap<Integer, Integer> state = start;
        for (int k = 0; k < n; k++) {
            Entry e = cuts.get(k).get(state);
            if (e.bootstrap()) {
                out.add(new HeStep.Bootstrap(((HeStep.Activation) steps.get(k)).input()));
            }
            out.add(steps.get(k));
            state = e.next();
        }
        return List.copyOf(out);
    }

    /** The states before {@code step} reachable from state {@code after} (cost {@code cost} to the end). */
    private static void expand(HeStep step, TreeMap<Integer, Integer> after, double cost, LevelCostModel model,
                               int maxLevel, int bootstrapLevel, Map<TreeMap<Integer, Integer>, Entry> before) {
        TreeMap<Integer, Integer> base = new TreeMap<>(after);
        Integer needOut = base.remove(step.output());
        int written = needOut == null ? 0 : needOut;
        int read = BootstrapPlacement.readLevel(step, written);
        if (read > maxLevel) {
            return;
        }
        double here = cost + model.step(step, read);
        TreeMap<Integer, Integer> plain = new TreeMap<>(base);
        for (int in : BootstrapPlacement.inputs(step)) {
            plain.merge(in, read, Math::max);
        }
        offer(before, plain, new Entry(here, after, false));
        if (step instanceof HeStep.Activation a && bootstrapLevel >= 0) {
            int fresh = Math.max(base.getOrDefault(a.input(), 0), read);
            if (fresh <= bootstrapLevel) {
                TreeMap<Integer, Integer> boot = new TreeMap<>(base);
                boot.put(a.input(), 0);
                offer(before, boot, new Entry(here + model.bootstrap(fresh), after, true));
            }
        }
    }

    private static void offer(Map<TreeMap<Integer, Integer>, Entry> states, TreeMap<Integer, Integer> state, Entry e) {
        Entry old = states.get(state);
        if (old == null || e.cost() < old.cost()) {
            states.put(state, e);
        }
    }

    /** The cost of levelled steps under {@code model}: every step at its read level, every bootstrap at its end level. */
    public static double cost(BootstrapPlacement.Result placed, LevelCostModel model) {
        double sum = 0;
        for (int k = 0; k < placed.steps().size(); k++) {
            HeStep s = placed.steps().get(k);
            sum += s instanceof HeStep.Bootstrap ? model.bootstrap(placed.stepLevels().get(k))
                    : model.step(s, placed.readLevels().get(k));
        }
        return sum;
    }
}
