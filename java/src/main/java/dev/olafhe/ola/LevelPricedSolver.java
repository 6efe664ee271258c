package dev.olafhe.ola;

/**
 * The level-aware DP with every step priced at the level it runs at: degrees, bootstrap positions and levels chosen
 * jointly, as the runtime will execute them. The runtime keeps a value at exactly the levels the rest of its segment
 * needs (up to the next bootstrap or the output) and bootstraps from the bottom, so the level a layer reads at is the
 * sum of the depths after it in its segment: this DP runs backwards over the layers with that need as its state
 * (layer, bins used by the layers from here on, levels needed at this layer's input). Layer l is its linear steps
 * ({@code linearDepth[l]} levels) followed by its activation; after the last activation the tail's linear steps
 * consume {@code tailLevels}. A bootstrap before layer l (or before the tail) resets the need to 0 (it reads at the
 * bottom level) and allows a segment of at most {@code levelsAfterBootstrap}; the fresh input allows
 * {@code startLevels}; the bootstrap ends at the level the segment needs there and is priced at that end level
 * ({@link Prices#bootstrap}). The solution's {@code bootstrapBefore} has one more entry than there are layers: the tail's.
 * Drops are binned as in {@link DegreeSolver}; with prices that do not depend on the level (and no tail) this is the
 * same optimum as {@link DegreeSolver#solveLevelAware}.
 */
final class LevelPricedSolver {
    private LevelPricedSolver() {
    }

    /** Seconds of each step, given the level its input is at. */
    interface Prices {
        /** The linear steps of layer {@code layer} (or the tail, {@code layer == layers}) reading at {@code read}. */
        double linear(int layer, int read);

        /** Candidate {@code candidate}'s polynomial at layer {@code layer} reading at {@code read}. */
        double activation(int layer, int candidate, int read);

        /**
         * A bootstrap before layer {@code layer} (or the tail, {@code layer == layers}) that ends at {@code endLevel}:
         * the level the rest of its segment needs there (the runtime bootstraps straight to it).
         */
        double bootstrap(int layer, int endLevel);
    }

    /** The level model: levels of a fresh input and after a bootstrap, each layer's linear depth and the tail's. */
    record Levels(int startLevels, int levelsAfterBootstrap, int[] linearDepth, int tailLevels) {
        Levels {
            if (startLevels < 0 || levelsAfterBootstrap < 1 || tailLevels < 0) {
                throw new IllegalArgumentException("invalid level model: start " + startLevels + ", after bootstrap "
                        + levelsAfterBootstrap + ", tail " + tailLevels);
            }
        }
    }

    /**
     * The cheapest assignment within the budget (total cost including the tail), or null when none is feasible.
     * {@code depth[l][d]}: levels of candidate d at layer l; +infinity prices mark candidates not allowed.
     */
    static DegreeSolver.Solution solve(double[][] drop, int[][] depth, Levels levels, Prices prices, double budget,
                                       int bins) {
        int layers = drop.length;
        if (depth.length != layers || levels.linearDepth().length != layers) {
            throw new IllegalArgumentException("level model and depth table must cover all " + layers + " layers");
        }
        if (layers == 0 || !(budget >= 0) || bins < 1) {
            throw new IllegalArgumentException("need layers, a budget >= 0 and bins >= 1");
        }
        double width = budget > 0 ? budget / bins : 1e-300;
        int maxLevels = Math.max(levels.startLevels(), levels.levelsAfterBootstrap());
        if (levels.tailLevels() > maxLevels) {
            return null;
        }
        Table t = new Table(layers, bins, maxLevels);
        double tail = prices.linear(layers, levels.tailLevels());
        t.best[layers][0][levels.tailLevels()] = tail;
        if (levels.tailLevels() > 0 && levels.tailLevels() <= levels.levelsAfterBootstrap()) {
            // a bootstrap before the tail, ending at the tail's read level
            t.relax(layers, 0, 0, tail + prices.bootstrap(layers, levels.tailLevels()), -1, true, 0, 0);
        }
        for (int l = layers - 1; l >= 0; l--) {
            t.addLayer(l, drop[l], depth[l], levels, prices, width);
        }
        return t.optimum(drop, levels.startLevels());
    }

    /** best[l][b][e]: least cost of layers l.. given b bins used by them and e levels needed at layer l's input. */
    private static final class Table extends LevelDpTable {
        Table(int layers, int bins, int maxLevels) {
            super(layers, bins, maxLevels);
        }

        /** Extends every reachable state of layers l+1.. by each candidate of layer l, with and without a bootstrap. */
        void addLayer(int l, double[] drop, int[] depth, Levels levels, Prices prices, double width) {
            int lin = levels.linearDepth()[l];
            for (int b = 0; b <= bins; b++) {
                for (int need = 0; need <= maxLevels; need++) {
                    double after = best[l + 1][b][need];
                    if (after == Double.POSITIVE_INFINITY) {
                        continue;
                    }
                    for (int d = 0; d < drop.length; d++) {
                        int k = DegreeSolver.bin(drop[d], width);
                        int read = lin + depth[d] + need;
                        if (b + k > bins || read > maxLevels) {
                            continue;
                        }
                        double v = after + prices.linear(l, read) + prices.activation(l, d, read - lin);
                        if (v == Double.POSITIVE_INFINITY) {
                            continue;
                        }
                        relax(l, b + k, read, v, d, false, b, need);
                        if (read <= levels.levelsAfterBootstrap()) {
                            relax(l, b + k, 0, v + prices.bootstrap(l, read), d, true, b, need);
                        }
                    }
                }
            }
        }

        /** The cheapest state at the input that the fresh input can serve, traced forward to its choices. */
        DegreeSolver.Solution optimum(double[][] drop, int startLevels) {
            double min = Double.POSITIVE_INFINITY;
            int fb = -1;
            int fe = -1;
            for (int b = 0; b <= bins; b++) {
                for (int e = 0; e <= Math.min(startLevels, maxLevels); e++) {
                    if (best[0][b][e] < min) {
                        min = best[0][b][e];
                        fb = b;
                        fe = e;
                    }
                }
            }
            if (fb < 0) {
                return null;
            }
            int layers = drop.length;
            int[] choice = new int[layers];
            boolean[] boot = new boolean[layers + 1];
            double total = 0;
            int b = fb;
            int e = fe;
            for (int l = 0; l < layers; l++) {
                choice[l] = backD[l][b][e];
                boot[l] = backBoot[l][b][e];
                total += Math.max(0, drop[l][choice[l]]);
                int nb = backB[l][b][e];
                e = backS[l][b][e];
                b = nb;
            }
            boot[layers] = backBoot[layers][b][e];
            return new DegreeSolver.Solution(choice, boot, min, total, fb);
        }
    }
}
