package dev.olafhe.infer;

import dev.olafhe.approx.CompositeSign;
import dev.olafhe.nn.Executor;
import dev.olafhe.nn.Network;
import dev.olafhe.plan.Plan;
import dev.olafhe.plan.PlanFits;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The configurations an {@link EncryptedBenchmark} compares, by name: the OLA plan itself, the planner's uniform
 * baseline (re-created from the plan, {@link PlanFits}) and the composite minimax ReLU on the plan's layer bounds.
 */
final class BenchConfigurations {
    /**
     * Largest relative difference accepted between a plan's layers and their re-created fits: far above the float32
     * rounding differences of another GEMM or JVM (about 1e-6 of an interval), far below what other data or fitting
     * settings change (the 1000 calibration images' extremes move intervals by percents).
     */
    static final double REFIT_TOLERANCE = 1e-4;

    /**
     * A configuration to run: its polynomials and how to compile them. Programs are compiled when needed and then
     * dropped: each holds its layers' diagonals (about a GiB for ResNet-20), too much to keep three beside the keys.
     * {@code predictedSeconds} is the plan's prediction for this configuration (null where the plan has none).
     */
    record Configuration(String name, String description, LayerPolynomials polynomials,
                         BiFunction<LayerPolynomials, String, CompiledSession> compiler, Double predictedSeconds) {
        CompiledSession compile() {
            return compiler.apply(polynomials, description);
        }
    }

    private final Network net;
    private final Plan plan;
    private final Path planFile;
    private final String modelSha256;
    private final Integer uniformDegree;
    private final PlanFits.Source source;
    private final Map<String, Object> inputs;
    private PlanFits fits;

    /**
     * @param modelSha256   SHA-256 of the model file (the plan must be for it)
     * @param uniformDegree degree of the uniform baseline, or null for the lowest one the plan records within budget
     * @param inputs        the report's inputs, where the re-fit's difference from the plan is recorded
     */
    BenchConfigurations(Network net, Plan plan, Path planFile, String modelSha256, Integer uniformDegree,
                        PlanFits.Source source, Map<String, Object> inputs) {
        this.net = net;
        this.plan = plan;
        this.planFile = planFile;
        this.modelSha256 = modelSha256;
        this.uniformDegree = uniformDegree;
        this.source = source;
        this.inputs = inputs;
    }

    /** The configurations {@code names} (ola, uniform, composite) in order, each compiled by {@code compiler}. */
    List<Configuration> of(List<String> names, BiFunction<LayerPolynomials, String, CompiledSession> compiler)
            throws IOException {
        List<Configuration> out = new ArrayList<>();
        for (String name : names) {
            out.add(switch (name.trim().toLowerCase(Locale.ROOT)) {
                case BenchReport.OLA -> new Configuration(BenchReport.OLA, "the OLA plan " + planFile,
                        LayerPolynomials.fromPlan(plan, net, planFile, modelSha256), compiler, plan.predictedSeconds());
                case BenchReport.UNIFORM -> uniform(compiler);
                case BenchReport.COMPOSITE -> composite(compiler);
                default -> throw new IllegalArgumentException("--configs: unknown configuration '" + name
                        + "' (ola, uniform, composite)");
            });
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--configs names no configuration");
        }
        return out;
    }

    private Configuration uniform(BiFunction<LayerPolynomials, String, CompiledSession> compiler) throws IOException {
        int d = uniformDegree != null ? uniformDegree : planUniformDegree();
        return new Configuration(BenchReport.UNIFORM + "-" + d, "every layer the planner's density-weighted "
                + "least-squares fit of degree " + d, new LayerPolynomials(fits().uniform(d)), compiler,
                baselinePrediction(BenchReport.UNIFORM + "-" + d));
    }

    private Configuration composite(BiFunction<LayerPolynomials, String, CompiledSession> compiler)
            throws IOException {
        CompositeSign sign = CompositeSign.forPrecision(CompositeSign.LEE_ALPHA, CompositeSign.LEE_DEGREES);
        Map<Integer, ActivationPolynomial> layers = new LinkedHashMap<>();
        fits().intervals().forEach((l, ab) -> layers.put(l, ActivationPolynomial.CompositeRelu.of(sign,
                Math.max(Math.abs(ab[0]), Math.abs(ab[1])))));
        return new Configuration(BenchReport.COMPOSITE, "every ReLU x(1 + sign(x/B))/2 with the composite minimax "
                + "sign (alpha " + CompositeSign.LEE_ALPHA + ", degrees " + Arrays.toString(CompositeSign.LEE_DEGREES)
                + ", depth " + sign.reluDepth() + "), B = max(|a|, |b|) of the plan's layer interval",
                LayerPolynomials.of(layers), compiler, baselinePrediction("composite-alpha" + CompositeSign.LEE_ALPHA));
    }

    /** The plan's predicted seconds for its baseline {@code name}, or null where the plan records none. */
    private Double baselinePrediction(String name) {
        return plan.baselines().stream().filter(b -> b.name().equals(name)).map(Plan.Baseline::predictedSeconds)
                .findFirst().orElse(null);
    }

    /** The planner's fits, re-created once and checked against the plan's own layers. */
    private PlanFits fits() throws IOException {
        if (fits == null) {
            fits = source.refit(plan, net);
            double diff = fits.maxDifference();
            inputs.put("refitMaxRelativeDifference", diff);
            if (!(diff <= REFIT_TOLERANCE)) {
                throw new IOException(String.format(Locale.ROOT, "re-fitting the layers of the plan %s differs from "
                        + "the plan by %.3g (relative; at most %.0e expected): the baselines would not be the "
                        + "planner's (different data or code?). The plan was made on Java %s; this run uses Java %s "
                        + "with the %s GEMM", planFile, diff, REFIT_TOLERANCE, plan.provenance().get("java"),
                        System.getProperty("java.version"), Executor.gemmImplementation()));
            }
        }
        return fits;
    }

    /** The lowest uniform degree the plan's baselines record as meeting the budget. */
    private int planUniformDegree() {
        return plan.baselines().stream().filter(b -> b.meetsBudget() && b.name().startsWith("uniform-"))
                .mapToInt(b -> Integer.parseInt(b.name().substring("uniform-".length()))).min()
                .orElseThrow(() -> new IllegalArgumentException("the plan records no uniform baseline within its "
                        + "budget; give --uniform-degree"));
    }
}
