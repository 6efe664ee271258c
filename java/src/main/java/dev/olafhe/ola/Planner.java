package dev.olafhe.ola;

import dev.olafhe.nn.Executor;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.data.DataSpec;
import dev.olafhe.nn.data.Dataset;
import dev.olafhe.nn.onnx.OnnxImporter;
import dev.olafhe.plan.LevelPrices;
import dev.olafhe.plan.Plan;
import dev.olafhe.plan.PlanFile;
import dev.olafhe.util.FileDigest;
import dev.olafhe.util.ProgressListener;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The whole OLA pipeline for one model: profile (calibration split) -> candidate polynomials -> impact table
 * (validation split) -> cost table -> DP -> verification of the full plan on the validation split (re-solving with
 * a tighter budget when the measured drop misses the budget) -> uniform baselines and the Pareto front -> a
 * {@link Plan}. The test split, when requested, is only evaluated for the report, never used to decide anything.
 * Each phase is a class of its own ({@link Profiler}, {@link CandidateFitter}, {@link ImpactTable},
 * {@link LayerCosts}, {@link PlanSearch}, {@link Baselines}); this class runs them in order and assembles the plan.
 */
public final class Planner {
    private final PlannerOptions o;
    private final CostTable costs;
    private final LevelPrices prices;
    private final ProgressListener progress;
    private final PhaseClock clock = new PhaseClock();

    private Planner(PlannerOptions o, CostTable costs, LevelPrices prices, ProgressListener progress) {
        if (prices != null && !o.levelAware()) {
            throw new IllegalArgumentException("measured level costs price level-aware plans only (not --amortised)");
        }
        this.o = o;
        this.costs = costs;
        this.prices = prices;
        this.progress = progress;
    }

    /**
     * Plans the model that {@code o} names. {@code provenance} (tool, version, command, ...) is copied into the
     * plan's provenance ahead of what the run adds; when a verified uniform baseline replaces the DP's plan it
     * records why under "planIsBaseline". Every evaluation is reported to {@code progress} as one task.
     *
     * @throws IllegalStateException when no assignment of the candidate degrees is predicted to meet the budget
     */
    public static Plan plan(PlannerOptions o, CostTable costs, Map<String, Object> provenance,
                            ProgressListener progress) throws IOException {
        return plan(o, costs, null, provenance, progress);
    }

    /**
     * As above, with the DP priced by {@code prices} (measured per-level costs of every step, linear layers and
     * bootstraps included) when not null; {@code costs} then only counts ciphertexts per layer.
     */
    public static Plan plan(PlannerOptions o, CostTable costs, LevelPrices prices, Map<String, Object> provenance,
                            ProgressListener progress) throws IOException {
        return new Planner(o, costs, prices, progress).run(provenance);
    }

    /** What the phases produced, as the plan records it. */
    private record Outcome(Network net, Dataset.Split split, List<ActivationProfile> profiles, Candidate[][] candidates,
                           ImpactTable impact, LayerCosts layerCosts, Comparison comparison,
                           List<Plan.Attempt> attempts, List<Plan.FrontPoint> front) {
    }

    /** The plan after comparing it with the baselines, the baselines relative to it, and the provenance so far. */
    private record Comparison(PlanSearch.Verified chosen, List<Plan.Baseline> baselines,
                              Map<String, Object> provenance) {
    }

