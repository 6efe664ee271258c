package dev.olafhe.ola;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Chooses one candidate per activation layer to minimise the predicted HE time subject to the predicted accuracy
 * drop staying within the budget: a multiple-choice knapsack solved exactly by dynamic programming after
 * discretising the budget into {@code bins} equal bins. Each candidate's drop is rounded UP to whole bins, so a
 * plan the DP accepts never exceeds the budget in the (additive) prediction. Costs may be +infinity (candidate
 * not allowed). Drops below zero (a polynomial that happened to help on the validation split) count as zero.
 *
 * <p>Two variants: {@link #solve} charges each layer its own cost (bootstrapping amortised in the cost), and
 * {@link #solveLevelAware} carries the levels left as DP state and charges a bootstrap whenever a layer's linear
 * part plus its polynomial would run out of levels (or earlier, when that is cheaper), choosing degrees and
 * bootstrap placement together.
 */
public final class DegreeSolver {
    private DegreeSolver() {
    }

    /**
     * A chosen assignment: candidate index per layer, where to bootstrap, and the predicted totals; with measured level
     * prices also each layer's seconds as the runtime's program groups them ({@code layerSeconds}, else null).
     */
    public record Solution(int[] choice, boolean[] bootstrapBefore, double cost, double predictedDrop, int binsUsed,
                           double[] layerSeconds) {
    }

    /**
     * The level budget of the level-aware DP. A fresh ciphertext has {@code startLevels}; a bootstrap leaves
     * {@code levelsAfterBootstrap}; before activation l its linear layers consume {@code linearDepth[l]} levels;
     * a bootstrap before layer l costs {@code bootstrapCost[l]} (e.g. times the number of ciphertexts there).
     */
    public record Levels(int startLevels, int levelsAfterBootstrap, int[] linearDepth, double[] bootstrapCost) {
        public Levels {
            if (startLevels < 0 || levelsAfterBootstrap < 1 || linearDepth.length != bootstrapCost.length) {
                throw new IllegalArgumentException("invalid level model");
            }
        }
    }

    /** The drop one bin stands for: the budget in {@code bins} equal parts (a budget of 0 admits only drops <= 0). */
    static double binWidth(double budget, int bins) {
        return budget > 0 ? budget / bins : 1e-300;
    }

    static int bin(double drop, double binWidth) {
        if (!(drop > 0)) {
            return 0;
        }
        double q = drop / binWidth;
        // tolerate floating-point noise so that a drop of exactly k bins is k, not k + 1; a drop beyond any budget
        // (budget 0 gives q = infinity) is capped so that callers' b + k cannot overflow into a negative index
        return (int) Math.min(Math.ceil(q - 1e-9), Integer.MAX_VALUE / 2);
    }

    private static void check(double[][] drop, double[][] cost, double budget, int bins) {
        if (drop.length != cost.length || drop.length == 0) {
            throw new IllegalArgumentException("drop and cost tables need the same, non-zero number of layers");
        }
        for (int l = 0; l < drop.length; l++) {
            if (drop[l].length != cost[l].length || drop[l].length == 0) {
                throw new IllegalArgumentException("layer " + l + ": drop and cost need the same candidates");
            }
        }
        if (!(budget >= 0) || bins < 1) {
            throw new IllegalArgumentException("budget must be >= 0 and bins >= 1, got " + budget + ", " + bins);
        }
    }

    /** Optimum of the discretised problem, or null when no assignment fits the budget. */
    public static Solution solve(double[][] drop, double[][] cost, double budget, int bins) {
        return solveAll(drop, cost, budget, bins)[bins];
    }

    /**
     * The whole front: element b is the optimum with the drop limited to b bins (null if infeasible). One DP
     * gives all of them.
     */
    public static Solution[] solveAll(double[][] drop, double[][] cost, double budget, int bins) {
        check(drop, cost, budget, bins);
        int layers = drop.length;
        double width = binWidth(budget, bins);
        double[][] best = new double[layers + 1][bins + 1];
        int[][] arg = new int[layers + 1][bins + 1];
        for (int l = 1; l <= layers; l++) {
            Arrays.fill(best[l], Double.POSITIVE_INFINITY);
            for (int b = 0; b <= bins; b++) {
                for (int d = 0; d < drop[l - 1].length; d++) {
                    int k = bin(drop[l - 1][d], width);
                    if (k > b) {
                        continue;
                    }
                    double v = best[l - 1][b - k] + cost[l - 1][d];
                    if (v < best[l][b]) {
                        best[l][b] = v;
                        arg[l][b] = d;
                    }
                }
            }
        }
        Solution[] out = new Solution[bins + 1];
        for (int b = 0; b <= bins; b++) {
            if (best[layers][b] == Double.POSITIVE_INFINITY) {
                continue;
            }
            int[] choice = new int[layers];
            int r = b;
            double total = 0;
            for (int l = layers; l >= 1; l--) {
                int d = arg[l][r];
                choice[l - 1] = d;
                total += Math.max(0, drop[l - 1][d]);
                r -= bin(drop[l - 1][d], width);
            }
            out[b] = new Solution(choice, new boolean[layers], best[layers][b], total, b - r, null);
        }
        return out;
    }

    /** Pareto-optimal (predicted drop, cost) points for budgets up to {@code maxBudget}: cost strictly falls. */
    public static List<Solution> paretoFront(double[][] drop, double[][] cost, double maxBudget, int bins) {
        Solution[] all = solveAll(drop, cost, maxBudget, bins);
        List<Solution> front = new ArrayList<>();
        for (Solution s : all) {
            if (s != null && (front.isEmpty() || s.cost() < front.get(front.size() - 1).cost())) {
                front.add(s);
            }
        }
        return front;
    }

    /**
     * Level-aware optimum: {@code depth[l][d]} levels for candidate d at layer l; state = (layer, bins used,
     * levels left). Before each layer the plan may bootstrap (cost {@code levels.bootstrapCost[l]}, levels reset
     * to levelsAfterBootstrap); it must when the layer's linear depth plus polynomial depth exceed the levels left.
     * Null when infeasible (also when a candidate deeper than a fresh bootstrap allows is the only option).
     */
    public static Solution solveLevelAware(double[][] drop, double[][] cost, int[][] depth, Levels levels,
                                           double budget, int bins) {
        check(drop, cost, budget, bins);
        int layers = drop.length;
        if (levels.linearDepth().length != layers || depth.length != layers) {
            throw new IllegalArgumentException("level model and depth table must cover all " + layers + " layers");
        }
        double width = binWidth(budget, bins);
        LevelTable table = new LevelTable(layers, bins, Math.max(levels.startLevels(), levels.levelsAfterBootstrap()));
        table.best[0][0][levels.startLevels()] = 0;
        for (int l = 0; l < layers; l++) {
            table.addLayer(l, drop[l], cost[l], depth[l], levels, width);
        }
        return table.optimum(drop);
    }

    /** The level-aware DP's table, extended forwards (layers done, bins used, levels left). */
    private static final class LevelTable extends LevelDpTable {
        LevelTable(int layers, int bins, int maxLevels) {
            super(layers, bins, maxLevels);
        }

        /** Extends every reachable state after l layers by each candidate of layer l, with and without a bootstrap. */
        void addLayer(int l, double[] drop, double[] cost, int[] depth, Levels levels, double width) {
            int lin = levels.linearDepth()[l];
            for (int b = 0; b <= bins; b++) {
                for (int s = 0; s <= maxLevels; s++) {
                    double here = best[l][b][s];
                    if (here == Double.POSITIVE_INFINITY) {
                        continue;
                    }
                    for (int d = 0; d < drop.length; d++) {
                        int k = bin(drop[d], width);
                        if (b + k > bins || cost[d] == Double.POSITIVE_INFINITY) {
                            continue;
                        }
                        for (int boot = 0; boot <= 1; boot++) {
                            int avail = boot == 1 ? levels.levelsAfterBootstrap() : s;
                            int left = avail - lin - depth[d];
                            if (left >= 0) {
                                double v = here + cost[d] + (boot == 1 ? levels.bootstrapCost()[l] : 0);
                                relax(l + 1, b + k, left, v, d, boot == 1, b, s);
                            }
                        }
                    }
                }
            }
        }

        /** The cheapest final state, traced back to its choices; null when no state after the last layer is reachable. */
        Solution optimum(double[][] drop) {
            int layers = drop.length;
            double min = Double.POSITIVE_INFINITY;
            int fb = -1;
            int fs = -1;
            for (int b = 0; b <= bins; b++) {
                for (int s = 0; s <= maxLevels; s++) {
                    if (best[layers][b][s] < min) {
                        min = best[layers][b][s];
                        fb = b;
                        fs = s;
                    }
                }
            }
            if (fb < 0) {
                return null;
            }
            int[] choice = new int[layers];
            boolean[] boot = new boolean[layers];
            double total = 0;
            int b = fb;
            int s = fs;
            for (int l = layers; l >= 1; l--) {
                choice[l - 1] = backD[l][b][s];
                boot[l - 1] = backBoot[l][b][s];
                total += Math.max(0, drop[l - 1][choice[l - 1]]);
                int pb = backB[l][b][s];
                int ps = backS[l][b][s];
                b = pb;
                s = ps;
            }
            return new Solution(choice, boot, min, total, fb, null);
        }
    }
}
