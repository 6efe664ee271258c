package dev.olafhe.ola;

import dev.olafhe.approx.Basis;
import dev.olafhe.approx.CompositeSign;
import dev.olafhe.nn.ActivationKind;
import dev.olafhe.nn.Executor;
import dev.olafhe.nn.Hooks;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.data.DataSpec;
import dev.olafhe.nn.data.Dataset;
import dev.olafhe.nn.onnx.OnnxImporter;
import dev.olafhe.plan.Plan;
import dev.olafhe.plan.PlanFile;
import dev.olafhe.util.Progress;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * The whole OLA pipeline for one model: profile (calibration split) -> candidate polynomials -> impact table
 * (validation split) -> cost table -> DP -> verification of the full plan on the validation split (re-solving with
 * a tighter budget when the measured drop misses the budget) -> uniform baselines and the Pareto front -> a
 * {@link Plan}. The test split, when requested, is only evaluated for the report, never used to decide anything.
 */
public final class Planner {
    /** Bisection steps on the proxy scale after a re-planned plan met the budget. */
    static final int REFINE_ROUNDS = 3;
    /** Budget multiples at which the accuracy/time front is sampled. */
    static final double[] FRONT_MULTIPLES = {0, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4, 6, 8, 12, 16};

    private final PlannerOptions o;
    private final CostTable costs;
    private Executor ex;
    private Dataset validation;
    private Dataset test;
    private int[] cts;
    private int[] lin;

    private Planner(PlannerOptions o, CostTable costs) {
        this.o = o;
        this.costs = costs;
    }

    public static Plan plan(PlannerOptions o, CostTable costs, Map<String, Object> provenance) throws IOException {
        return new Planner(o, costs).run(provenance);
    }

