package dev.olafhe.ola;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.Random;

/** The level-priced DP against exhaustive search, and against the level-aware DP where prices ignore the level. */
class LevelPricedSolverTest {
    /**
     * Level-dependent prices: each step's price grows with its read level at a random rate, some bootstraps dearer, and
     * each bootstrap's price grows with its end level at a random rate (SlotToCoeff at more limbs).
     */
    record RandomPrices(double[] linearRate, double[][] activationRate, double[] bootstrapRate,
                        DegreeSolverTest.Instance in) implements LevelPricedSolver.Prices {
        static RandomPrices of(DegreeSolverTest.Instance in, Random rnd) {
            int layers = in.drop().length;
            double[] lin = new double[layers + 1];
            double[][] act = new double[layers][];
            double[] boot = new double[layers + 1];
            for (int l = 0; l <= layers; l++) {
                lin[l] = rnd.nextDouble();
                boot[l] = 3 * rnd.nextDouble();
                if (l < layers) {
                    act[l] = new double[in.drop()[l].length];
                    for (int d = 0; d < act[l].length; d++) {
                        act[l][d] = rnd.nextDouble();
                    }
                }
            }
            return new RandomPrices(lin, act, boot, in);
        }

        @Override
        public double linear(int layer, int read) {
            return linearRate[layer] * (1 + read);
        }

        @Override
        public double activation(int layer, int candidate, int read) {
            return in.cost()[layer][candidate] * (1 + activationRate[layer][candidate] * read);
        }

        @Override
        public double bootstrap(int layer, int endLevel) {
            return (layer < in.drop().length ? in.levels().bootstrapCost()[layer] : 7) + bootstrapRate[layer] * endLevel;
        }
    }

    static LevelPricedSolver.Levels levels(DegreeSolverTest.Instance in, int tail) {
        DegreeSolver.Levels lv = in.levels();
        return new LevelPricedSolver.Levels(lv.startLevels(), lv.levelsAfterBootstrap(), lv.linearDepth(), tail);
    }

    /**
     * The cost of an assignment with bootstraps before the layers in {@code mask}, every value kept at the levels the
     * rest of its segment needs; +infinity when a segment does not fit.
     */
    static double cost(DegreeSolverTest.Instance in, LevelPricedSolver.Levels lv, LevelPricedSolver.Prices p,
                       int[] choice, int mask) {
        int layers = choice.length;
        double cost = p.linear(layers, lv.tailLevels());
        int need = lv.tailLevels();
        if ((mask >> layers & 1) == 1) { // a bootstrap before the tail
            if (need > lv.levelsAfterBootstrap()) {
                return Double.POSITIVE_INFINITY;
            }
            cost += p.bootstrap(layers, need); // it ends at the level the tail reads at
            need = 0;
        }
        for (int l = layers - 1; l >= 0; l--) {
            int read = lv.linearDepth()[l] + in.depth()[l][choice[l]] + need;
            cost += p.linear(l, read) + p.activation(l, choice[l], read - lv.linearDepth()[l]);
            boolean boot = (mask >> l & 1) == 1;
            if (boot && read > lv.levelsAfterBootstrap()) {
                return Double.POSITIVE_INFINITY;
            }
            cost += boot ? p.bootstrap(l, read) : 0; // it ends at the level layer l reads at
            need = boot ? 0 : read;
        }
        return need <= lv.startLevels() ? cost : Double.POSITIVE_INFINITY;
    }

    static double bruteForce(DegreeSolverTest.Instance in, LevelPricedSolver.Levels lv, LevelPricedSolver.Prices p) {
        int layers = in.drop().length;
        double best = Double.POSITIVE_INFINITY;
        int[] choice = new int[layers];
        while (true) {
            int used = 0;
            for (int l = 0; l < layers; l++) {
                used += in.bins(l, choice[l]);
            }
            for (int mask = 0; used <= in.bins() && mask < 2 << layers; mask++) {
                best = Math.min(best, cost(in, lv, p, choice, mask));
            }
            int l = 0;
            while (l < layers && ++choice[l] == in.drop()[l].length) {
                choice[l++] = 0;
            }
            if (l == layers) {
                return best;
            }
        }
    }

