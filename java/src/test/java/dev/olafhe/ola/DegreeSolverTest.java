package dev.olafhe.ola;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Random;

/** The DP against exhaustive search on random small instances of the same discretised problem. */
class DegreeSolverTest {
    static final int INSTANCES = 300;

    /** A random instance: drops in [-0.002, 0.01] (some negative), costs in [1, 10], some candidates forbidden. */
    record Instance(double[][] drop, double[][] cost, int[][] depth, double budget, int bins,
                    DegreeSolver.Levels levels) {
        static Instance random(Random rnd) {
            int layers = 1 + rnd.nextInt(5);
            double[][] drop = new double[layers][];
            double[][] cost = new double[layers][];
            int[][] depth = new int[layers][];
            for (int l = 0; l < layers; l++) {
                int c = 1 + rnd.nextInt(4);
                drop[l] = new double[c];
                cost[l] = new double[c];
                depth[l] = new int[c];
                for (int d = 0; d < c; d++) {
                    drop[l][d] = -0.002 + 0.012 * rnd.nextDouble();
                    cost[l][d] = rnd.nextInt(8) == 0 ? Double.POSITIVE_INFINITY : 1 + 9 * rnd.nextDouble();
                    depth[l][d] = 1 + rnd.nextInt(6);
                }
            }
            int[] lin = new int[layers];
            double[] boot = new double[layers];
            for (int l = 0; l < layers; l++) {
                lin[l] = rnd.nextInt(3);
                boot[l] = 5 + 20 * rnd.nextDouble();
            }
            int after = 3 + rnd.nextInt(8);
            DegreeSolver.Levels lv = new DegreeSolver.Levels(rnd.nextInt(after + 3), after, lin, boot);
            return new Instance(drop, cost, depth, 0.02 * rnd.nextDouble(), 1 + rnd.nextInt(40), lv);
        }

        int bins(int l, int d) {
            return DegreeSolver.bin(drop[l][d], budget > 0 ? budget / bins : 1e-300);
        }
    }

    /** Exhaustive minimum of the discretised problem over all candidate (and bootstrap) assignments. */
    static double bruteForce(Instance in, boolean levelAware) {
        int layers = in.drop.length;
        double best = Double.POSITIVE_INFINITY;
        int[] choice = new int[layers];
        int boots = levelAware ? 1 << layers : 1;
        while (true) {
            for (int mask = 0; mask < boots; mask++) {
                double cost = 0;
                int used = 0;
                int levels = levelAware ? in.levels.startLevels() : 0;
                boolean ok = true;
                for (int l = 0; l < layers && ok; l++) {
                    used += in.bins(l, choice[l]);
                    cost += in.cost[l][choice[l]];
                    if (levelAware) {
                        if ((mask >> l & 1) == 1) {
                            levels = in.levels.levelsAfterBootstrap();
                            cost += in.levels.bootstrapCost()[l];
                        }
                        levels -= in.levels.linearDepth()[l] + in.depth[l][choice[l]];
                        ok = levels >= 0;
                    }
                }
                if (ok && used <= in.bins && cost < best) {
                    best = cost;
                }
            }
            int l = 0;
            while (l < layers && ++choice[l] == in.drop[l].length) {
                choice[l++] = 0;
            }
            if (l == layers) {
                return best;
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void dpMatchesBruteForceOnRandomInstances(boolean levelAware) {
        Random rnd = new Random(levelAware ? 7 : 3);
        int feasible = 0;
        for (int i = 0; i < INSTANCES; i++) {
            Instance in = Instance.random(rnd);
            double want = bruteForce(in, levelAware);
            DegreeSolver.Solution s = levelAware
                    ? DegreeSolver.solveLevelAware(in.drop, in.cost, in.depth, in.levels, in.budget, in.bins)
                    : DegreeSolver.solve(in.drop, in.cost, in.budget, in.bins);
            if (want == Double.POSITIVE_INFINITY) {
                assertNull(s, "instance " + i + " is infeasible");
                continue;
            }
            feasible++;
            assertNotNull(s, "instance " + i + " is feasible");
            assertEquals(want, s.cost(), 1e-9, "instance " + i);
            // the returned assignment really has the reported cost, fits the budget and (level-aware) the levels
            double cost = 0;
            int used = 0;
            int levels = in.levels.startLevels();
            for (int l = 0; l < in.drop.length; l++) {
                cost += in.cost[l][s.choice()[l]];
                used += in.bins(l, s.choice()[l]);
                if (levelAware) {
                    if (s.bootstrapBefore()[l]) {
                        levels = in.levels.levelsAfterBootstrap();
                        cost += in.levels.bootstrapCost()[l];
                    }
                    levels -= in.levels.linearDepth()[l] + in.depth[l][s.choice()[l]];
                    assertTrue(levels >= 0, "levels exhausted at layer " + l);
                }
            }
            assertEquals(s.cost(), cost, 1e-9);
            assertTrue(used <= in.bins);
            assertTrue(s.predictedDrop() <= in.budget + 1e-12, s.predictedDrop() + " > " + in.budget);
        }
        assertTrue(feasible > INSTANCES / 3, "too few feasible instances to mean anything: " + feasible);
    }

    @Test
    void paretoFrontIsMonotoneAndEndsAtTheBudgetOptimum() {
        Random rnd = new Random(11);
        for (int i = 0; i < 50; i++) {
            Instance in = Instance.random(rnd);
            List<DegreeSolver.Solution> front = DegreeSolver.paretoFront(in.drop, in.cost, in.budget, in.bins);
            DegreeSolver.Solution opt = DegreeSolver.solve(in.drop, in.cost, in.budget, in.bins);
            if (opt == null) {
                assertTrue(front.isEmpty());
                continue;
            }
            for (int k = 1; k < front.size(); k++) {
                assertTrue(front.get(k).cost() < front.get(k - 1).cost());
                assertTrue(front.get(k).binsUsed() > front.get(k - 1).binsUsed());
            }
            assertEquals(opt.cost(), front.get(front.size() - 1).cost(), 1e-12);
        }
    }

    @Test
    void zeroBudgetKeepsOnlyHarmlessCandidates() {
        double[][] drop = {{0.01, 0.0, -0.001}, {0.002, 0.0}};
        double[][] cost = {{1, 5, 7}, {1, 3}};
        DegreeSolver.Solution s = DegreeSolver.solve(drop, cost, 0, 10);
        assertEquals(1, s.choice()[0]);
        assertEquals(1, s.choice()[1]);
        assertEquals(8, s.cost());
    }

    @Test
    void zeroBudgetLevelAwareSkipsHarmfulCandidatesWithoutOverflow() {
        // a positive drop under budget 0 is infinitely many bins: it once overflowed the bin index
        double[][] drop = {{0.01, 0.0}, {0.002, 0.0}};
        double[][] cost = {{1, 5}, {1, 3}};
        int[][] depth = {{2, 4}, {2, 4}};
        DegreeSolver.Levels levels = new DegreeSolver.Levels(8, 8, new int[] {1, 1}, new double[] {10, 10});
        DegreeSolver.Solution s = DegreeSolver.solveLevelAware(drop, cost, depth, levels, 0, 10);
        assertEquals(1, s.choice()[0]);
        assertEquals(1, s.choice()[1]);
    }
}
