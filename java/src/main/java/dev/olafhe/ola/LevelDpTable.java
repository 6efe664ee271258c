package dev.olafhe.ola;

import java.util.Arrays;

/**
 * The table of the level-aware chain DP ({@link DegreeSolver#solveLevelAware}): the least cost of
 * every state (layer, bins used, levels) and, per state, the back-pointer that reached it: the candidate, whether a
 * bootstrap was placed, and the neighbouring state's bins and levels.
 */
class LevelDpTable {
    final int bins;
    final int maxLevels;
    final double[][][] best;
    final int[][][] backD;
    final boolean[][][] backBoot;
    final int[][][] backB;
    final int[][][] backS;

    LevelDpTable(int layers, int bins, int maxLevels) {
        this.bins = bins;
        this.maxLevels = maxLevels;
        best = new double[layers + 1][bins + 1][maxLevels + 1];
        backD = new int[layers + 1][bins + 1][maxLevels + 1];
        backBoot = new boolean[layers + 1][bins + 1][maxLevels + 1];
        backB = new int[layers + 1][bins + 1][maxLevels + 1];
        backS = new int[layers + 1][bins + 1][maxLevels + 1];
        for (double[][] plane : best) {
            for (double[] row : plane) {
                Arrays.fill(row, Double.POSITIVE_INFINITY);
            }
        }
    }

    /** Keeps {@code v} for state (l, b, s) when it is cheaper, with how it was reached. */
    final void relax(int l, int b, int s, double v, int d, boolean boot, int fromB, int fromS) {
        if (v < best[l][b][s]) {
            best[l][b][s] = v;
            backD[l][b][s] = d;
            backBoot[l][b][s] = boot;
            backB[l][b][s] = fromB;
            backS[l][b][s] = fromS;
        }
    }
}
