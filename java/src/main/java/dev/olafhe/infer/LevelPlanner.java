package dev.olafhe.infer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Bootstrap positions of least cost under a {@link LevelCostModel}, by a backward dynamic programme over the
 * program's steps; for the planner also each activation's polynomial among candidates, under a budget of accuracy
 * bins. One programme for both: the runtime's placement is the planner's with one candidate per activation.
 *
 * <p>With the drop-at-once rule ({@link BootstrapPlacement}) a step's level is fixed by what the rest of its segment
 * needs, which depends only on the steps after it, where they bootstrap and the depths they were given; so the state at
 * a cut between two steps is the level every live value (written before the cut, read after it) must have there, its
 * "need", and the bins the later activations' candidates use. Going backward over a step: its output leaves the state
 * (its need gives the step's read level and cost), its inputs enter with the read level (the maximum when already
 * live). Before an activation the programme may bootstrap its input: the fresh value must then cover what all its later
 * readers need (at most the bootstrap level), the bootstrap ends at exactly that level and is charged for it, and the
 * value before the bootstrap needs level 0. A state whose need exceeds every level a value can have is dropped; at the
 * input, the need must fit the input level. Which values are live at a cut is fixed by the program; a residual network
 * has few (the main path and a skip branch), so the states are few.
 */
public final class LevelPlanner {
    private LevelPlanner() {
    }

    /** What the programme may choose at each activation step: its candidates' levels, accuracy bins and costs. */
    public interface Choices {
        /** Candidates of {@code step} (at least one). */
        int count(HeStep.Activation step);

        /** Levels candidate {@code c} consumes. */
        int depth(HeStep.Activation step, int c);

        /** Accuracy bins candidate {@code c} uses of the budget (0 without a budget). */
        int bins(HeStep.Activation step, int c);

        /** Cost of candidate {@code c} reading at {@code readLevel} (+infinity: not allowed). */
        double cost(HeStep.Activation step, int c, int readLevel);

        /** The steps' own polynomials, priced by {@code model}: the runtime's placement. */
        static Choices fixed(LevelCostModel model) {
            return new Choices() {
                @Override
                public int count(HeStep.Activation step) {
                    return 1;
                }

                @Override
                public int depth(HeStep.Activation step, int c) {
                    return step.depth();
                }

                @Override
                public int bins(HeStep.Activation step, int c) {
                    return 0;
                }

                @Override
                public double cost(HeStep.Activation step, int c, int readLevel) {
                    return model.step(step, readLevel);
                }
            };
        }
    }

    /**
     * The cheapest programme: per step (indices of the steps given) the candidate chosen (-1 for steps other than
     * activations), whether a bootstrap precedes it and its cost (with that bootstrap); the total cost and the bins
     * used.
     */
    public record Solution(int[] candidate, boolean[] bootstrapBefore, double[] stepCost, double cost, int bins) {
        /** Bootstraps placed. */
        public int bootstraps() {
            int n = 0;
            for (boolean b : bootstrapBefore) {
                n += b ? 1 : 0;
            }
            return n;
        }
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
        Solution s = solve(steps, inputLevel, bootstrapLevel, model, Choices.fixed(model), 0);
        if (s == null) {
            BootstrapPlacement.lazy(steps, inputLevel, bootstrapLevel); // throws with the layer and its levels
            throw new IllegalArgumentException("no bootstrap placement fits: some step needs more levels than the input"
                    + " (" + inputLevel + ") or bootstrapping (" + bootstrapLevel + ") provides; lower degrees or use"
                    + " a deeper parameter set");
        }
        List<HeStep> out = new ArrayList<>();
        for (int k = 0; k < steps.size(); k++) {
            if (s.bootstrapBefore()[k]) {
                out.add(new HeStep.Bootstrap(((HeStep.Activation) steps.get(k)).input()));
            }
            out.add(steps.get(k));
        }
        return List.copyOf(out);
    }

    /**
     * The cheapest choice of a candidate per activation and of bootstraps within {@code maxBins} bins, or null when
     * none fits the levels (or the bins).
     *
     * @param steps          the program without bootstraps, in execution order; value 0 is the input
     * @param inputLevel     level of the encrypted input
     * @param bootstrapLevel level after bootstrapping (>= 0)
     * @param model          costs of the linear steps, additions and bootstraps
     */
    public static Solution solve(List<HeStep> steps, int inputLevel, int bootstrapLevel, LevelCostModel model,
                                 Choices choices, int maxBins) {
        if (bootstrapLevel < 0 || maxBins < 0) {
            throw new IllegalArgumentException("need a bootstrap level and bins >= 0: " + bootstrapLevel + ", "
                    + maxBins);
        }
        int n = steps.size();
        int[][] live = liveValues(steps);
        List<Map<State, Entry>> cuts = new ArrayList<>();
        for (int k = 0; k <= n; k++) {
            cuts.add(new HashMap<>());
        }
        cuts.get(n).put(new State(0, new byte[0]), new Entry(0, null, -1, false));
        Expansion expansion = new Expansion(model, choices, Math.max(inputLevel, bootstrapLevel), bootstrapLevel,
                maxBins);
        for (int k = n - 1; k >= 0; k--) {
            HeStep step = steps.get(k);
            if (step instanceof HeStep.Bootstrap) {
                throw new IllegalArgumentException("steps to place bootstraps in already contain " + step.describe());
            }
            Map<State, Entry> before = cuts.get(k);
            for (Map.Entry<State, Entry> after : cuts.get(k + 1).entrySet()) {
                expansion.expand(step, live[k], live[k + 1], after.getKey(), after.getValue().cost(), before);
            }
        }
        State start = null;
        double best = Double.POSITIVE_INFINITY;
        for (Map.Entry<State, Entry> e : cuts.get(0).entrySet()) {
            if (fitsInput(e.getKey(), live[0], inputLevel) && e.getValue().cost() < best) {
                best = e.getValue().cost();
                start = e.getKey();
            }
        }
        return start == null ? null : trace(steps, cuts, start);
    }

