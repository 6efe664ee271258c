package dev.olafhe.infer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link LevelPlanner} against brute force over every set of bootstrapped activations, on small random programs. */
class LevelPlannerTest {
    /**
     * Costs per step from a table (no transforms compiled): ops by output value, times (read level + 1); a bootstrap
     * a base cost plus a per-level cost times the level it ends at (SlotToCoeff at more limbs).
     */
    private record TableModel(Map<Integer, Double> ops, double bootstrapBase, double bootstrapPerLevel)
            implements LevelCostModel {
        @Override
        public double step(HeStep step, int readLevel) {
            return (readLevel + 1) * ops.getOrDefault(step.output(), 0.0);
        }

        @Override
        public double bootstrap(int endLevel) {
            return bootstrapBase + bootstrapPerLevel * endLevel;
        }
    }

    @Test
    void dynamicProgrammeMatchesBruteForceOnRandomPrograms() {
        Random random = new Random(2026_12_03L);
        int feasible = 0;
        int cheaperThanLazy = 0;
        for (int trial = 0; trial < 300; trial++) {
            Map<Integer, Double> ops = new HashMap<>();
            List<HeStep> steps = randomProgram(random, ops);
            int bootstrapLevel = 3 + random.nextInt(6);
            int inputLevel = bootstrapLevel + random.nextInt(3) - 1;
            TableModel model = new TableModel(ops, 5 + 60 * random.nextDouble(),
                    trial % 3 == 0 ? 0 : 10 * random.nextDouble());
            double brute = bruteForce(steps, inputLevel, bootstrapLevel, model, LevelPlanner.Choices.fixed(model),
                    0);
            if (Double.isInfinite(brute)) {
                assertThrows(IllegalArgumentException.class,
                        () -> LevelPlanner.place(steps, inputLevel, bootstrapLevel, model), "trial " + trial);
                continue;
            }
            feasible++;
            BootstrapPlacement.Result dp = BootstrapPlacement.place(steps, inputLevel, bootstrapLevel,
                    BootstrapPlacement.Strategy.MIN_COST, model);
            double cost = LevelPlanner.cost(dp, model);
            assertEquals(brute, cost, 1e-9 * brute, "trial " + trial + ": the DP's placement is not the cheapest");
            double lazy = lazyCost(steps, inputLevel, bootstrapLevel, model);
            assertTrue(cost <= lazy + 1e-9, "trial " + trial + ": costlier than the lazy baseline");
            if (cost < lazy - 1e-9) {
                cheaperThanLazy++;
            }
        }
        assertTrue(feasible >= 100, "enough feasible trials: " + feasible);
        assertTrue(cheaperThanLazy > 0, "the DP beats the lazy placement somewhere");
    }

