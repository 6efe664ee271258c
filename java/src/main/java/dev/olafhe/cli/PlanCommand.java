package dev.olafhe.cli;

import dev.olafhe.ola.ActivationProfile;
import dev.olafhe.infer.PlanPricing;
import dev.olafhe.ola.CostTable;
import dev.olafhe.plan.LevelPrices;
import dev.olafhe.plan.Plan;
import dev.olafhe.ola.PlanOutputs;
import dev.olafhe.ola.PlanRefit;
import dev.olafhe.ola.Planner;
import dev.olafhe.ola.PlannerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ola plan}: per-layer polynomial degrees for a model within an accuracy budget (the OLA planner). */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Choose a polynomial degree for every activation layer: fastest predicted HE time within a"
                + " top-1 accuracy budget on a validation split. Writes the plan JSON, a PNG chart and a Markdown"
                + " report next to it.",
                "A plan is accepted when its measured validation drop plus a one-sided exact binomial margin on the"
                        + " images that changed class (--confidence) is within the budget and no logit is non-finite.",
                "Default sizes (1000 calibration, 5000 validation images, the first 1000 of them for the impact"
                        + " table) resolve a 0.5%% budget; ResNet-20 takes about an hour on 2 busy cores."})
public final class PlanCommand implements Callable<Integer> {
    /** DP budget bins and re-plans: each costs a DP solve (and each re-plan a verification pass). */
    static final int MAX_DP_BINS = 100_000;
    static final int MAX_REPLANS = 100;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelDataOptions input;

    @Mixin
    ExecutorOptions execution;

    @Option(names = "--budget", defaultValue = "0.5%",
            description = "allowed top-1 drop on the validation split: 0.5%% or 0.005 (default 0.5%%)")
    String budget;

    @Option(names = "--degrees", defaultValue = "3..63",
            description = "candidate degrees: a list (3,5,7) or a range a..b, which means the degrees 2^k-1 inside"
                    + " [a, b] (the most accurate degree of every depth: depth, hence bootstrapping, dominates the"
                    + " cost); a..b:s steps by s; degrees 1 to 255 (default 3..63 = 3,7,15,31,63)")
    String degrees;

    @Option(names = "--scaled", defaultValue = "1",
            description = "widen each layer's density by r before weighting (the paper's scaled variant; 1 = off;"
                    + " r in (0, 1000]; default: ${DEFAULT-VALUE})")
    double scaleR;

    @Option(names = "--weight", defaultValue = "HISTOGRAM",
            description = "least-squares weight: HISTOGRAM (profiled density, default), GAUSSIAN (its fit), UNIFORM")
    ActivationProfile.WeightKind weight;

    @Option(names = "--out", description = "plan file (default: MODEL with .plan.json instead of .onnx); it, the"
            + " chart and the report beside it are checked before planning")
    Path out;

    @Option(names = "--calibration", defaultValue = "1000",
            description = "calibration images (profiling), >= 1 (default: ${DEFAULT-VALUE})")
    int calibration;

    @Option(names = "--validation", defaultValue = "5000",
            description = "validation images (verification and acceptance), >= 1 (default: ${DEFAULT-VALUE})")
    int validation;

    @Option(names = "--impact-images", defaultValue = "1000",
            description = "the first N validation images measure the impact table, >= 1 (default: ${DEFAULT-VALUE})")
    int impactImages;

    @Option(names = "--confidence", defaultValue = "0.95",
            description = "one-sided confidence of the upper bound on the validation drop that must meet the budget,"
                    + " in (0, 1) (default: ${DEFAULT-VALUE})")
    double confidence;

    @Option(names = "--tail", defaultValue = "2",
            description = "widen each interval, per side, by this many times the spread of the "
                    + "10 most extreme calibration inputs on that side, 0 to 1000 (default: ${DEFAULT-VALUE})")
    double tail;

    @Option(names = "--test", defaultValue = "0",
            description = "also report accuracies on the first N >= 0 test images (never used to plan; default 0)")
    int test;

    @Option(names = "--bins", defaultValue = "200", description = "budget bins of the DP, 1 to " + MAX_DP_BINS
            + " (default: ${DEFAULT-VALUE})")
    int bins;

    @Option(names = "--amortised", description = "plain DP with bootstrapping amortised per level"
            + " (default: level-aware DP placing bootstraps)")
    boolean amortised;

    @Option(names = "--replans", defaultValue = "5",
            description = "re-solve with a tighter budget at most N times (0 to " + MAX_REPLANS + ") when the measured"
                    + " drop misses it (default: ${DEFAULT-VALUE})")
    int replans;

    @Option(names = "--costs", description = "measured cost table JSON (default: the analytic logN16 CPU model)")
    Path costs;

