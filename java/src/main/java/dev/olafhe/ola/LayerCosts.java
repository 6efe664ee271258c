package dev.olafhe.ola;

import dev.olafhe.approx.Basis;

import java.util.Arrays;
import java.util.List;

/**
 * Step 4: the cost side of one model. A {@link CostTable} prices one ciphertext; this table prices every activation
 * layer at every candidate degree (its ciphertexts times the per-ciphertext time), with each candidate's depth and
 * the levels the linear layers before it consume, and runs the DP on it: level-aware (bootstraps placed explicitly)
 * or with bootstrapping amortised per level, as the planner's options say.
 */
final class LayerCosts {
    private final CostTable costs;
    private final int[] degrees;
    private final boolean levelAware;
    private final int bins;
    private final int[] ciphertexts;
    private final int[] linearDepth;
    /** [l][k]: polynomial seconds of layer l at degrees[k] (all its ciphertexts, no bootstrapping). */
    private final double[][] seconds;
    /** [l][k]: levels layer l's polynomial of degrees[k] consumes. */
    private final int[][] depth;
    /** [l][k]: like {@link #seconds} plus bootstrapping amortised per level consumed (the plain DP's cost). */
    private final double[][] amortised;

    private LayerCosts(CostTable costs, int[] degrees, boolean levelAware, int bins, int[] ciphertexts,
                       int[] linearDepth) {
        this.costs = costs;
        this.degrees = degrees;
        this.levelAware = levelAware;
        this.bins = bins;
        this.ciphertexts = ciphertexts;
        this.linearDepth = linearDepth;
        int layers = ciphertexts.length;
        seconds = new double[layers][degrees.length];
        depth = new int[layers][degrees.length];
        amortised = new double[layers][degrees.length];
        for (int l = 0; l < layers; l++) {
            for (int k = 0; k < degrees.length; k++) {
                seconds[l][k] = ciphertexts[l] * costs.polynomialSeconds(degrees[k], Basis.GENERAL);
                depth[l][k] = costs.depth(degrees[k], Basis.GENERAL);
                amortised[l][k] = ciphertexts[l] * costs.amortisedSeconds(degrees[k], Basis.GENERAL);
            }
        }
    }

    /** The costs of the profiled layers at the candidate degrees; {@code linearDepth[l]} as {@link LinearDepth}. */
    static LayerCosts of(CostTable costs, List<ActivationProfile> profiles, int[] degrees, int[] linearDepth,
                         boolean levelAware, int bins) {
        int[] ciphertexts = profiles.stream().mapToInt(p -> costs.ciphertexts(p.elements())).toArray();
        return new LayerCosts(costs, degrees, levelAware, bins, ciphertexts, linearDepth);
    }

    int layers() {
        return ciphertexts.length;
    }

    int ciphertexts(int layer) {
        return ciphertexts[layer];
    }

    int linearDepth(int layer) {
        return linearDepth[layer];
    }

    int depth(int layer, int k) {
        return depth[layer][k];
    }

    /** Layer l's predicted seconds at degrees[k] as the plan reports it: with its bootstrap, or amortised. */
    double layerSeconds(int layer, int k, boolean bootstrapBefore) {
        return levelAware
                ? seconds[layer][k] + (bootstrapBefore ? ciphertexts[layer] * costs.bootstrapSeconds() : 0)
                : amortised[layer][k];
    }

    /** The DP's optimum for per-layer drops {@code drop[l][k]} within {@code budget}, or null when none fits. */
    DegreeSolver.Solution solve(double[][] drop, double budget) {
        if (levelAware) {
            return DegreeSolver.solveLevelAware(drop, seconds, depth, levels(), budget, bins);
        }
        return DegreeSolver.solve(drop, amortised, budget, bins);
    }

    /** Every layer at {@code degree}, as a fixed solution (see {@link #fixedSolution}). */
    DegreeSolver.Solution uniformSolution(int degree) {
        double[] sec = new double[layers()];
        int[] d = new int[layers()];
        Arrays.fill(sec, costs.polynomialSeconds(degree, Basis.GENERAL));
        Arrays.fill(d, costs.depth(degree, Basis.GENERAL));
        return fixedSolution(sec, d);
    }

    /**
     * A fixed assignment as a solution (choice 0 everywhere): with level-aware costs its cheapest bootstrap
     * placement, else the amortised cost and no placement; null when some layer cannot fit after a bootstrap.
     */
    DegreeSolver.Solution fixedSolution(double[] secondsPerCiphertext, int[] depthPerLayer) {
        int layers = layers();
        double[][] drop = new double[layers][1];
        double[][] sec = new double[layers][1];
        int[][] d = new int[layers][1];
        double total = 0;
        for (int l = 0; l < layers; l++) {
            sec[l][0] = ciphertexts[l] * secondsPerCiphertext[l];
            d[l][0] = depthPerLayer[l];
            total += sec[l][0] + ciphertexts[l] * costs.bootstrapSeconds() * depthPerLayer[l]
                    / (double) costs.levelsAfterBootstrap();
        }
        if (!levelAware) {
            return new DegreeSolver.Solution(new int[layers], new boolean[layers], total, 0, 0);
        }
        return DegreeSolver.solveLevelAware(drop, sec, d, levels(), 0, 1);
    }

    /** {seconds, bootstraps} of a fixed solution (bootstraps NaN without level-aware costs; infinite if null). */
    double[] costAndBootstraps(DegreeSolver.Solution s) {
        if (s == null) {
            return new double[] {Double.POSITIVE_INFINITY, Double.NaN};
        }
        if (!levelAware) {
            return new double[] {s.cost(), Double.NaN};
        }
        int boots = 0;
        for (boolean b : s.bootstrapBefore()) {
            boots += b ? 1 : 0;
        }
        return new double[] {s.cost(), boots};
    }

    /** The DP's level model: fresh ciphertexts start as after a bootstrap; a bootstrap costs per ciphertext. */
    private DegreeSolver.Levels levels() {
        double[] boot = new double[layers()];
        for (int l = 0; l < layers(); l++) {
            boot[l] = ciphertexts[l] * costs.bootstrapSeconds();
        }
        return new DegreeSolver.Levels(costs.levelsAfterBootstrap(), costs.levelsAfterBootstrap(), linearDepth, boot);
    }

    /** The degree of candidate k. */
    int degree(int k) {
        return degrees[k];
    }

    /** Candidate indices to degrees. */
    int[] degreesOf(int[] choice) {
        return Arrays.stream(choice).map(k -> degrees[k]).toArray();
    }

    CostTable costTable() {
        return costs;
    }
}