    /**
     * With candidates per activation (depth, bins, a price by read level) and a bins budget, {@link LevelPlanner#solve}
     * is brute force over every assignment of candidates and every set of bootstrapped activations, and its solution,
     * levelled again by {@link BootstrapPlacement#levelled}, costs what it says.
     */
    @Test
    void candidatesAndBootstrapsChosenJointlyMatchBruteForce() {
        Random random = new Random(2026_12_05L);
        int feasible = 0;
        int notCheapestEverywhere = 0;
        for (int trial = 0; trial < 200; trial++) {
            Map<Integer, Double> ops = new HashMap<>();
            List<HeStep> steps = randomProgram(random, ops);
            int bootstrapLevel = 3 + random.nextInt(5);
            int inputLevel = bootstrapLevel + random.nextInt(3) - 1;
            TableModel model = new TableModel(ops, 5 + 60 * random.nextDouble(), 5 * random.nextDouble());
            RandomChoices choices = RandomChoices.of(steps, random);
            int maxBins = random.nextInt(7);
            LevelPlanner.Solution dp = LevelPlanner.solve(steps, inputLevel, bootstrapLevel, model, choices, maxBins);
            double brute = bruteForce(steps, inputLevel, bootstrapLevel, model, choices, maxBins);
            if (Double.isInfinite(brute)) {
                assertEquals(null, dp, "trial " + trial + ": brute force finds nothing that fits");
                continue;
            }
            feasible++;
            assertEquals(brute, dp.cost(), 1e-9 * brute, "trial " + trial + ": the DP's choice is not the cheapest");
            int[] assigned = new int[steps.size()];
            int bins = 0;
            for (int k = 0; k < steps.size(); k++) {
                assigned[k] = dp.candidate()[k];
                bins += steps.get(k) instanceof HeStep.Activation a ? choices.bins(a, assigned[k]) : 0;
            }
            assertEquals(bins, dp.bins(), "trial " + trial + ": bins of the chosen candidates");
            assertTrue(bins <= maxBins, "trial " + trial + ": within the bins");
            double again = programCost(steps, inputLevel, bootstrapLevel, model, choices, assigned,
                    dp.bootstrapBefore());
            assertEquals(dp.cost(), again, 1e-9 * again, "trial " + trial + ": levelled again, same cost");
            assertEquals(dp.cost(), java.util.Arrays.stream(dp.stepCost()).sum(), 1e-9 * again, "trial " + trial);
            notCheapestEverywhere += java.util.Arrays.stream(assigned).anyMatch(c -> c > 0) ? 1 : 0;
        }
        assertTrue(feasible >= 80, "enough feasible trials: " + feasible);
        assertTrue(notCheapestEverywhere > 0, "some optimum picks a candidate other than the first");
    }

    /**
     * Per activation output: 1 to 3 candidates (2 beyond four activations, to keep the brute force short) of depth 1
     * to 3, 0 to 3 bins, a price per read level.
     */
    private record RandomChoices(Map<Integer, int[]> depth, Map<Integer, int[]> bins, Map<Integer, double[]> price)
            implements LevelPlanner.Choices {
        static RandomChoices of(List<HeStep> steps, Random random) {
            RandomChoices c = new RandomChoices(new HashMap<>(), new HashMap<>(), new HashMap<>());
            long activations = steps.stream().filter(s -> s instanceof HeStep.Activation).count();
            for (HeStep s : steps) {
                if (s instanceof HeStep.Activation a) {
                    int count = 1 + random.nextInt(activations <= 4 ? 3 : 2);
                    c.depth.put(a.output(), random.ints(count, 1, 4).toArray());
                    c.bins.put(a.output(), random.ints(count, 0, 4).toArray());
                    c.price.put(a.output(), random.doubles(count, 1, 8).toArray());
                }
            }
            return c;
        }

        @Override
        public int count(HeStep.Activation step) {
            return depth.get(step.output()).length;
        }

        @Override
        public int depth(HeStep.Activation step, int c) {
            return depth.get(step.output())[c];
        }

        @Override
        public int bins(HeStep.Activation step, int c) {
            return bins.get(step.output())[c];
        }

        @Override
        public double cost(HeStep.Activation step, int c, int readLevel) {
            return (readLevel + 1) * price.get(step.output())[c];
        }
    }

    /** Least cost over every candidate assignment within the bins and every set of bootstrapped activations. */
    private static double bruteForce(List<HeStep> steps, int inputLevel, int bootstrapLevel, LevelCostModel model,
                                     LevelPlanner.Choices choices, int maxBins) {
        List<Integer> activations = new ArrayList<>();
        for (int k = 0; k < steps.size(); k++) {
            if (steps.get(k) instanceof HeStep.Activation) {
                activations.add(k);
            }
        }
        double best = Double.POSITIVE_INFINITY;
        int[] assigned = new int[steps.size()];
        while (true) {
            int bins = 0;
            for (int k : activations) {
                bins += choices.bins((HeStep.Activation) steps.get(k), assigned[k]);
            }
            for (int mask = 0; bins <= maxBins && mask < 1 << activations.size(); mask++) {
                boolean[] boot = new boolean[steps.size()];
                for (int i = 0; i < activations.size(); i++) {
                    boot[activations.get(i)] = (mask >> i & 1) == 1;
                }
                best = Math.min(best, programCost(steps, inputLevel, bootstrapLevel, model, choices, assigned, boot));
            }
            int i = 0; // next assignment, as an odometer over the activations' candidates
            while (i < activations.size() && ++assigned[activations.get(i)]
                    == choices.count((HeStep.Activation) steps.get(activations.get(i)))) {
                assigned[activations.get(i++)] = 0;
            }
            if (i == activations.size()) {
                return best;
            }
        }
    }

