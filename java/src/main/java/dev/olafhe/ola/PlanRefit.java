package dev.olafhe.ola;

import dev.olafhe.approx.ChebyshevSeries;
import dev.olafhe.nn.Executor;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.data.DataSpec;
import dev.olafhe.nn.data.Dataset;
import dev.olafhe.plan.Plan;
import dev.olafhe.plan.PlanFits;
import dev.olafhe.util.ProgressListener;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The planner's candidate fits again, from what a plan file records (data split, weight, r, floor, margin): the
 * polynomials of a uniform-degree baseline are not stored in the plan, so a benchmark that runs that baseline
 * re-creates them as the planner did ({@link PlanFits}). {@link #maxDifference} checks the re-creation against the
 * plan's own layers.
 */
public final class PlanRefit implements PlanFits {
    /** Histogram bins of the profile (what `ola plan` uses; not a plan option). */
    public static final int HISTOGRAM_BINS = 256;
    private static final int BATCH = 250;

    private final Plan plan;
    private final List<ActivationProfile> profiles;

    private PlanRefit(Plan plan, List<ActivationProfile> profiles) {
        this.plan = plan;
        this.profiles = profiles;
    }

    /**
     * Profiles the plan's calibration split on {@code net} (the plan's model); both passes are reported to
     * {@code progress}.
     */
    public static PlanRefit of(Plan plan, Network net, int threads, ProgressListener progress) throws IOException {
        if (plan.model().activations() != net.numActivations()) {
            throw new IllegalArgumentException("the plan is for " + plan.model().activations() + " activations but "
                    + net.name() + " has " + net.numActivations());
        }
        Plan.DataRef d = plan.data();
        Dataset train = DataSpec.resolve(d.spec(), "train", d.seed(), d.calibrationImages(), d.validationImages());
        Dataset calibration = train.split(d.seed(), d.calibrationImages(), d.validationImages()).calibration();
        try (Executor ex = new Executor(net, threads)) {
            return new PlanRefit(plan, Profiler.profile(ex, calibration, BATCH, HISTOGRAM_BINS,
                    plan.solver().intervalMargin(), plan.solver().tail(), progress));
        }
    }

    /** Layer l's fit at {@code degrees[l]}, weighted as the plan's solver says. */
    public Map<Integer, ChebyshevSeries> fits(int[] degrees) {
        if (degrees.length != profiles.size()) {
            throw new IllegalArgumentException(degrees.length + " degrees for " + profiles.size() + " layers");
        }
        Plan.Solver s = plan.solver();
        ActivationProfile.WeightKind weight = weightOf(s.fit());
        int[] distinct = java.util.Arrays.stream(degrees).distinct().sorted().toArray();
        Candidate[][] c = CandidateFitter.fit(profiles, distinct, weight, s.scaleR(), s.floor());
        Map<Integer, ChebyshevSeries> out = new HashMap<>();
        for (int l = 0; l < degrees.length; l++) {
            out.put(l, c[l][java.util.Arrays.binarySearch(distinct, degrees[l])].series());
        }
        return out;
    }

    @Override
    public Map<Integer, ChebyshevSeries> uniform(int degree) {
        int[] d = new int[profiles.size()];
        java.util.Arrays.fill(d, degree);
        return fits(d);
    }

    @Override
    public Map<Integer, double[]> intervals() {
        Map<Integer, double[]> out = new HashMap<>();
        for (ActivationProfile p : profiles) {
            out.put(p.index(), new double[] {p.a(), p.b()});
        }
        return out;
    }

    /**
     * Relative, so that it reads the same for every layer: per layer the larger of the interval endpoints' difference
     * over the interval's width and the largest coefficient difference over max(1, largest |coefficient|); infinite
     * when a layer's degree differs. Not exactly 0 where the plaintext executor rounds differently from the planner's
     * run (another GEMM: the Vector API or the scalar one, or another JVM): activation inputs then differ in their
     * float32 rounding, and with them the profiled intervals.
     */
    @Override
    public double maxDifference() {
        int[] d = plan.layers().stream().mapToInt(Plan.Layer::degree).toArray();
        Map<Integer, ChebyshevSeries> refit = fits(d);
        double max = 0;
        for (Plan.Layer l : plan.layers()) {
            ChebyshevSeries r = refit.get(l.index());
            double[] c = r.coefficients();
            double[] planned = l.coefficients();
            if (c.length != planned.length) {
                return Double.POSITIVE_INFINITY;
            }
            double width = l.interval()[1] - l.interval()[0];
            max = Math.max(max, Math.abs(r.a() - l.interval()[0]) / width);
            max = Math.max(max, Math.abs(r.b() - l.interval()[1]) / width);
            double scale = 1;
            for (double v : planned) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int k = 0; k < c.length; k++) {
                max = Math.max(max, Math.abs(c[k] - planned[k]) / scale);
            }
        }
        return max;
    }

    /** The weight named at the end of the solver's fit description ("..., weight histogram"). */
    static ActivationProfile.WeightKind weightOf(String fit) {
        int at = fit == null ? -1 : fit.lastIndexOf("weight ");
        if (at < 0) {
            throw new IllegalArgumentException("the plan's solver does not name its least-squares weight: " + fit);
        }
        String name = fit.substring(at + "weight ".length()).trim();
        try {
            return ActivationProfile.WeightKind.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the plan's solver names the least-squares weight '" + name
                    + "', not one of " + java.util.Arrays.toString(ActivationProfile.WeightKind.values()), e);
        }
    }
}