    /** Only the input may be live before the first step, at a need the input level covers. */
    private static boolean fitsInput(State s, int[] live, int inputLevel) {
        for (int i = 0; i < live.length; i++) {
            if (live[i] != 0 || s.needs[i] > inputLevel) {
                return false;
            }
        }
        return true;
    }

    private static Solution trace(List<HeStep> steps, List<Map<State, Entry>> cuts, State start) {
        int n = steps.size();
        int[] candidate = new int[n];
        boolean[] boot = new boolean[n];
        double[] cost = new double[n];
        State state = start;
        for (int k = 0; k < n; k++) {
            Entry e = cuts.get(k).get(state);
            candidate[k] = e.candidate();
            boot[k] = e.bootstrap();
            State next = e.next();
            cost[k] = e.cost() - cuts.get(k + 1).get(next).cost();
            state = next;
        }
        return new Solution(candidate, boot, cost, cuts.get(0).get(start).cost(), start.bins);
    }

    /** Per cut k (before step k; cut n is the end): the values live there, ascending. */
    private static int[][] liveValues(List<HeStep> steps) {
        int n = steps.size();
        int[][] live = new int[n + 1][];
        TreeSet<Integer> set = new TreeSet<>();
        live[n] = new int[0];
        for (int k = n - 1; k >= 0; k--) {
            set.remove(steps.get(k).output());
            for (int in : BootstrapPlacement.inputs(steps.get(k))) {
                set.add(in);
            }
            live[k] = set.stream().mapToInt(Integer::intValue).toArray();
        }
        return live;
    }

    /** Needs of a cut's live values (in its order) and the bins the steps after it use. */
    private static final class State {
        final int bins;
        final byte[] needs;
        private final int hash;

        State(int bins, byte[] needs) {
            this.bins = bins;
            this.needs = needs;
            this.hash = 31 * bins + Arrays.hashCode(needs);
        }

        int need(int[] live, int value) {
            int i = Arrays.binarySearch(live, value);
            return i < 0 ? 0 : needs[i];
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof State s && s.bins == bins && Arrays.equals(s.needs, needs);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** Per state at a cut: least cost of the steps from here to the end, the state after the step and the decision. */
    private record Entry(double cost, State next, int candidate, boolean bootstrap) {
    }

    /** One backward step of the programme. */
    private record Expansion(LevelCostModel model, Choices choices, int maxLevel, int bootstrapLevel, int maxBins) {
        /** The states before {@code step} reachable from {@code after} (cost {@code cost} to the end). */
        void expand(HeStep step, int[] liveBefore, int[] liveAfter, State after, double cost,
                    Map<State, Entry> before) {
            int written = after.need(liveAfter, step.output());
            if (!(step instanceof HeStep.Activation a)) {
                int read = BootstrapPlacement.readLevel(step, written);
                if (read <= maxLevel) {
                    double here = cost + model.step(step, read);
                    offer(before, needs(step, liveBefore, liveAfter, after, read, -1, after.bins),
                            new Entry(here, after, -1, false));
                }
                return;
            }
            for (int c = 0; c < choices.count(a); c++) {
                int read = written + choices.depth(a, c);
                int bins = after.bins + choices.bins(a, c);
                double price = choices.cost(a, c, read);
                if (read > maxLevel || bins > maxBins || price == Double.POSITIVE_INFINITY) {
                    continue;
                }
                double here = cost + price;
                offer(before, needs(step, liveBefore, liveAfter, after, read, -1, bins),
                        new Entry(here, after, c, false));
                // bootstrapped in place: the fresh input serves this step and every later reader of it
                int fresh = Math.max(after.need(liveAfter, a.input()), read);
                if (fresh <= bootstrapLevel) {
                    offer(before, needs(step, liveBefore, liveAfter, after, 0, a.input(), bins),
                            new Entry(here + model.bootstrap(fresh), after, c, true));
                }
            }
        }

        /**
         * The needs before {@code step}: every value live after it keeps its need, its inputs need {@code read} at
         * least; {@code bootstrapped} (or -1) is the input refreshed in place, which needs level 0 before that.
         */
        private static State needs(HeStep step, int[] liveBefore, int[] liveAfter, State after, int read,
                                   int bootstrapped, int bins) {
            byte[] needs = new byte[liveBefore.length];
            int[] inputs = BootstrapPlacement.inputs(step);
            for (int i = 0; i < liveBefore.length; i++) {
                int v = liveBefore[i];
                if (v == bootstrapped) {
                    continue;
                }
                int need = v == step.output() ? 0 : after.need(liveAfter, v);
                for (int in : inputs) {
                    if (in == v) {
                        need = Math.max(need, read);
                    }
                }
                needs[i] = (byte) need;
            }
            return new State(bins, needs);
        }

        private static void offer(Map<State, Entry> states, State state, Entry e) {
            Entry old = states.get(state);
            if (old == null || e.cost() < old.cost()) {
                states.put(state, e);
            }
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