    /** The program with these candidates and bootstraps, levelled: its cost, infinite when it does not fit. */
    private static double programCost(List<HeStep> steps, int inputLevel, int bootstrapLevel, LevelCostModel model,
                                      LevelPlanner.Choices choices, int[] assigned, boolean[] boot) {
        List<HeStep> placed = new ArrayList<>();
        Map<Integer, Integer> candidateOf = new HashMap<>();
        for (int k = 0; k < steps.size(); k++) {
            HeStep s = steps.get(k);
            if (s instanceof HeStep.Activation a) {
                if (boot[k]) {
                    placed.add(new HeStep.Bootstrap(a.input()));
                }
                candidateOf.put(a.output(), assigned[k]);
                s = new HeStep.Activation(a.input(), a.output(), a.layer(), null, choices.depth(a, assigned[k]), false);
            }
            placed.add(s);
        }
        try {
            BootstrapPlacement.Result r = BootstrapPlacement.levelled(placed, inputLevel, bootstrapLevel);
            double cost = 0;
            for (int k = 0; k < r.steps().size(); k++) {
                HeStep s = r.steps().get(k);
                cost += s instanceof HeStep.Bootstrap ? model.bootstrap(r.stepLevels().get(k))
                        : s instanceof HeStep.Activation a
                        ? choices.cost(a, candidateOf.get(a.output()), r.readLevels().get(k))
                        : model.step(s, r.readLevels().get(k));
            }
            return cost;
        } catch (IllegalArgumentException | IllegalStateException e) {
            return Double.POSITIVE_INFINITY; // some step has too few levels
        }
    }

    private static double lazyCost(List<HeStep> steps, int inputLevel, int bootstrapLevel, LevelCostModel model) {
        try {
            return LevelPlanner.cost(BootstrapPlacement.place(steps, inputLevel, bootstrapLevel), model);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return Double.POSITIVE_INFINITY;
        }
    }

    /** A chain of plain and residual blocks (2 to 7 activations of depth 1 to 3), costs per step in {@code ops}. */
    private static List<HeStep> randomProgram(Random random, Map<Integer, Double> ops) {
        List<HeStep> steps = new ArrayList<>();
        int[] next = {1};
        int cur = linear(steps, 0, next, random, ops);
        int blocks = 2 + random.nextInt(3);
        for (int b = 0; b < blocks; b++) {
            if (random.nextBoolean()) {
                cur = activation(steps, cur, next, random, ops);
                cur = linear(steps, cur, next, random, ops);
            } else {
                int skip = cur;
                int x = activation(steps, cur, next, random, ops);
                x = linear(steps, x, next, random, ops);
                if (random.nextBoolean()) {
                    x = activation(steps, x, next, random, ops);
                    x = linear(steps, x, next, random, ops);
                }
                if (random.nextBoolean()) {
                    skip = linear(steps, skip, next, random, ops);
                }
                int sum = next[0]++;
                steps.add(new HeStep.Add(x, skip, sum));
                cur = sum;
            }
        }
        return steps;
    }

    private static int linear(List<HeStep> steps, int in, int[] next, Random random, Map<Integer, Double> ops) {
        int out = next[0]++;
        steps.add(new HeStep.Linear(in, out, "L" + out, () -> {
            throw new AssertionError("no transform in this test");
        }));
        ops.put(out, 1 + 9 * random.nextDouble());
        return out;
    }

    private static int activation(List<HeStep> steps, int in, int[] next, Random random, Map<Integer, Double> ops) {
        int out = next[0]++;
        steps.add(new HeStep.Activation(in, out, out, null, 1 + random.nextInt(3), false));
        ops.put(out, 1 + 4 * random.nextDouble());
        return out;
    }
}
