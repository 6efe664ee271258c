package dev.olafhe.ola;

import dev.olafhe.approx.Basis;
import dev.olafhe.plan.LevelPrices;
import dev.olafhe.plan.Plan;

import java.util.Arrays;
import java.util.List;

/**
 * Step 4: the cost side of one model. A {@link CostTable} prices one ciphertext; this table prices every activation
 * layer at every candidate degree (its ciphertexts times the per-ciphertext time), with each candidate's depth and
 * the levels the linear layers before it consume, and runs the DP on it: level-aware (bootstraps placed explicitly)
 * or with bootstrapping amortised per level, as the planner's options say. With {@link LevelPrices} (measured
 * per-level costs) the DP is {@link LevelPrices#cheapest}: the runtime's own, over the compiled program's value graph,
 * every step priced at the level the runtime runs it at, linear layers included; the cost table then only counts
 * ciphertexts.
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
    /** Measured per-level prices, or null (the cost table prices, level-independent). */
    private final LevelPrices prices;

    private LayerCosts(CostTable costs, int[] degrees, boolean levelAware, int bins, int[] ciphertexts,
                       int[] linearDepth, LevelPrices prices) {
        if (prices != null && !levelAware) {
            throw new IllegalArgumentException("measured level costs price a level-aware plan; bootstrapping cannot be"
                    + " amortised with them");
        }
        this.prices = prices;
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
        return of(costs, profiles, degrees, linearDepth, levelAware, bins, null);
    }

    /**
     * As above, priced by {@code prices} when not null (level-aware only): the DP then runs over the compiled program's
     * steps and levels, the steps after the last activation charged too ({@code linearDepth} is only reported).
     */
    static LayerCosts of(CostTable costs, List<ActivationProfile> profiles, int[] degrees, int[] linearDepth,
                         boolean levelAware, int bins, LevelPrices prices) {
        int[] ciphertexts = profiles.stream().mapToInt(p -> costs.ciphertexts(p.elements())).toArray();
        return new LayerCosts(costs, degrees, levelAware, bins, ciphertexts, linearDepth, prices);
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

    /**
     * Layer l's predicted seconds in solution {@code s} as the plan reports it: its polynomial with its bootstrap, or
     * amortised; with measured level prices also its linear steps, at the levels the solution runs them at.
     */
    double layerSeconds(DegreeSolver.Solution s, int layer) {
        int k = s.choice()[layer];
        boolean boot = s.bootstrapBefore()[layer];
        if (s.layerSeconds() != null) {
            return s.layerSeconds()[layer];
        }
        return levelAware
                ? seconds[layer][k] + (boot ? ciphertexts[layer] * costs.bootstrapSeconds() : 0)
                : amortised[layer][k];
    }

    /** The DP's optimum for per-layer drops {@code drop[l][k]} within {@code budget}, or null when none fits. */
    DegreeSolver.Solution solve(double[][] drop, double budget) {
        if (prices != null) {
            double width = DegreeSolver.binWidth(budget, bins);
            return cheapest(drop, depth, (l, k, read) -> activationSeconds(l, degrees[k], read),
                    (l, k) -> DegreeSolver.bin(drop[l][k], width), bins);
        }
        if (levelAware) {
            return DegreeSolver.solveLevelAware(drop, seconds, depth, levels(), budget, bins);
        }
        return DegreeSolver.solve(drop, amortised, budget, bins);
    }

    /** Every layer at {@code degree}, as a fixed solution (see {@link #fixedSolution}). */
    DegreeSolver.Solution uniformSolution(int degree) {
        double flat = costs.polynomialSeconds(degree, Basis.GENERAL);
        return fixedSolution(costs.depth(degree, Basis.GENERAL), (l, read) -> prices == null ? flat
                : prices.polynomialSeconds(degree, false, read));
    }

    /** Every layer the composite ReLU x·(1 + sign(x))/2 with odd sign stages of these degrees, as a fixed solution. */
    DegreeSolver.Solution compositeSolution(int[] stageDegrees) {
        double[] c = costs.compositeRelu(stageDegrees);
        return fixedSolution((int) c[1], (l, read) -> prices == null ? c[0] : compositeSeconds(stageDegrees, read));
    }

    private double compositeSeconds(int[] stageDegrees, int read) {
        double t = 0;
        int level = read;
        for (int d : stageDegrees) {
            t += prices.polynomialSeconds(d, true, level);
            level -= costs.depth(d, Basis.ODD);
        }
        return t + prices.multiplicationSeconds(level);
    }

    /** Seconds of one ciphertext's polynomial ({@code read} ignored without level prices). */
    private interface PerCiphertext {
        double seconds(int layer, int read);
    }

    /** The polynomial of {@code degree} at layer l on all its ciphertexts, priced at {@code read}. */
    private double activationSeconds(int layer, int degree, int read) {
        return ciphertexts[layer] * prices.polynomialSeconds(degree, false, read);
    }

    /**
     * A fixed assignment of {@code depthPerLayer} levels per layer as a solution (choice 0 everywhere): with
     * level-aware costs its cheapest bootstrap placement, else the amortised cost and no placement; null when some
     * layer cannot fit after a bootstrap.
     */
    private DegreeSolver.Solution fixedSolution(int depthPerLayer, PerCiphertext price) {
        int layers = layers();
        double[][] drop = new double[layers][1];
        int[][] d = new int[layers][1];
        for (int[] row : d) {
            row[0] = depthPerLayer;
        }
        if (prices != null) { // priced at each read level: the level-independent seconds below are not needed
            return cheapest(drop, d, (l, k, read) -> ciphertexts[l] * price.seconds(l, read), (l, k) -> 0, 0);
        }
        double[][] sec = new double[layers][1];
        double total = 0;
        for (int l = 0; l < layers; l++) {
            sec[l][0] = ciphertexts[l] * price.seconds(l, -1);
            total += sec[l][0] + ciphertexts[l] * costs.bootstrapSeconds() * depthPerLayer
                    / (double) costs.levelsAfterBootstrap();
        }
        if (!levelAware) {
            return new DegreeSolver.Solution(new int[layers], new boolean[layers], total, 0, 0, null);
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

    /**
     * The runtime's cheapest program ({@link LevelPrices#cheapest}) with candidate k of layer l of {@code depth[l][k]}
     * levels, priced by {@code activation} (all ciphertexts) and using {@code bins} of at most {@code maxBins}; null
     * when nothing fits.
     */
    private DegreeSolver.Solution cheapest(double[][] drop, int[][] depth, CandidatePrice activation, CandidateBins bins,
                                           int maxBins) {
        LevelPrices.Cheapest c = prices.cheapest(new LevelPrices.Candidates() {
            @Override
            public int count(int layer) {
                return depth[layer].length;
            }

            @Override
            public int depth(int layer, int k) {
                return depth[layer][k];
            }

            @Override
            public int bins(int layer, int k) {
                return bins.of(layer, k);
            }

            @Override
            public double seconds(int layer, int k, int readLevel) {
                return activation.seconds(layer, k, readLevel);
            }
        }, maxBins);
        if (c == null) {
            return null;
        }
        double total = 0;
        for (int l = 0; l < drop.length; l++) {
            total += Math.max(0, drop[l][c.choice()[l]]);
        }
        return new DegreeSolver.Solution(c.choice(), c.bootstrapBefore(), c.seconds(), total, c.bins(),
                c.layerSeconds());
    }

    private interface CandidatePrice {
        double seconds(int layer, int candidate, int read);
    }

    private interface CandidateBins {
        int of(int layer, int candidate);
    }

    /** How the plan records its cost model: the measured level prices when given, else the cost table. */
    Plan.CostModel costModel() {
        return prices != null
                ? new Plan.CostModel(prices.description(), costs.slots(),
                prices.bootstrapSeconds(prices.levelsAfterBootstrap()),
                prices.levelsAfterBootstrap())
                : new Plan.CostModel(costs.description(), costs.slots(), costs.bootstrapSeconds(),
                costs.levelsAfterBootstrap());
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