    @Test
    void matchesBruteForceWithLevelDependentPrices() {
        Random rnd = new Random(19);
        int feasible = 0;
        for (int i = 0; i < DegreeSolverTest.INSTANCES; i++) {
            DegreeSolverTest.Instance in = DegreeSolverTest.Instance.random(rnd);
            LevelPricedSolver.Levels lv = levels(in, rnd.nextInt(4));
            RandomPrices p = RandomPrices.of(in, rnd);
            double want = bruteForce(in, lv, p);
            DegreeSolver.Solution s = LevelPricedSolver.solve(in.drop(), in.depth(), lv, p, in.budget(), in.bins());
            if (want == Double.POSITIVE_INFINITY) {
                assertNull(s, "instance " + i + " is infeasible");
                continue;
            }
            feasible++;
            assertNotNull(s, "instance " + i + " is feasible");
            assertEquals(want, s.cost(), 1e-9 * want, "instance " + i);
            // the returned assignment and bootstraps really cost that, fit the levels and the budget
            int mask = 0;
            int used = 0;
            for (int l = 0; l <= s.choice().length; l++) {
                mask |= s.bootstrapBefore()[l] ? 1 << l : 0;
            }
            for (int l = 0; l < s.choice().length; l++) {
                used += in.bins(l, s.choice()[l]);
            }
            assertEquals(s.cost(), cost(in, lv, p, s.choice(), mask), 1e-9 * want, "instance " + i);
            assertEquals(used, s.binsUsed(), "instance " + i);
            assertTrue(used <= in.bins() && s.predictedDrop() <= in.budget() + 1e-12, "instance " + i);
        }
        assertTrue(feasible > DegreeSolverTest.INSTANCES / 3, "too few feasible instances to mean anything: " + feasible);
    }

    @Test
    void levelIndependentPricesGiveTheLevelAwareOptimum() {
        Random rnd = new Random(23);
        for (int i = 0; i < DegreeSolverTest.INSTANCES; i++) {
            DegreeSolverTest.Instance in = DegreeSolverTest.Instance.random(rnd);
            LevelPricedSolver.Prices flat = new LevelPricedSolver.Prices() {
                @Override
                public double linear(int layer, int read) {
                    return 0;
                }

                @Override
                public double activation(int layer, int candidate, int read) {
                    return in.cost()[layer][candidate];
                }

                @Override
                public double bootstrap(int layer, int endLevel) {
                    return in.levels().bootstrapCost()[layer];
                }
            };
            DegreeSolver.Solution priced = LevelPricedSolver.solve(in.drop(), in.depth(), levels(in, 0), flat,
                    in.budget(), in.bins());
            DegreeSolver.Solution aware = DegreeSolver.solveLevelAware(in.drop(), in.cost(), in.depth(), in.levels(),
                    in.budget(), in.bins());
            assertEquals(aware == null, priced == null, "instance " + i);
            if (aware != null) {
                assertEquals(aware.cost(), priced.cost(), 1e-9 * aware.cost(), "instance " + i);
            }
        }
    }

    @Test
    void lowerLevelsMakeTheSameDegreesCheaper() {
        // two layers of depth 2 after a bootstrap that leaves 6 levels: reading at 4 then 2 costs 4 + 2, not 6 + 4
        double[][] drop = {{0}, {0}};
        int[][] depth = {{2}, {2}};
        LevelPricedSolver.Levels lv = new LevelPricedSolver.Levels(0, 6, new int[] {0, 0}, 0);
        LevelPricedSolver.Prices byLevel = new LevelPricedSolver.Prices() {
            @Override
            public double linear(int layer, int read) {
                return 0;
            }

            @Override
            public double activation(int layer, int candidate, int read) {
                return read;
            }

            @Override
            public double bootstrap(int layer, int endLevel) {
                return 100;
            }
        };
        DegreeSolver.Solution s = LevelPricedSolver.solve(drop, depth, lv, byLevel, 0.01, 10);
        assertArrayEquals(new boolean[] {true, false, false}, s.bootstrapBefore());
        assertEquals(100 + 4 + 2, s.cost(), 1e-12);
    }

    @Test
    void aBootstrapIsChargedAtTheLevelItEndsAt() {
        // as above, the bootstrap before layer 0 ends at 4 (what the two layers need), not at the 6 it could leave
        double[][] drop = {{0}, {0}};
        int[][] depth = {{2}, {2}};
        LevelPricedSolver.Levels lv = new LevelPricedSolver.Levels(0, 6, new int[] {0, 0}, 0);
        java.util.List<int[]> charged = new java.util.ArrayList<>();
        LevelPricedSolver.Prices byEndLevel = new LevelPricedSolver.Prices() {
            @Override
            public double linear(int layer, int read) {
                return 0;
            }

            @Override
            public double activation(int layer, int candidate, int read) {
                return read;
            }

            @Override
            public double bootstrap(int layer, int endLevel) {
                charged.add(new int[] {layer, endLevel});
                return 100 + 10 * endLevel;
            }
        };
        DegreeSolver.Solution s = LevelPricedSolver.solve(drop, depth, lv, byEndLevel, 0.01, 10);
        assertArrayEquals(new boolean[] {true, false, false}, s.bootstrapBefore());
        assertEquals(100 + 10 * 4 + 4 + 2, s.cost(), 1e-12);
        assertTrue(charged.stream().allMatch(c -> c[1] <= 6), "no bootstrap is priced above what it can leave");
    }
}
