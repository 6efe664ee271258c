package dev.olafhe.cli;

import dev.olafhe.approx.ChebyshevSeries;
import dev.olafhe.approx.CompositeSign;
import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.CkksContext;
import dev.olafhe.ckks.EvaluationKeySet;
import dev.olafhe.ckks.Evaluator;
import dev.olafhe.ckks.KeyMemoryReport;
import dev.olafhe.ckks.RandomSources;
import dev.olafhe.ckks.boot.Bootstrapper;
import dev.olafhe.ckks.boot.BootstrappingKeys;
import dev.olafhe.infer.ActivationPolynomial;
import dev.olafhe.infer.EncryptedInference;
import dev.olafhe.infer.HeProgram;
import dev.olafhe.infer.HeStep;
import dev.olafhe.infer.InferenceClient;
import dev.olafhe.infer.KeyRequirements;
import dev.olafhe.infer.PolynomialPlan;
import dev.olafhe.nn.Executor;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.data.DataSpec;
import dev.olafhe.nn.data.Dataset;
import dev.olafhe.nn.onnx.OnnxImporter;
import dev.olafhe.ola.Plan;
import dev.olafhe.ola.PlanFile;
import dev.olafhe.ola.PlanRefit;
import dev.olafhe.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * {@code ola bench}: the OLA plan against uniform-degree baselines, encrypted, on one backend with the same
 * parameters, keys and test images; writes bench.json, bench.md and bench.png.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {BenchCompareCommand.class, BenchHistoryCommand.class},
        description = "Encrypted inference benchmark: the OLA plan against uniform-degree baselines on the same "
                + "backend, parameters, keys and images; latency and its breakdown, bootstraps, memory, encrypted "
                + "top-1; writes bench.json, bench.md and bench.png.")
public final class BenchCommand implements Callable<Integer> {
    static final String OLA = "ola";
    static final String UNIFORM = "uniform";
    static final String COMPOSITE = "composite";

    @Option(names = "--model", description = "ONNX model file (required unless --render)")
    Path model;

    @Option(names = "--plan", description = "the OLA plan (from `ola plan`) for --model (required unless --render)")
    Path planFile;

    @Option(names = "--render", description = "only write the Markdown table and the chart again from a bench JSON "
            + "(next to it)")
    Path render;

    @Option(names = "--configs", defaultValue = "ola,uniform,composite", split = ",",
            description = "configurations to run, in order: ola (the plan), uniform (every layer the planner's fit "
                    + "of --uniform-degree), composite (every ReLU the composite minimax ReLU, alpha 13, degrees "
                    + "15/15/27, on the plan's layer bounds) (default: ${DEFAULT-VALUE})")
    List<String> configs;

    @Option(names = "--uniform-degree", description = "degree of the uniform baseline (default: the lowest uniform "
            + "degree the plan records as meeting its accuracy budget)")
    Integer uniformDegree;

    @Option(names = "--images", defaultValue = "1", description = "encrypted test images per configuration "
            + "(default: ${DEFAULT-VALUE})")
    int images;

    @Option(names = "--index", defaultValue = "0", description = "first test image (default: ${DEFAULT-VALUE})")
    int index;

    @Option(names = "--accuracy-images", defaultValue = "10000", description = "test images for the plaintext "
            + "top-1 of each configuration's polynomials; 0 to skip (default: ${DEFAULT-VALUE})")
    int accuracyImages;

    @Option(names = "--bootstrapping", defaultValue = "n16-resnet", description = "bootstrapping preset "
            + "(n16-resnet, logn11-insecure, or none: every level up front) (default: ${DEFAULT-VALUE})")
    String bootstrapping;

    @Option(names = "--logn", defaultValue = "16", description = "log2 ring degree without bootstrapping")
    int logN;

    @Option(names = "--log-scale", defaultValue = "40", description = "log2 scale without bootstrapping")
    int logScale;

    @Option(names = "--insecure", description = "allow parameters below 128-bit security (tests)")
    boolean insecure;

    @Option(names = "--out", description = "result directory (default: bench/results/<date>-<backend>-<host>)")
    Path out;

    @Option(names = "--seed", description = "deterministic randomness (INSECURE, reproducible); default SecureRandom")
    Long seed;

    @Mixin
    BackendOption backend;

    @Mixin
    KeyResidencyOption residency;

    @Spec
    CommandSpec spec;

    /**
     * A configuration to run: its polynomials and how to compile them. Programs are compiled when needed and then
     * dropped: each holds its layers' diagonals (about a GiB for ResNet-20), too much to keep three beside the keys.
     */
    private record Candidate(String name, String description, PolynomialPlan polynomials,
                             java.util.function.Supplier<InferenceSession.Compiled> compiler) {
        InferenceSession.Compiled compile() {
            return compiler.get();
        }
    }