    private Plan run(Map<String, Object> provenance) throws IOException {
        Network net = OnnxImporter.load(o.model());
        Dataset train = DataSpec.resolve(o.data(), "train", o.seed(), o.calibrationImages(), o.validationImages());
        Dataset.Split split = train.split(o.seed(), o.calibrationImages(), o.validationImages());
        Dataset test = o.testImages() > 0
                ? DataSpec.resolve(o.data(), "test", o.seed(), 0, 0).head(o.testImages()) : null;
        try (Executor ex = new Executor(net, o.threads())) {
            clock.lap("load");
            SplitAccuracy accuracy = new SplitAccuracy(ex, split.validation(), test, o.batch(), o.confidence(),
                    progress);
            List<ActivationProfile> profiles = Profiler.profile(ex, split.calibration(), o.batch(), o.histogramBins(),
                    o.intervalMargin(), o.intervalTail(), progress);
            Candidate[][] candidates = CandidateFitter.fit(profiles, o.degrees(), o.weight(), o.scaleR(), o.floor());
            clock.lap("profile_and_fit");
            ImpactTable impact = ImpactTable.measure(ex, split.validation().head(o.impactTableImages()), profiles,
                    candidates, o.degrees(), progress);
            accuracy.exactValidation();
            clock.lap("impact_table");
            LayerCosts layerCosts = LayerCosts.of(costs, profiles, o.degrees(), LinearDepth.beforeActivations(net),
                    o.levelAware(), o.bins(), prices);
            PlanSearch search = new PlanSearch(layerCosts, impact, candidates, accuracy, o);
            PlanSearch.Verified verified = search.search();
            clock.lap("solve_and_verify");
            Baselines baselines = new Baselines(layerCosts, accuracy, o);
            Comparison comparison = compare(search, verified, baselines.measure(profiles, candidates,
                    verified.solution().cost()), provenance);
            List<Plan.FrontPoint> front = search.front(verified);
            clock.lap("baselines_and_front");
            return assemble(new Outcome(net, split, profiles, candidates, impact, layerCosts, comparison,
                    search.attempts(), front), accuracy);
        }
    }

    /**
     * A plan must not be worse than a verified baseline: when a uniform baseline beats the verified plan (cheaper
     * within the budget, or within the budget where the plan missed it), that baseline becomes the plan.
     */
    private Comparison compare(PlanSearch search, PlanSearch.Verified verified, List<Plan.Baseline> baselines,
                               Map<String, Object> provenance) {
        double planSeconds = verified.solution().cost();
        boolean met = verified.accepted(o);
        Plan.Baseline replacing = Baselines.better(baselines, planSeconds, met);
        if (replacing == null) {
            return new Comparison(verified, baselines, provenance);
        }
        String why = String.format(Locale.ROOT, "the DP's plan (%.1f s predicted, measured drop %s) %s", planSeconds,
                pct(verified.measuredDrop()), met ? "costs more" : "missed the budget");
        PlanSearch.Verified adopted = search.adopt(replacing, Baselines.candidateOf(replacing, o.degrees()));
        Map<String, Object> withWhy = new LinkedHashMap<>(provenance);
        withWhy.put("planIsBaseline", replacing.name() + ": " + why);
        return new Comparison(adopted, Baselines.relativeTo(baselines, adopted.solution().cost()), withWhy);
    }

    /** The plan record: test accuracies (if requested), the per-layer assignment, and the run's provenance. */
    private Plan assemble(Outcome r, SplitAccuracy accuracy) throws IOException {
        ImpactTable impact = r.impact();
        PlanSearch.Verified chosen = r.comparison().chosen();
        Double plainTest = accuracy.exactTest();
        SplitAccuracy.HeldOut held = accuracy.heldOut(SplitAccuracy.hooks(r.candidates(), chosen.solution().choice()),
                r.profiles(), "test: plan");
        Double planTest = held == null ? null : held.accuracy();
        Plan.HeldOut testReport = held == null ? null : new Plan.HeldOut(accuracy.testImages(), held.paired().drop(),
                held.paired().upperBound(), held.nonFinite(), held.outOfIntervalShare());
        List<Plan.Layer> layers = layers(r);
        double exact = accuracy.exactValidation();
        clock.lap("test_set");
        String kinds = String.join(",", r.profiles().stream().map(p -> p.kind().name()).distinct().toList());
        return new Plan(PlanFile.FORMAT, PlanFile.VERSION,
                new Plan.ModelRef(o.model().toString(), FileDigest.sha256(o.model()), r.net().name(),
                        r.net().numActivations()),
                new Plan.DataRef(o.data(), o.seed(), o.calibrationImages(), o.validationImages(),
                        accuracy.testImages(), r.split().calibration().name(), r.split().validation().name(),
                        impact.images()),
                kinds, new Plan.Budget("top1_drop_validation", o.budget(), o.confidence()), solver(),
                r.layerCosts().costModel(),
                layers, new Plan.Accuracy(exact, exact - chosen.solution().predictedDrop(),
                        exact - chosen.measuredDrop(), plainTest, planTest, chosen.margin(), chosen.nonFinite(),
                        testReport),
                chosen.solution().cost(), r.comparison().baselines(), r.front(), r.attempts(),
                new Plan.Impact("top-1 drop and logit MSE, one layer replaced, first " + impact.images()
                        + " images of the validation split", impact.images(), o.degrees(), impact.top1Drop(),
                        impact.logitMse()),
                provenance(r.comparison().provenance()));
    }