    private Plan run(Map<String, Object> provenanceIn) throws IOException {
        long t0 = System.nanoTime();
        Network net = OnnxImporter.load(o.model());
        Dataset train = DataSpec.resolve(o.data(), "train", o.seed(), o.calibrationImages(), o.validationImages());
        Dataset.Split split = train.split(o.seed(), o.calibrationImages(), o.validationImages());
        validation = split.validation();
        test = o.testImages() > 0
                ? DataSpec.resolve(o.data(), "test", o.seed(), 0, 0).head(o.testImages()) : null;
        int layers = net.numActivations();
        int[] degrees = o.degrees();
        lin = LinearDepth.beforeActivations(net);
        try (Executor executor = new Executor(net, o.threads())) {
            ex = executor;
            Map<String, Double> phases = new LinkedHashMap<>();
            phases.put("load", seconds(t0));
            long tp = System.nanoTime();
            List<ActivationProfile> profiles = Profiler.profile(ex, split.calibration(), o.batch(),
                    o.histogramBins(), o.intervalMargin());
            Candidate[][] cands = CandidateFitter.fit(profiles, degrees, o.weight(), o.scaleR(), o.floor());
            phases.put("profile_and_fit", seconds(tp));
            tp = System.nanoTime();
            ImpactTable impact = ImpactTable.measure(ex, validation, profiles, cands, degrees);
            phases.put("impact_table", seconds(tp));
            tp = System.nanoTime();

            cts = new int[layers];
            double[][] sec = new double[layers][degrees.length];
            int[][] depth = new int[layers][degrees.length];
            for (int l = 0; l < layers; l++) {
                cts[l] = costs.ciphertexts(profiles.get(l).elements());
                for (int k = 0; k < degrees.length; k++) {
                    sec[l][k] = cts[l] * costs.polynomialSeconds(degrees[k], Basis.GENERAL);
                    depth[l][k] = costs.depth(degrees[k], Basis.GENERAL);
                }
            }
            double[][] drop = impact.top1Drop();

            // solve, verify on the validation split; while the measured drop misses the budget, recalibrate the
            // accuracy proxy (top-1 drops of single layers are quantised and miss interactions; the logit MSE,
            // scaled so that the failed plan predicts what was measured, bounds them from below) and re-solve
            List<Plan.Attempt> attempts = new ArrayList<>();
            DegreeSolver.Solution chosen = null;
            double chosenMeasured = Double.NaN;
            double chosenScale = 0;
            double chosenBudget = o.budget();
            double dpBudget = o.budget();
            double mseScale = 0;
            double failedScale = -1;
            for (int round = 0; round <= o.maxReplans(); round++) {
                DegreeSolver.Solution s = solve(proxy(drop, impact.logitMse(), mseScale), sec, depth, dpBudget);
                if (s == null) {
                    if (round == 0) {
                        double best = 0;
                        for (double[] row : drop) {
                            best += Math.max(0, Arrays.stream(row).min().orElse(0));
                        }
                        throw new IllegalStateException("no assignment of the degrees " + Arrays.toString(degrees)
                                + " is predicted to stay within a top-1 drop of " + pct(o.budget())
                                + " (the most accurate one is predicted to drop " + pct(best) + " on "
                                + validation.size() + " validation images); raise --budget or add higher --degrees");
                    }
                    break;
                }
                double measured = verify(cands, s, attempts, dpBudget, mseScale, impact.exactAccuracy());
                if (chosen == null || measured < chosenMeasured || measured <= o.budget() + 1e-12) {
                    chosen = s; // the first plan within budget, else the one that missed it least
                    chosenMeasured = measured;
                    chosenScale = mseScale;
                    chosenBudget = dpBudget;
                }
                if (measured <= o.budget() + 1e-12) {
                    break;
                }
                failedScale = mseScale;
                double mseSum = 0;
                for (int l = 0; l < layers; l++) {
                    mseSum += impact.logitMse()[l][s.choice()[l]];
                }
                if (mseSum > 0 && Double.isFinite(mseSum)) {
                    mseScale = Math.max(mseScale, measured / mseSum);
                }
                dpBudget *= 0.9;
            }
            // the recalibrated proxy may be more cautious than needed: bisect its scale between the last one that
            // missed and the one that met the budget, keeping any verified plan that is cheaper and still within it
            boolean met = chosenMeasured <= o.budget() + 1e-12;
            double okScale = chosenScale;
            for (int r = 0; met && failedScale >= 0 && r < REFINE_ROUNDS; r++) {
                double scale = failedScale == 0 ? okScale / 4 : Math.sqrt(failedScale * okScale);
                DegreeSolver.Solution s = solve(proxy(drop, impact.logitMse(), scale), sec, depth, chosenBudget);
                if (s == null || s.cost() >= chosen.cost()) {
                    failedScale = scale; // nothing cheaper under this proxy: move towards it anyway
                    continue;
                }
                double measured = verify(cands, s, attempts, chosenBudget, scale, impact.exactAccuracy());
                if (measured <= o.budget() + 1e-12) {
                    chosen = s;
                    chosenMeasured = measured;
                    chosenScale = scale;
                    okScale = scale;
                } else {
                    failedScale = scale;
                }
            }
            final double[][] finalDrop = proxy(drop, impact.logitMse(), chosenScale);
            final double finalBudget = chosenBudget;

            phases.put("solve_and_verify", seconds(tp));
            tp = System.nanoTime();
            List<Plan.Baseline> baselines = new ArrayList<>();
            double planSeconds = chosen.cost();
            boolean allRelu = profiles.stream().allMatch(p -> p.kind() == ActivationKind.RELU);
            if (allRelu) {
                baselines.add(compositeBaseline(profiles, planSeconds, impact.exactAccuracy()));
            }
            for (int k = 0; k < degrees.length; k++) {
                Plan.Baseline b = uniformBaseline(cands, k, planSeconds, impact.exactAccuracy(), !allRelu);
                baselines.add(b);
                if (b.meetsBudget()) {
                    break;
                }
            }

            Plan.Baseline replacing = betterBaseline(baselines, planSeconds, chosenMeasured <= o.budget() + 1e-12);
            if (replacing != null) {
                int k = Arrays.binarySearch(degrees, Integer.parseInt(replacing.name().substring("uniform-".length())));
                double predicted = 0;
                for (int l = 0; l < layers; l++) {
                    predicted += Math.max(0, drop[l][k]);
                }
                DegreeSolver.Solution fixed = uniformSolution(degrees[k]);
                String why = String.format(java.util.Locale.ROOT, "the DP's plan (%.1f s predicted, measured drop %s) %s",
                        planSeconds, pct(chosenMeasured), chosenMeasured <= o.budget() + 1e-12 ? "costs more"
                                : "missed the budget");
                System.err.println("plan: the verified baseline " + replacing.name() + " replaces it: " + why);
                int[] choice = new int[layers];
                Arrays.fill(choice, k);
                chosen = new DegreeSolver.Solution(choice, fixed.bootstrapBefore(), fixed.cost(), predicted, 0);
                chosenMeasured = impact.exactAccuracy() - replacing.measuredValidation();
                attempts.add(new Plan.Attempt(o.budget(), 0, predicted, chosenMeasured, chosen.cost(), degreesOf(choice)));
                provenanceIn = new LinkedHashMap<>(provenanceIn);
                provenanceIn.put("planIsBaseline", replacing.name() + ": " + why);
                planSeconds = chosen.cost();
                double ps = planSeconds;
                baselines.replaceAll(b -> new Plan.Baseline(b.name(), b.description(), b.predictedSeconds(),
                        b.bootstraps(), b.measuredValidation(), b.measuredTest(), b.meetsBudget(),
                        b.predictedSeconds() / ps));
            }

            List<Plan.FrontPoint> front = new ArrayList<>();
            for (double m : FRONT_MULTIPLES) {
                DegreeSolver.Solution s = solve(finalDrop, sec, depth, m * finalBudget);
                if (s != null && (front.isEmpty() || s.cost() < front.get(front.size() - 1).predictedSeconds())) {
                    front.add(new Plan.FrontPoint(m * finalBudget, s.predictedDrop(), s.cost(), degreesOf(s.choice())));
                }
            }

            phases.put("baselines_and_front", seconds(tp));
            tp = System.nanoTime();
            Double plainTest = null;
            Double planTest = null;
            if (test != null) {
                plainTest = accuracy(test, Hooks.NONE, "test: exact model");
                planTest = accuracy(test, hooks(cands, chosen.choice()), "test: plan");
            }
            List<Plan.Layer> planLayers = new ArrayList<>();
            for (int l = 0; l < layers; l++) {
                int k = chosen.choice()[l];
                ActivationProfile p = profiles.get(l);
                Candidate c = cands[l][k];
                boolean boot = chosen.bootstrapBefore()[l];
                double layerSeconds = o.levelAware()
                        ? sec[l][k] + (boot ? cts[l] * costs.bootstrapSeconds() : 0)
                        : cts[l] * costs.amortisedSeconds(degrees[k], Basis.GENERAL);
                planLayers.add(new Plan.Layer(l, p.name(), p.kind().name(), p.elements(), cts[l],
                        new double[] {p.a(), p.b()}, "chebyshev", degrees[k], c.series().coefficients(),
                        c.error().weightedRms(), c.error().maxError(), impact.outOfIntervalRate()[l], drop[l][k],
                        impact.logitMse()[l][k], layerSeconds, depth[l][k], lin[l], boot,
                        new Plan.Profile(p.count(), p.min(), p.max(), p.mean(), p.std())));
            }
            Map<String, Object> prov = new LinkedHashMap<>(provenanceIn);
            phases.put("test_set", seconds(tp));
            prov.put("wall_seconds", seconds(t0));
            prov.put("phase_seconds", phases);
            prov.put("threads", o.threads());
            prov.put("java", System.getProperty("java.version"));
            prov.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
            prov.put("cpus", Runtime.getRuntime().availableProcessors());
            prov.put("date", java.time.Instant.now().toString());
            String kinds = String.join(",", profiles.stream().map(p -> p.kind().name()).distinct().toList());
            return new Plan(PlanFile.FORMAT, PlanFile.VERSION,
                    new Plan.ModelRef(o.model().toString(), sha256(o.model()), net.name(), layers),
                    new Plan.DataRef(o.data(), o.seed(), o.calibrationImages(), o.validationImages(),
                            test == null ? null : test.size(), split.calibration().name(), validation.name()),
                    kinds, new Plan.Budget("top1_drop_validation", o.budget()),
                    new Plan.Solver(o.levelAware() ? "level-aware DP" : "DP, bootstrapping amortised per level",
                            o.bins(), degrees, "least squares (Chebyshev basis, QR), weight "
                                    + o.weight().name().toLowerCase(java.util.Locale.ROOT), o.scaleR(),
                            o.floor(), o.intervalMargin()),
                    new Plan.CostModel(costs.description(), costs.slots(), costs.bootstrapSeconds(),
                            costs.levelsAfterBootstrap()),
                    planLayers,
                    new Plan.Accuracy(impact.exactAccuracy(), impact.exactAccuracy() - chosen.predictedDrop(),
                            impact.exactAccuracy() - chosenMeasured, plainTest, planTest),
                    planSeconds, baselines, front, attempts,
                    new Plan.Impact("top-1 drop and logit MSE, one layer replaced, validation split", impact.images(),
                            degrees, impact.top1Drop(), impact.logitMse()),
                    prov);
        } finally {
            ex = null;
        }
    }