    @Override
    public Integer call() throws Exception {
        if (render != null) {
            BenchReport r = BenchReport.readJson(render);
            String stem = render.getFileName().toString().replaceFirst("\\.json$", "");
            Files.writeString(render.resolveSibling(stem + ".md"), r.markdown());
            BenchChart.write(r, render.resolveSibling(stem + ".png"));
            System.out.println("wrote " + render.resolveSibling(stem + ".{md,png}"));
            return 0;
        }
        if (model == null || planFile == null) {
            throw new IllegalArgumentException("--model and --plan are required (or --render a bench JSON)");
        }
        String date = Instant.now().toString();
        String loadAtStart = loadAverage();
        Network net = OnnxImporter.load(model);
        Plan plan = PlanFile.read(planFile);
        String modelSha = ProfileCommand.sha256(model);
        if (!plan.model().sha256().equals(modelSha)) {
            throw new IllegalArgumentException("plan " + planFile + " was made for a model with SHA-256 "
                    + plan.model().sha256() + ", not " + model + " (" + modelSha + ")");
        }
        if (images < 1) {
            throw new IllegalArgumentException("--images must be at least 1");
        }
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("model", net.name());
        inputs.put("modelFile", model.toString());
        inputs.put("modelSha256", modelSha);
        inputs.put("plan", planFile.toString());
        inputs.put("planSha256", ProfileCommand.sha256(planFile));
        List<Candidate> candidates = candidates(net, plan, inputs);
        InferenceSession.Compiled first = null;
        List<KeyRequirements> needs = new ArrayList<>();
        long residentBytes = 0;
        for (Candidate c : candidates) {
            InferenceSession.Compiled compiled = c.compile();
            System.out.println("config     : " + c.name() + ": " + KeygenCommand.summary(compiled));
            if (first == null) {
                first = compiled;
            } else if (!compiled.params().literal().equals(first.params().literal())
                    || compiled.program().slots() != first.program().slots()) {
                throw new IllegalArgumentException("configuration " + c.name() + " compiles to other parameters or "
                        + "slots than " + candidates.get(0).name() + "; run them with a bootstrapping preset so all "
                        + "share one parameter set");
            }
            needs.add(compiled.program().keyRequirements());
            residentBytes = Math.max(residentBytes, KeyEstimate.programBytes(compiled));
        }
        first = candidates.get(0).compile(); // again, without its diagonals (compiled only on use)
        residentBytes += KeyEstimate.bootstrappingBytes(first); // one parameter set and slot count for all
        Dataset test = DataSpec.resolve(plan.data().spec(), "test", 1, DataSpec.DEFAULT_CALIBRATION,
                DataSpec.DEFAULT_VALIDATION);
        if (index < 0 || index + images > test.size()) {
            throw new IllegalArgumentException("--index/--images select test images [" + index + ", "
                    + (index + images) + ") but the test set has " + test.size());
        }
        inputs.put("testImages", test.name() + " [" + index + ", " + (index + images) + ")");
        Map<String, Double> plaintext = plaintextAccuracy(net, candidates, test);

        List<BenchReport.Config> results = new ArrayList<>();
        Map<String, Object> memory = new LinkedHashMap<>();
        String backendLine;
        String backendWhy;
        BenchReport report = null;
        try (InferenceSession.Runtime rt = backend.open(first.params());
             Executor plain = new Executor(net)) {
            CkksContext context = rt.context();
            backendLine = rt.backend().name();
            backendWhy = rt.why();
            System.out.println("backend    : " + backendLine + " — " + backendWhy);
            System.out.println("parameters : " + first.params());
            System.out.println("key memory : " + residency.describe(residentBytes, rt.backend()));
            Random random = seed == null ? RandomSources.secure() : RandomSources.deterministic(seed);
            long t0 = System.nanoTime();
            try (InferenceClient client = new InferenceClient(context, random, residency.compact(residentBytes, rt.backend()));
                 EvaluationKeySet keys = client.evaluationKeys(KeyRequirements.union(needs));
                 Bootstrapper bootstrapper = InferenceSession.bootstrapper(first, context, residency.compact(residentBytes, rt.backend()));
                 BootstrappingKeys bootKeys = bootstrapper == null ? null : client.bootstrappingKeys(bootstrapper)) {
                long keyBytes = KeyMemoryReport.of(first.params(), keys).totalInMemory()
                        + (bootKeys == null ? 0 : KeyMemoryReport.of(first.params(), bootKeys.evaluationKeys())
                        .totalInMemory());
                memory.put("keyBytesInMemory", keyBytes);
                memory.put("keysCompact", residency.compact(residentBytes, rt.backend()));
                memory.put("rotationKeys", keys.galoisElements().size());
                memory.put("rotationKeySet", "the union of the configurations' rotation steps, each key generated at "
                        + "the highest level a configuration rotates by it; bootstrapping's keys at the levels used");
                System.out.printf(Locale.ROOT, "keys       : %.2f GiB in memory, generated in %.1f s%n",
                        keyBytes / 1073741824.0, (System.nanoTime() - t0) / 1e9);
                Evaluator evaluator = new Evaluator(context, keys);
                for (Candidate c : candidates) {
                    results.add(runConfig(c, evaluator, context, client, bootstrapper, bootKeys, plain, test,
                            plaintext.get(c.name())));
                    // written after every configuration: a long run stopped later keeps what it measured
                    report = write(date, loadAtStart, backendLine, backendWhy, first, inputs, memory, results,
                            net.name());
                }
            }
        }
        System.out.println();
        System.out.print(report.markdown());
        return 0;
    }

