package dev.olafhe.cli;

import dev.olafhe.ola.ActivationProfile;
import dev.olafhe.ola.AnalyticCostTable;
import dev.olafhe.ola.CostTable;
import dev.olafhe.ola.MeasuredCostTable;
import dev.olafhe.ola.PlanChart;
import dev.olafhe.ola.PlanReport;
import dev.olafhe.ola.Planner;
import dev.olafhe.ola.PlannerOptions;
import dev.olafhe.plan.Plan;
import dev.olafhe.plan.PlanFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/** {@code ola plan}: per-layer polynomial degrees for a model within an accuracy budget (the OLA planner). */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Choose a polynomial degree for every activation layer: fastest predicted HE time within a"
                + " top-1 accuracy budget on a validation split. Writes the plan JSON, a PNG chart and a Markdown"
                + " report next to it.",
                "Default sizes (1000 calibration, 500 validation images) keep ResNet-20 to minutes on 2 cores."})
public final class PlanCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, description = "ONNX model file")
    Path model;

    @Option(names = "--data", defaultValue = "fashion-mnist",
            description = "fashion-mnist (default) or a CIFAR-10 binary directory")
    String data;

    @Option(names = "--budget", defaultValue = "0.5%",
            description = "allowed top-1 drop on the validation split: 0.5%% or 0.005 (default 0.5%%)")
    String budget;

    @Option(names = "--degrees", defaultValue = "3..63",
            description = "candidate degrees: a list (3,5,7) or a range a..b, which means the degrees 2^k-1 inside"
                    + " [a, b] (the most accurate degree of every depth: depth, hence bootstrapping, dominates the"
                    + " cost); a..b:s steps by s (default 3..63 = 3,7,15,31,63)")
    String degrees;

    @Option(names = "--scaled", defaultValue = "1",
            description = "widen each layer's density by r before weighting (the paper's scaled variant; 1 = off)")
    double scaleR;

    @Option(names = "--weight", defaultValue = "HISTOGRAM",
            description = "least-squares weight: HISTOGRAM (profiled density, default), GAUSSIAN (its fit), UNIFORM")
    ActivationProfile.WeightKind weight;

    @Option(names = "--out", description = "plan file (default: MODEL with .plan.json instead of .onnx)")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the calibration/validation split")
    long seed;

    @Option(names = "--calibration", defaultValue = "1000", description = "calibration images (profiling)")
    int calibration;

    @Option(names = "--validation", defaultValue = "500", description = "validation images (impact, verification)")
    int validation;

    @Option(names = "--test", defaultValue = "0",
            description = "also report accuracies on the first N test images (never used to plan; default 0)")
    int test;

    @Option(names = "--bins", defaultValue = "200", description = "budget bins of the DP")
    int bins;

    @Option(names = "--amortised", description = "plain DP with bootstrapping amortised per level"
            + " (default: level-aware DP placing bootstraps)")
    boolean amortised;

    @Option(names = "--replans", defaultValue = "3",
            description = "re-solve with a tighter budget at most N times when the measured drop misses it")
    int replans;

    @Option(names = "--costs", description = "measured cost table JSON (default: the analytic logN16 CPU model)")
    Path costs;

    @Option(names = "--margin", defaultValue = "0.05", description = "interval margin, fraction of the range")
    double margin;

    @Option(names = "--floor", defaultValue = "1e-3", description = "floor weight relative to a uniform density")
    double floor;

    @Option(names = "--threads", description = "worker threads (default: all cores)")
    Integer threads;

    @Option(names = "--batch", defaultValue = "250")
    int batch;

    @Override
    public Integer call() throws Exception {
        double b = parseBudget(budget);
        int[] degs = parseDegrees(degrees);
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        Path plan = out != null ? out : defaultOut(model);
        CostTable table = costs == null ? AnalyticCostTable.cpuLogN16() : MeasuredCostTable.load(costs);
        PlannerOptions o = new PlannerOptions(model, data, seed, calibration, validation, b, degs, weight, scaleR, floor,
                margin, bins, dev.olafhe.ola.PlanRefit.HISTOGRAM_BINS, batch, t, !amortised, replans, test);
        Map<String, Object> prov = new LinkedHashMap<>();
        prov.put("tool", "ola plan");
        prov.put("version", OlaVersion.get());
        prov.put("command", "ola " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        prov.put("sizes_note", "calibration/validation sizes chosen so that planning ResNet-20 takes minutes on the"
                + " 2-core development machine; the top-1 drop is quantised to 1/validation images");
        long t0 = System.nanoTime();
        Plan p;
        try {
            p = Planner.plan(o, table, prov);
        } catch (IllegalStateException e) {
            System.err.println("ola plan: " + e.getMessage());
            return 2;
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        PlanFile.write(p, plan);
        Path png = sibling(plan, ".png");
        PlanChart.write(p, png);
        Path md = sibling(plan, ".md");
        Files.writeString(md, PlanReport.markdown(p));
        print(p);
        System.out.printf(Locale.ROOT, "plan -> %s, chart -> %s, report -> %s (%.1f s wall, %d threads)%n", plan, png,
                md, wall, t);
        return 0;
    }

    static Path defaultOut(Path model) {
        String name = model.getFileName().toString();
        String base = name.endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
        return model.resolveSibling(base + ".plan.json");
    }

    /** The plan path with .json replaced by {@code ext} (chart and report live next to the plan). */
    static Path sibling(Path plan, String ext) {
        String name = plan.getFileName().toString();
        String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return plan.resolveSibling(base + ext);
    }

    static double parseBudget(String s) {
        String v = s.trim();
        try {
            double x = v.endsWith("%") ? Double.parseDouble(v.substring(0, v.length() - 1)) / 100
                    : Double.parseDouble(v);
            if (!(x >= 0 && x < 1)) {
                throw new NumberFormatException();
            }
            return x;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--budget must be a percentage like 0.5% or a fraction like 0.005 in"
                    + " [0, 1), got '" + s + "'");
        }
    }

    static int[] parseDegrees(String s) {
        try {
            TreeSet<Integer> set = new TreeSet<>();
            for (String part : s.split(",")) {
                part = part.trim();
                if (part.contains("..")) {
                    String[] ab = part.split("\\.\\.");
                    String hiPart = ab[1];
                    Integer step = null;
                    if (hiPart.contains(":")) {
                        step = Integer.parseInt(hiPart.substring(hiPart.indexOf(':') + 1));
                        hiPart = hiPart.substring(0, hiPart.indexOf(':'));
                    }
                    int lo = Integer.parseInt(ab[0].trim());
                    int hi = Integer.parseInt(hiPart.trim());
                    if (lo > hi || (step != null && step < 1)) {
                        throw new NumberFormatException();
                    }
                    if (step != null) {
                        for (int d = lo; d <= hi; d += step) {
                            set.add(d);
                        }
                    } else {
                        for (int k = 1; k <= 8; k++) {
                            int top = (1 << k) - 1; // the most accurate degree of depth k
                            if (top >= lo && top <= hi) {
                                set.add(top);
                            }
                        }
                    }
                } else {
                    set.add(Integer.parseInt(part));
                }
            }
            if (set.isEmpty() || set.first() < 1) {
                throw new NumberFormatException();
            }
            return set.stream().mapToInt(Integer::intValue).toArray();
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("--degrees must be a list like 3,5,7 or a range like 3..63 (or"
                    + " 3..63:2), degrees >= 1; got '" + s + "'");
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
        if (a.plaintextTest() != null) {
            System.out.printf(Locale.ROOT, "test top-1 (%d images): exact %.2f%%, plan %.2f%%%n",
                    p.data().testImages(), 100 * a.plaintextTest(), 100 * a.measuredTest());
        }
        System.out.printf(Locale.ROOT, "predicted HE time of the activations: %.1f s (%s)%n", p.predictedSeconds(),
                p.costModel().description());
        for (Plan.Baseline b : p.baselines()) {
            System.out.printf(Locale.ROOT, "baseline %-18s validation %.2f%%%s  %s  predicted %.1f s  -> plan is"
                            + " %.2fx faster%n", b.name(), 100 * b.measuredValidation(),
                    b.measuredTest() == null ? "" : String.format(Locale.ROOT, " (test %.2f%%)", 100 * b.measuredTest()),
                    b.meetsBudget() ? "within budget" : "misses budget", b.predictedSeconds(), b.speedupOfPlan());
        }
        if (p.attempts().size() > 1 || p.accuracy().plaintextValidation() - p.accuracy().measuredValidation()
                > p.budget().value() + 1e-12) {
            System.out.printf("re-planned %d times (measured drop missed the budget):%n", p.attempts().size() - 1);
            for (Plan.Attempt t : p.attempts()) {
                System.out.printf(Locale.ROOT, "  DP budget %.3f%%, drop proxy max(top-1 drop, %.3g x logit MSE):"
                                + " predicted drop %.2f%%, measured %.2f%%, %.1f s%n", 100 * t.dpBudget(),
                        t.logitMseScale(), 100 * t.predictedDrop(), 100 * t.measuredDrop(), t.predictedSeconds());
            }
        }
    }
}