    /** The DP's per-layer drop: max(top-1 drop, scale * logit MSE). */
    private static double[][] proxy(double[][] drop, double[][] mse, double scale) {
        double[][] out = new double[drop.length][];
        for (int l = 0; l < drop.length; l++) {
            out[l] = new double[drop[l].length];
            for (int k = 0; k < drop[l].length; k++) {
                out[l][k] = scale == 0 ? drop[l][k] : Math.max(drop[l][k], scale * mse[l][k]);
            }
        }
        return out;
    }

    /** Runs the full plan on the validation split, records the attempt, returns the measured top-1 drop. */
    private double verify(Candidate[][] cands, DegreeSolver.Solution s, List<Plan.Attempt> attempts, double dpBudget,
                          double scale, double exact) {
        double measured = exact - accuracy(validation, hooks(cands, s.choice()),
                "verify plan (attempt " + (attempts.size() + 1) + ")");
        attempts.add(new Plan.Attempt(dpBudget, scale, s.predictedDrop(), measured, s.cost(), degreesOf(s.choice())));
        return measured;
    }

    private DegreeSolver.Solution solve(double[][] drop, double[][] sec, int[][] depth, double budget) {
        if (o.levelAware()) {
            return DegreeSolver.solveLevelAware(drop, sec, depth, levels(), budget, o.bins());
        }
        double[][] amortised = new double[sec.length][];
        for (int l = 0; l < sec.length; l++) {
            amortised[l] = new double[sec[l].length];
            for (int k = 0; k < sec[l].length; k++) {
                amortised[l][k] = cts[l] * costs.amortisedSeconds(o.degrees()[k], Basis.GENERAL);
            }
        }
        return DegreeSolver.solve(drop, amortised, budget, o.bins());
    }