    /** Writes {model}-bench.{json,md,png} for the configurations measured so far; returns the report. */
    private BenchReport write(String date, String loadAtStart, String backendLine, String backendWhy,
                              InferenceSession.Compiled first, Map<String, Object> inputs, Map<String, Object> memory,
                              List<BenchReport.Config> results, String model) throws IOException {
        memory.put("peakResidentBytes", peakResidentBytes());
        memory.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        memory.put("device", "none (host memory only on this backend)");
        Map<String, Object> machine = machine();
        machine.put("loadAverageAtStart", loadAtStart);
        machine.put("backendDecision", backendWhy);
        BenchReport report = new BenchReport(date, "ola " + String.join(" ",
                spec.commandLine().getParseResult().originalArgs()), machine, backendLine, first.params().toString(),
                inputs, memory, List.copyOf(results));
        Path dir = out != null ? out : Path.of("bench", "results", LocalDate.now(ZoneOffset.UTC) + "-"
                + backendLine + "-" + host());
        Files.createDirectories(dir);
        String stem = model + "-bench";
        report.writeJson(dir.resolve(stem + ".json"));
        Files.writeString(dir.resolve(stem + ".md"), report.markdown());
        BenchChart.write(report, dir.resolve(stem + ".png"));
        System.out.println("wrote " + dir.resolve(stem + ".{json,md,png}") + " (" + results.size() + " configuration"
                + (results.size() == 1 ? ")" : "s)"));
        return report;
    }

