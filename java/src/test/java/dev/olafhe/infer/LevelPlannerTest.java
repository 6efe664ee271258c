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
            double brute = bruteForce(steps, inputLevel, bootstrapLevel, model);
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

    private static double lazyCost(List<HeStep> steps, int inputLevel, int bootstrapLevel, LevelCostModel model) {
        try {
            return LevelPlanner.cost(BootstrapPlacement.place(steps, inputLevel, bootstrapLevel), model);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return Double.POSITIVE_INFINITY;
        }
    }

    /** Least cost over all subsets of activations to bootstrap (infinite when none fits). */
    private static double bruteForce(List<HeStep> steps, int inputLevel, int bootstrapLevel, LevelCostModel model) {
        List<Integer> activations = new ArrayList<>();
        for (int k = 0; k < steps.size(); k++) {
            if (steps.get(k) instanceof HeStep.Activation) {
                activations.add(k);
            }
        }
        double best = Double.POSITIVE_INFINITY;
        for (int mask = 0; mask < 1 << activations.size(); mask++) {
            List<HeStep> placed = new ArrayList<>();
            for (int k = 0; k < steps.size(); k++) {
                int index = activations.indexOf(k);
                if (index >= 0 && (mask >> index & 1) == 1) {
                    placed.add(new HeStep.Bootstrap(((HeStep.Activation) steps.get(k)).input()));
                }
                placed.add(steps.get(k));
            }
            try {
                BootstrapPlacement.Result r = BootstrapPlacement.levelled(placed, inputLevel, bootstrapLevel);
                double cost = 0; // each step at its read level, each bootstrap at the level it leaves
                for (int k = 0; k < r.steps().size(); k++) {
                    cost += r.steps().get(k) instanceof HeStep.Bootstrap ? model.bootstrap(r.stepLevels().get(k))
                            : model.step(r.steps().get(k), r.readLevels().get(k));
                }
                best = Math.min(best, cost);
            } catch (IllegalArgumentException | IllegalStateException e) {
                // this subset leaves some step too few levels
            }
        }
        return best;
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