    /** Every layer's chosen polynomial with its evidence: fit errors, measured impact, cost, levels, profile. */
    private List<Plan.Layer> layers(Outcome r) {
        List<Plan.Layer> out = new ArrayList<>();
        LayerCosts lc = r.layerCosts();
        ImpactTable impact = r.impact();
        for (int l = 0; l < lc.layers(); l++) {
            DegreeSolver.Solution chosen = r.comparison().chosen().solution();
            int k = chosen.choice()[l];
            ActivationProfile p = r.profiles().get(l);
            Candidate c = r.candidates()[l][k];
            boolean boot = chosen.bootstrapBefore()[l];
            out.add(new Plan.Layer(l, p.name(), p.kind().name(), p.elements(), lc.ciphertexts(l),
                    new double[] {p.a(), p.b()}, "chebyshev", lc.degree(k), c.series().coefficients(),
                    c.error().weightedRms(), c.error().maxError(), impact.outOfIntervalRate()[l],
                    impact.top1Drop()[l][k], impact.logitMse()[l][k], lc.layerSeconds(chosen, l), lc.depth(l, k),
                    lc.linearDepth(l), boot, new Plan.Profile(p.count(), p.min(), p.max(), p.mean(), p.std())));
        }
        return out;
    }

    private Plan.Solver solver() {
        String dp = prices != null ? "level-priced DP over the compiled program (every step at the level it runs at)"
                : o.levelAware() ? "level-aware DP" : "DP, bootstrapping amortised per level";
        return new Plan.Solver(dp, o.bins(),
                o.degrees(), "least squares (Chebyshev basis, QR), weight " + o.weight().name().toLowerCase(Locale.ROOT),
                o.scaleR(), o.floor(), o.intervalMargin(), o.intervalTail());
    }


    /** The caller's provenance, then the run's: timings, threads, platform and date. */
    private Map<String, Object> provenance(Map<String, Object> in) {
        Map<String, Object> prov = new LinkedHashMap<>(in);
        prov.put("wall_seconds", clock.total());
        prov.put("phase_seconds", clock.phases());
        prov.put("threads", o.threads());
        prov.put("java", System.getProperty("java.version"));
        prov.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        prov.put("cpus", Runtime.getRuntime().availableProcessors());
        prov.put("date", java.time.Instant.now().toString());
        return prov;
    }

    static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    /** Wall time of the run and of each phase, in seconds rounded to hundredths. */
    private static final class PhaseClock {
        private final long start = System.nanoTime();
        private long lapStart = start;
        private final Map<String, Double> phases = new LinkedHashMap<>();

        /** The phase {@code name} ended now; the next one starts. */
        void lap(String name) {
            long now = System.nanoTime();
            phases.put(name, seconds(now - lapStart));
            lapStart = now;
        }

        Map<String, Double> phases() {
            return phases;
        }

        double total() {
            return seconds(System.nanoTime() - start);
        }

        private static double seconds(long nanos) {
            return Math.round(nanos / 1e7) / 100.0;
        }
    }
}