    private DegreeSolver.Levels levels() {
        double[] boot = new double[cts.length];
        for (int l = 0; l < cts.length; l++) {
            boot[l] = cts[l] * costs.bootstrapSeconds();
        }
        return new DegreeSolver.Levels(costs.levelsAfterBootstrap(), costs.levelsAfterBootstrap(), lin, boot);
    }

    /** Predicted {seconds, bootstraps} of a fixed assignment (same cost model as the plan). */
    private double[] fixedCost(double[] secondsPerCiphertext, int[] depthPerLayer) {
        return costAndBootstraps(fixedSolution(secondsPerCiphertext, depthPerLayer));
    }

    /** {seconds, bootstraps} of a fixed solution (bootstraps NaN without level-aware costs; infinite if null). */
    private double[] costAndBootstraps(DegreeSolver.Solution s) {
        if (s == null) {
            return new double[] {Double.POSITIVE_INFINITY, Double.NaN};
        }
        if (!o.levelAware()) {
            return new double[] {s.cost(), Double.NaN};
        }
        int boots = 0;
        for (boolean b : s.bootstrapBefore()) {
            boots += b ? 1 : 0;
        }
        return new double[] {s.cost(), boots};
    }

    /** Every layer at {@code degree}, as a fixed solution (see {@link #fixedSolution}). */
    private DegreeSolver.Solution uniformSolution(int degree) {
        double[] sec = new double[cts.length];
        int[] depth = new int[cts.length];
        Arrays.fill(sec, costs.polynomialSeconds(degree, Basis.GENERAL));
        Arrays.fill(depth, costs.depth(degree, Basis.GENERAL));
        return fixedSolution(sec, depth);
    }

    /**
     * A fixed assignment as a solution (choice 0 everywhere): with level-aware costs its cheapest bootstrap
     * placement, else the amortised cost and no placement; null when some layer cannot fit after a bootstrap.
     */
    private DegreeSolver.Solution fixedSolution(double[] secondsPerCiphertext, int[] depthPerLayer) {
        int layers = cts.length;
        double[][] drop = new double[layers][1];
        double[][] sec = new double[layers][1];
        int[][] depth = new int[layers][1];
        double amortised = 0;
        for (int l = 0; l < layers; l++) {
            sec[l][0] = cts[l] * secondsPerCiphertext[l];
            depth[l][0] = depthPerLayer[l];
            amortised += sec[l][0] + cts[l] * costs.bootstrapSeconds() * depthPerLayer[l]
                    / (double) costs.levelsAfterBootstrap();
        }
        if (!o.levelAware()) {
            return new DegreeSolver.Solution(new int[layers], new boolean[layers], amortised, 0, 0);
        }
        return DegreeSolver.solveLevelAware(drop, sec, depth, levels(), 0, 1);
    }