    /** The configurations --configs names, compiled. */
    private List<Candidate> candidates(Network net, Plan plan, Map<String, Object> inputs) throws IOException {
        List<Candidate> out = new ArrayList<>();
        PlanRefit refit = null;
        for (String name : configs) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            PolynomialPlan polys;
            String description;
            if (n.equals(OLA)) {
                polys = InferenceSession.fromPlanFile(plan, net, planFile);
                description = "the OLA plan " + planFile;
            } else if (n.equals(UNIFORM) || n.equals(COMPOSITE)) {
                if (refit == null) {
                    refit = PlanRefit.of(plan, net, Runtime.getRuntime().availableProcessors());
                    double diff = refit.maxDifference();
                    inputs.put("refitMaxCoefficientDifference", diff);
                    if (!(diff <= 1e-9)) {
                        throw new IllegalStateException("re-fitting the plan's own layers differs from the plan file by "
                                + diff + "; the baselines would not be the planner's (different data or code?)");
                    }
                }
                if (n.equals(UNIFORM)) {
                    int d = uniformDegree != null ? uniformDegree : planUniformDegree(plan);
                    polys = new PolynomialPlan(refit.uniform(d));
                    n = UNIFORM + "-" + d;
                    description = "every layer the planner's density-weighted least-squares fit of degree " + d;
                } else {
                    CompositeSign sign = CompositeSign.forPrecision(CompositeSign.LEE_ALPHA, CompositeSign.LEE_DEGREES);
                    Map<Integer, ActivationPolynomial> layers = new LinkedHashMap<>();
                    refit.intervals().forEach((l, ab) -> layers.put(l, ActivationPolynomial.CompositeRelu.of(sign,
                            Math.max(Math.abs(ab[0]), Math.abs(ab[1])))));
                    polys = PolynomialPlan.of(layers);
                    description = "every ReLU x(1 + sign(x/B))/2 with the composite minimax sign (alpha "
                            + CompositeSign.LEE_ALPHA + ", degrees " + java.util.Arrays.toString(CompositeSign.LEE_DEGREES)
                            + ", depth " + sign.reluDepth() + "), B = max(|a|, |b|) of the plan's layer interval";
                }
            } else {
                throw new IllegalArgumentException("--configs: unknown configuration '" + name
                        + "' (ola, uniform, composite)");
            }
            String desc = description;
            out.add(new Candidate(n, description, polys, () -> InferenceSession.compile(net, polys, desc,
                    bootstrapping, logN, logScale, insecure)));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--configs names no configuration");
        }
        return out;
    }

    /** The lowest uniform degree the plan's baselines record as meeting the budget. */
    private static int planUniformDegree(Plan plan) {
        return plan.baselines().stream().filter(b -> b.meetsBudget() && b.name().startsWith("uniform-"))
                .mapToInt(b -> Integer.parseInt(b.name().substring("uniform-".length()))).min()
                .orElseThrow(() -> new IllegalArgumentException("the plan records no uniform baseline within its "
                        + "budget; give --uniform-degree"));
    }

    private Map<String, Double> plaintextAccuracy(Network net, List<Candidate> candidates, Dataset test) {
        Map<String, Double> acc = new LinkedHashMap<>();
        if (accuracyImages <= 0) {
            return acc;
        }
        Dataset head = test.head(Math.min(accuracyImages, test.size()));
        try (Executor ex = new Executor(net)) {
            for (Candidate c : candidates) {
                try (Progress p = new Progress("plaintext top-1: " + c.name(), head.size())) {
                    Executor.EvalResult r = ex.evaluate(head, 250, c.polynomials().hooks(), p);
                    acc.put(c.name(), r.accuracy());
                    System.out.printf(Locale.ROOT, "plaintext  : %s top-1 %.2f%% on %d test images%n", c.name(),
                            100 * r.accuracy(), r.total());
                }
            }
        }
        return acc;
    }

    private BenchReport.Config runConfig(Candidate c, Evaluator evaluator, CkksContext context, InferenceClient client,
                                         Bootstrapper bootstrapper, BootstrappingKeys bootKeys, Executor plain,
                                         Dataset test, Double plaintextTop1) {
        InferenceSession.Compiled compiled = c.compile();
        HeProgram program = compiled.program();
        program.compileTransforms();
        EncryptedInference server = EncryptedInference.onCkks(program, evaluator, bootstrapper, bootKeys);
        List<BenchReport.Image> done = new ArrayList<>();
        for (int i = index; i < index + images; i++) {
            float[] image = test.images().sample(i);
            EncryptedInference.Result r;
            try (Ciphertext ct = client.encrypt(program, image);
                 Progress progress = new Progress(c.name() + ": image " + i, program.steps().size())) {
                r = server.run(ct, (k, step, value) -> progress.step());
            }
            double[] logits;
            try (Ciphertext l = r.logits()) {
                logits = client.decryptLogits(program, l);
            }
            PlaintextComparison cmp = PlaintextComparison.of(logits, plain, c.polynomials(), image);
            BenchReport.Image res = BenchReport.Image.of(i, test.labels()[i], cmp, r.timing());
            done.add(res);
            System.out.printf(Locale.ROOT, "%-10s : image %d label %d encrypted %d plaintext %d exact %d, logit error "
                            + "%.2e, %s%n", c.name(), i, res.label(), res.encryptedTop1(), res.plaintextTop1(),
                    res.exactTop1(), res.maxAbsLogitError(), r.timing());
        }
        int depth = 0;
        for (HeStep s : program.steps()) {
            if (s instanceof HeStep.Activation a) {
                depth += a.depth();
            }
        }
        int[] degrees = c.polynomials().layers().values().stream().mapToInt(BenchCommand::degree).toArray();
        return new BenchReport.Config(c.name(), c.description(), degrees, depth, program.bootstrapCount(),
                program.rotationSteps().length, plaintextTop1, Math.min(accuracyImages, test.size()), done);
    }

    /** A layer's polynomial degree; for a composite, the degree of x·(1 + p_k∘…∘p_1) (1 + the product). */
    private static int degree(ActivationPolynomial p) {
        if (p instanceof ActivationPolynomial.Single s) {
            return s.series().degree();
        }
        int d = 1;
        for (ChebyshevSeries stage : ((ActivationPolynomial.CompositeRelu) p).signStages()) {
            d *= stage.degree();
        }
        return d + 1;
    }

    /** Peak resident set of this process (VmHWM), or -1 where /proc is not available. */
    static long peakResidentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", host());
        m.put("cpu", cpuModel());
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("loadAverageAtEnd", loadAverage());
        return m;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