    @Option(names = "--level-costs", description = "a cost file of `ola calibrate`: the DP chooses degrees and "
            + "bootstraps with every step (linear layers, activations, bootstraps on the file's preset) priced at the "
            + "level it runs at from its measured per-level costs (--costs then only counts ciphertexts), and the plan "
            + "is priced end to end in its provenance (measuredPredictedSeconds)")
    Path levelCosts;

    @Option(names = "--margin", defaultValue = "0.05",
            description = "interval margin, fraction of the range, 0 to 10 (default: ${DEFAULT-VALUE})")
    double margin;

    @Option(names = "--floor", defaultValue = "1e-3",
            description = "floor weight relative to a uniform density, 0 to 1000 (default: ${DEFAULT-VALUE})")
    double floor;

    @Override
    public Integer call() throws Exception {
        checkOptions();
        int threads = execution.threads();
        PlanOutputs outputs = out != null ? PlanOutputs.at(out) : PlanOutputs.besideModel(input.model);
        PlannerOptions o = new PlannerOptions(input.model, input.data, input.seed, calibration, validation,
                PlannerOptions.parseBudget(budget), PlannerOptions.parseDegrees(degrees), weight, scaleR, floor, margin,
                bins, PlanRefit.HISTOGRAM_BINS, execution.batch, threads, !amortised, replans, test, impactImages,
                confidence, tail);
        outputs.checkWritable();
        CostTable table = CostTable.measuredOrAnalytic(costs);
        LevelPrices prices = levelCosts == null ? null : PlanPricing.prices(input.model, levelCosts);
        long t0 = System.nanoTime();
        Plan p;
        try {
            p = Planner.plan(o, table, prices, provenance(), new ConsoleProgress());
        } catch (IllegalStateException e) { // documented outcomes: no spread to fit, or no plan within the budget
            Main.printError(spec.commandLine(), e.getMessage());
            return 2;
        }
        if (levelCosts != null) {
            p = PlanPricing.withMeasuredPrediction(p, input.model, outputs.plan(), levelCosts);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        outputs.write(p);
        printReplacement(p);
        print(p);
        System.out.printf(Locale.ROOT, "plan -> %s, chart -> %s, report -> %s (%.1f s wall, %d threads)%n",
                outputs.plan(), outputs.chart(), outputs.report(), wall, threads);
        return 0;
    }

    /** The numeric options in range, before any work. */
    private void checkOptions() {
        execution.check(spec);
        if (levelCosts != null && amortised) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--level-costs prices a level-aware"
                    + " plan (bootstraps placed by the DP); it cannot be combined with --amortised");
        }
        OptionBounds.check(spec, "--calibration", calibration, 1, Integer.MAX_VALUE);
        OptionBounds.check(spec, "--validation", validation, 1, Integer.MAX_VALUE);
        OptionBounds.check(spec, "--test", test, 0, Integer.MAX_VALUE);
        OptionBounds.check(spec, "--impact-images", impactImages, 1, Integer.MAX_VALUE);
        if (!(confidence > 0 && confidence < 1)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--confidence must be a number"
                    + " strictly between 0 and 1, got " + confidence);
        }
        OptionBounds.checkFinite(spec, "--tail", tail, 0, 1000);
        OptionBounds.check(spec, "--bins", bins, 1, MAX_DP_BINS);
        OptionBounds.check(spec, "--replans", replans, 0, MAX_REPLANS);
        OptionBounds.checkFinite(spec, "--scaled", scaleR, Double.MIN_VALUE, 1000);
        OptionBounds.checkFinite(spec, "--margin", margin, 0, 10);
        OptionBounds.checkFinite(spec, "--floor", floor, 0, 1000);
    }

    private Map<String, Object> provenance() {
        Map<String, Object> prov = new LinkedHashMap<>();
        prov.put("tool", "ola plan");
        prov.put("version", OlaVersion.get());
        prov.put("command", "ola " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        prov.put("sizes_note", "5000 validation images resolve a 0.5% budget (a drop is quantised to 1/validation"
                + " images and acceptance adds a statistical margin); the impact table uses the first"
                + " --impact-images of them");
        return prov;
    }

    /** Says so when a verified uniform baseline replaced the DP's plan (provenance "planIsBaseline": "NAME: why"). */
    private static void printReplacement(Plan p) {
        Object replaced = p.provenance().get("planIsBaseline");
        if (replaced != null) {
            String[] nameAndWhy = replaced.toString().split(": ", 2);
            System.err.println("plan: the verified baseline " + nameAndWhy[0] + " replaces it: " + nameAndWhy[1]);
        }
    }

    static void print(Plan p) {
        System.out.printf(Locale.ROOT, "%s: %d activation layers, budget %.2f%% top-1 drop (validation, %d images)%n",
                p.model().name(), p.layers().size(), 100 * p.budget().value(), p.data().validationImages());
        System.out.printf(Locale.ROOT, "%3s %-28s %-5s %19s %4s %5s %4s %8s %10s %9s %8s %9s%n", "l", "layer", "kind",
                "interval", "deg", "depth", "boot", "delta%", "logitMSE", "wRMS", "out%", "seconds");
        for (Plan.Layer l : p.layers()) {
            String name = l.name().length() > 28 ? "…" + l.name().substring(l.name().length() - 27) : l.name();
            System.out.printf(Locale.ROOT, "%3d %-28s %-5s [%8.2f, %8.2f] %4d %5d %4s %8.2f %10.3g %9.3g %8.3f %9.1f%n",
                    l.index(), name, l.kind().substring(0, Math.min(5, l.kind().length())), l.interval()[0],
                    l.interval()[1], l.degree(), l.depth(), l.bootstrapBefore() ? "yes" : "", 100 * l.deltaTop1(),
                    l.deltaLogitMse(), l.weightedRms(), 100 * l.outOfIntervalRateValidation(), l.seconds());
        }
        Plan.Accuracy a = p.accuracy();
        System.out.printf(Locale.ROOT, "validation top-1: exact %.2f%%, plan predicted %.2f%%, measured %.2f%%%n",
                100 * a.plaintextValidation(), 100 * a.predictedValidation(), 100 * a.measuredValidation());
        if (a.acceptanceMargin() != null) {
            System.out.printf(Locale.ROOT, "acceptance: measured drop %.2f%% + margin %.2f%% (one-sided %.0f%%) ="
                            + " %.2f%% against the budget %.2f%%; %d validation images with a non-finite logit%n",
                    100 * (a.plaintextValidation() - a.measuredValidation()), 100 * a.acceptanceMargin(),
                    100 * p.budget().confidence(), 100 * (a.plaintextValidation() - a.measuredValidation()
                            + a.acceptanceMargin()), 100 * p.budget().value(), a.validationNonFinite());
        }
        if (a.plaintextTest() != null) {
            System.out.printf(Locale.ROOT, "test top-1 (%d images): exact %.2f%%, plan %.2f%%%n",
                    p.data().testImages(), 100 * a.plaintextTest(), 100 * a.measuredTest());
        }
        if (a.test() != null) {
            System.out.printf(Locale.ROOT, "test set (held out): drop %.2f%% (upper bound %.2f%%), %d images with a"
                            + " non-finite logit, %.4f%% of activation inputs outside their interval%n",
                    100 * a.test().drop(), 100 * a.test().dropUpperBound(), a.test().nonFiniteLogits(),
                    100 * a.test().outOfIntervalShare());
        }
        System.out.printf(Locale.ROOT, "predicted HE time of the activations: %.1f s (%s)%n", p.predictedSeconds(),
                p.costModel().description());
        Object measured = p.provenance().get("measuredPredictedSeconds");
        if (measured != null) {
            System.out.printf(Locale.ROOT, "predicted end to end with %s bootstraps: %.2f s (%s)%n",
                    p.provenance().get("measuredBootstraps"), ((Number) measured).doubleValue(),
                    p.provenance().get("levelCosts"));
        }
        for (Plan.Baseline b : p.baselines()) {
            System.out.printf(Locale.ROOT, "baseline %-18s validation %.2f%%%s  %s  predicted %.1f s  -> plan is"
                            + " %.2fx faster%n", b.name(), 100 * b.measuredValidation(),
                    b.measuredTest() == null ? "" : String.format(Locale.ROOT, " (test %.2f%%)", 100 * b.measuredTest()),
                    b.meetsBudget() ? "within budget" : "misses budget", b.predictedSeconds(), b.speedupOfPlan());
        }
        if (p.attempts().size() > 1 || p.accuracy().plaintextValidation() - p.accuracy().measuredValidation()
                > p.budget().value() + 1e-12) {
            System.out.printf("verified %d plans (re-planned while the measured drop%s missed the budget, then"
                    + " refined):%n", p.attempts().size(), p.budget().confidence() == null ? "" : " + margin");
            for (Plan.Attempt t : p.attempts()) {
                System.out.printf(Locale.ROOT, "  DP budget %.3f%%, drop proxy max(top-1 drop, %.3g x logit MSE):"
                                + " predicted drop %.2f%%, measured %.2f%%%s, %.1f s%n", 100 * t.dpBudget(),
                        t.logitMseScale(), 100 * t.predictedDrop(), 100 * t.measuredDrop(), t.margin() == null ? ""
                                : String.format(Locale.ROOT, " + margin %.2f%%", 100 * t.margin()),
                        t.predictedSeconds());
            }
        }
    }
}