    /**
     * The uniform baseline that replaces the DP's plan, or null: a plan must not be worse than a verified baseline,
     * so the cheapest uniform degree that met the budget on the validation split wins when the chosen plan missed
     * the budget or is predicted to cost more.
     */
    private Plan.Baseline betterBaseline(List<Plan.Baseline> baselines, double planSeconds, boolean planMet) {
        Plan.Baseline best = null;
        for (Plan.Baseline b : baselines) {
            if (b.name().startsWith("uniform-") && b.meetsBudget() && (!planMet || b.predictedSeconds() < planSeconds)
                    && (best == null || b.predictedSeconds() < best.predictedSeconds())) {
                best = b;
            }
        }
        return best;
    }

    private Plan.Baseline compositeBaseline(List<ActivationProfile> profiles, double planSeconds, double exact) {
        CompositeSign sign = CompositeSign.forPrecision(CompositeSign.LEE_ALPHA, CompositeSign.LEE_DEGREES);
        double[] c = costs.compositeRelu(CompositeSign.LEE_DEGREES);
        int layers = profiles.size();
        double[] sec = new double[layers];
        int[] depth = new int[layers];
        Hooks h = Hooks.create();
        for (ActivationProfile p : profiles) {
            double bound = Math.max(Math.abs(p.a()), Math.abs(p.b()));
            h.replace(p.index(), x -> sign.relu(x, bound));
            sec[p.index()] = c[0];
            depth[p.index()] = (int) c[1];
        }
        double[] cost = fixedCost(sec, depth);
        double val = accuracy(validation, h, "baseline: composite ReLU alpha=13");
        Double tst = test == null ? null : accuracy(test, h, "test: composite ReLU alpha=13");
        return new Plan.Baseline("composite-alpha13", String.format(java.util.Locale.ROOT,
                "composite minimax sign, degrees {15,15,27}, our Remez: %.2f bits for abs(x) >= 2^%.2f of the layer bound"
                        + " B = max(abs(a), abs(b)), depth %d", sign.precisionBits(), Math.log(sign.gap()) / Math.log(2),
                sign.reluDepth()), cost[0], (int) (Double.isNaN(cost[1]) ? -1 : cost[1]), val, tst,
                exact - val <= o.budget() + 1e-12, cost[0] / planSeconds);
    }

    private Plan.Baseline uniformBaseline(Candidate[][] cands, int k, double planSeconds, double exact,
                                          boolean reportDegree3) {
        int d = o.degrees()[k];
        int[] choice = new int[cands.length];
        Arrays.fill(choice, k);
        double[] cost = costAndBootstraps(uniformSolution(d));
        Hooks h = hooks(cands, choice);
        double val = accuracy(validation, h, "baseline: uniform degree " + d);
        boolean meets = exact - val <= o.budget() + 1e-12;
        // test accuracy of the baseline that meets the budget, and of degree 3 for GELU models (the ConvNeXt claim)
        boolean onTest = test != null && (meets || reportDegree3 && d == 3);
        Double tst = onTest ? accuracy(test, h, "test: uniform degree " + d) : null;
        return new Plan.Baseline("uniform-" + d, "every layer its own density-weighted fit of degree " + d,
                cost[0], (int) (Double.isNaN(cost[1]) ? -1 : cost[1]), val, tst, meets, cost[0] / planSeconds);
    }

    private static Hooks hooks(Candidate[][] cands, int[] choice) {
        Hooks h = Hooks.create();
        for (int l = 0; l < choice.length; l++) {
            DoubleUnaryOperator f = cands[l][choice[l]].series()::evaluate;
            h.replace(l, f);
        }
        return h;
    }

    private int[] degreesOf(int[] choice) {
        return Arrays.stream(choice).map(k -> o.degrees()[k]).toArray();
    }

    private double accuracy(Dataset ds, Hooks h, String label) {
        try (Progress p = new Progress(label, ds.size())) {
            return ex.evaluate(ds, o.batch(), h, p).accuracy();
        }
    }

    private static double seconds(long since) {
        return Math.round((System.nanoTime() - since) / 1e7) / 100.0;
    }

    static String pct(double fraction) {
        return String.format(java.util.Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    static String sha256(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
