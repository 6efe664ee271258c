package dev.olafhe.infer;

import dev.olafhe.backend.Backends;
import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.EvaluationKeySet;
import dev.olafhe.ckks.Evaluator;
import dev.olafhe.ckks.KeyMemoryReport;
import dev.olafhe.ckks.SecurityPolicy;
import dev.olafhe.ckks.boot.Bootstrapper;
import dev.olafhe.ckks.boot.BootstrappingKeys;
import dev.olafhe.nn.Executor;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.data.DataSpec;
import dev.olafhe.nn.data.Dataset;
import dev.olafhe.nn.onnx.OnnxImporter;
import dev.olafhe.plan.Plan;
import dev.olafhe.plan.PlanFile;
import dev.olafhe.plan.PlanFits;
import dev.olafhe.util.FileDigest;
import dev.olafhe.util.ProgressListener;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The OLA plan against uniform-degree baselines ({@link BenchConfigurations}), encrypted, on one backend with the
 * same parameters, keys and test images: per configuration and image the latency and its breakdown, the class and
 * the agreement with the plaintext model; with the plaintext top-1 of each configuration's polynomials, the key
 * memory and the machine. The result is a {@link BenchReport}, handed to the {@link Listener} after every
 * configuration so that a long run stopped later keeps what it measured.
 */
public final class EncryptedBenchmark {
    /** Test images per batch of the plaintext accuracy runs. */
    private static final int ACCURACY_BATCH = 250;

    /**
     * @param configs        configuration names in order (ola, uniform, composite)
     * @param uniformDegree  degree of the uniform baseline, or null for the lowest the plan records within budget
     * @param accuracyImages test images for the plaintext top-1 of each configuration (0: skip)
     * @param bootstrapping  bootstrapping preset name; the chain without one is logN, logScale
     * @param random         randomness for keys and encryption (a SecureRandom outside tests)
     * @param command        the command line, for the report
     * @param levelCosts     a cost file of {@code ola calibrate} ({@link LevelCostFile}) to place the bootstraps and
     *                       predict each configuration's time with, or null for the plan's analytic predictions
     */
    public record Options(Path model, Path plan, List<String> configs, Integer uniformDegree, int index, int images,
                          int accuracyImages, String bootstrapping, int logN, int logScale, boolean insecure,
                          KeyResidency residency, Random random, String command, Path levelCosts) {
    }

    /** What the benchmark reports as it goes. */
    public interface Listener {
        /** A configuration compiled (before anything runs: all must share one parameter set). */
        void compiled(String configuration, CompiledSession compiled);

        /** Plaintext top-1 of a configuration's polynomials on the first {@code images} test images. */
        void plaintextAccuracy(String configuration, double top1, int images);

        /** The backend is open with {@code params}; keys kept as {@code keyMemory} says. */
        void runtime(CkksRuntime runtime, CkksParameters params, String keyMemory);

        /** The keys of all configurations (and bootstrapping's) generated. */
        void keys(long keyBytes, double seconds);

        /** One image of one configuration, encrypted, inferred, decrypted and compared. */
        void image(String configuration, BenchReport.Image image, EncryptedInference.Timing timing);

        /** A configuration finished: the report of all configurations so far. */
        void measured(BenchReport report) throws IOException;
    }

    private final Options options;
    private final Listener listener;
    private final ProgressListener progress;
    private final String date = Instant.now().toString();
    private final String loadAtStart = MachineInfo.loadAverage();
    private final Map<String, Object> inputs = new LinkedHashMap<>();
    private final Map<String, Object> memory = new LinkedHashMap<>();
    private final List<BenchReport.Config> results = new ArrayList<>();
    /** The measured costs of --level-costs, or null (the analytic model places, the plan predicts). */
    private MeasuredLevelCosts measured;
    /** What priced the plan's own predictions (its cost model's description). */
    private String planCostModel;

    private EncryptedBenchmark(Options options, Listener listener, ProgressListener progress) {
        this.options = options;
        this.listener = listener;
        this.progress = progress;
    }

    /**
     * Runs the benchmark on the backend {@code backend} chose; {@code fits} re-creates the planner's baselines
     * (needed only for the uniform and composite configurations). Returns the final report.
     */
    public static BenchReport run(Options options, Backends.Decision backend, PlanFits.Source fits, Listener listener,
                                  ProgressListener progress) throws IOException {
        SecurityPolicy.requireRandomness(SecurityPolicy.isDeterministic(options.random()), options.insecure());
        return new EncryptedBenchmark(options, listener, progress).run(backend, fits);
    }

    /** The cheap checks first (model, plan, test images), then the configurations, compiled and run. */
    private BenchReport run(Backends.Decision backend, PlanFits.Source fits) throws IOException {
        if (options.images() < 1 || options.index() < 0) {
            throw new IllegalArgumentException("--index must be at least 0 and --images at least 1");
        }
        Network net = OnnxImporter.load(options.model());
        Plan plan = PlanFile.read(options.plan());
        String modelSha = FileDigest.sha256(options.model());
        PlanFile.checkModel(plan, options.plan(), net, modelSha);
        Dataset test = testImages(plan);
        planCostModel = plan.costModel().description();
        if (options.levelCosts() != null) {
            measured = LevelCostFile.load(options.levelCosts(), options.bootstrapping());
            inputs.put("levelCosts", options.levelCosts().toString());
        }
        LevelCostModel costs = measured != null ? measured : new LimbCostModel();
        inputs.put("model", net.name());
        inputs.put("modelFile", options.model().toString());
        inputs.put("modelSha256", modelSha);
        inputs.put("plan", options.plan().toString());
        inputs.put("planSha256", FileDigest.sha256(options.plan()));
        List<BenchConfigurations.Configuration> configs = new BenchConfigurations(net, plan, options.plan(), modelSha,
                options.uniformDegree(), fits, inputs).of(options.configs(), (polys, description) ->
                CompiledSession.compile(net, polys, description, options.bootstrapping(), options.logN(),
                        options.logScale(), options.insecure(), costs));
        Shared shared = compileAll(configs);
        inputs.put("testImages", test.name() + " [" + options.index() + ", " + (options.index() + options.images())
                + ")");
        Map<String, Double> plaintext = plaintextAccuracy(net, configs, test);
        return encrypted(backend, net, configs, shared, test, plaintext);
    }

    /** The test set of the plan's data; --index/--images must select images of it. */
    private Dataset testImages(Plan plan) throws IOException {
        Dataset test = DataSpec.resolve(plan.data().spec(), "test", 1, DataSpec.DEFAULT_CALIBRATION,
                DataSpec.DEFAULT_VALIDATION);
        long to = (long) options.index() + options.images();
        if (to > test.size()) {
            throw new IllegalArgumentException("--index/--images select test images [" + options.index() + ", " + to
                    + ") but the test set has " + test.size());
        }
        return test;
    }

    /**
     * What all configurations share: the first one compiled (its parameters and bootstrapping are everyone's), the
     * union of their key requirements, and the resident key bytes (largest program plus bootstrapping).
     */
    private record Shared(CompiledSession first, KeyRequirements needs, long residentBytes) {
    }

    /** Compiles every configuration once to check that all share one parameter set and slot count. */
    private Shared compileAll(List<BenchConfigurations.Configuration> configs) {
        CompiledSession first = null;
        List<KeyRequirements> needs = new ArrayList<>();
        long residentBytes = 0;
        for (BenchConfigurations.Configuration c : configs) {
            CompiledSession compiled = c.compile();
            listener.compiled(c.name(), compiled);
            if (first == null) {
                first = compiled;
            } else if (!compiled.params().literal().equals(first.params().literal())
                    || compiled.program().slots() != first.program().slots()) {
                throw new IllegalArgumentException("configuration " + c.name() + " compiles to other parameters or "
                        + "slots than " + configs.get(0).name() + "; run them with a bootstrapping preset (such as "
                        + "--bootstrapping n16-resnet) so all share one parameter set");
            }
            needs.add(compiled.program().keyRequirements());
            residentBytes = Math.max(residentBytes, KeyEstimate.programBytes(compiled));
        }
        first = configs.get(0).compile(); // again, without its diagonals (compiled only on use)
        if (measured != null) {
            measured.requireBootstrapSlots(first.program().slots());
        }
        residentBytes += KeyEstimate.bootstrappingBytes(first); // one parameter set and slot count for all
        return new Shared(first, KeyRequirements.union(needs), residentBytes);
    }

    /** Plaintext top-1 of every configuration's polynomials on the first --accuracy-images test images. */
    private Map<String, Double> plaintextAccuracy(Network net, List<BenchConfigurations.Configuration> configs,
                                                  Dataset test) {
        Map<String, Double> acc = new LinkedHashMap<>();
        if (options.accuracyImages() <= 0) {
            return acc;
        }
        Dataset head = test.head(Math.min(options.accuracyImages(), test.size()));
        try (Executor ex = new Executor(net)) {
            for (BenchConfigurations.Configuration c : configs) {
                double top1 = ex.evaluate(head, ACCURACY_BATCH, c.polynomials().hooks(), "plaintext top-1: "
                        + c.name(), progress).accuracy();
                acc.put(c.name(), top1);
                listener.plaintextAccuracy(c.name(), top1, head.size());
            }
        }
        return acc;
    }

    /** One key set for all configurations, then every configuration's encrypted runs. */
    private BenchReport encrypted(Backends.Decision backend, Network net,
                                  List<BenchConfigurations.Configuration> configs, Shared shared, Dataset test,
                                  Map<String, Double> plaintext) throws IOException {
        CkksParameters params = shared.first().params();
        try (CkksRuntime rt = CkksRuntime.open(params, backend);
             Executor plain = new Executor(net)) {
            boolean compact = options.residency().compact(shared.residentBytes(), rt.backend());
            if (measured != null) {
                measured.requireResidency(compact);
            }
            listener.runtime(rt, params, options.residency().describe(shared.residentBytes(), rt.backend()));
            long t0 = System.nanoTime();
            try (InferenceClient client = new InferenceClient(rt.context(), options.random(), compact);
                 EvaluationKeySet keys = client.evaluationKeys(shared.needs());
                 Bootstrapper bootstrapper = shared.first().bootstrapper(rt.context(), compact);
                 BootstrappingKeys bootKeys = bootstrapper == null ? null : client.bootstrappingKeys(bootstrapper, progress)) {
                long keyBytes = KeyMemoryReport.of(params, keys).totalInMemory() + (bootKeys == null ? 0
                        : KeyMemoryReport.of(params, bootKeys.evaluationKeys()).totalInMemory());
                memory.put("keyBytesInMemory", keyBytes);
                memory.put("keysCompact", compact);
                memory.put("rotationKeys", keys.galoisElements().size());
                memory.put("rotationKeySet", "the union of the configurations' rotation steps, each key generated at "
                        + "the highest level a configuration rotates by it; bootstrapping's keys at the levels used");
                listener.keys(keyBytes, (System.nanoTime() - t0) / 1e9);
                Setup setup = new Setup(new Evaluator(rt.context(), keys), client, bootstrapper, bootKeys, compact, plain,
                        test);
                BenchReport report = null;
                for (BenchConfigurations.Configuration c : configs) {
                    results.add(measure(c, setup, plaintext.get(c.name())));
                    report = report(rt, params);
                    listener.measured(report);
                }
                return report;
            }
        }
    }

    /**
     * What every configuration's encrypted runs share: keys, client, bootstrapper, the --compact decision (also for
     * the linear layers' diagonals), plaintext model, images.
     */
    private record Setup(Evaluator evaluator, InferenceClient client, Bootstrapper bootstrapper,
                         BootstrappingKeys bootKeys, boolean compact, Executor plain, Dataset test) {
    }

    /** The encrypted runs of one configuration, compiled now and dropped after. */
    private BenchReport.Config measure(BenchConfigurations.Configuration c, Setup s, Double plaintextTop1) {
        HeProgram program = c.compile().program();
        program.compileTransforms();
        List<BenchReport.Image> done = new ArrayList<>();
        try (EncryptedInference server = EncryptedInference.onCkks(program, s.evaluator(), s.bootstrapper(),
                s.bootKeys(), s.compact())) {
            for (int i = options.index(); i < options.index() + options.images(); i++) {
                done.add(image(c, i, program, server, s));
            }
        }
        int[] degrees = c.polynomials().layers().values().stream().mapToInt(ActivationPolynomial::degree).toArray();
        Map<String, Double> stages = measured != null ? program.predictedCostByStage(measured) : null;
        Double predicted = stages != null ? (Double) program.predictedCost(measured) : c.predictedSeconds();
        String source = measured != null ? measured.source()
                : c.predictedSeconds() != null ? BenchReport.planPrediction(planCostModel) : null;
        return new BenchReport.Config(c.name(), c.description(), degrees, program.activationDepth(),
                program.bootstrapCount(), program.rotationSteps().length, plaintextTop1,
                Math.min(options.accuracyImages(), s.test().size()), predicted, source, stages, done);
    }

    /** Test image {@code i} encrypted, inferred, decrypted and compared with the plaintext model. */
    private BenchReport.Image image(BenchConfigurations.Configuration c, int i, HeProgram program,
                                    EncryptedInference server, Setup s) {
        float[] image = s.test().images().sample(i);
        EncryptedInference.Result r;
        try (Ciphertext ct = s.client().encrypt(program, image);
             ProgressListener.Task task = progress.start(c.name() + ": image " + i, program.steps().size())) {
            r = server.run(ct, (k, step, value) -> task.step());
        }
        double[] logits;
        try (Ciphertext l = r.logits()) {
            logits = s.client().decryptLogits(program, l);
        }
        PlaintextComparison cmp = PlaintextComparison.of(logits, s.plain(), c.polynomials(), image);
        BenchReport.Image result = BenchReport.Image.of(i, s.test().labels()[i], cmp, r.timing());
        listener.image(c.name(), result, r.timing());
        return result;
    }

    /** The report of the configurations measured so far, with the memory and the machine as they are now. */
    private BenchReport report(CkksRuntime rt, CkksParameters params) {
        memory.put("peakResidentBytes", MachineInfo.peakResidentBytes());
        memory.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        memory.put("device", "none (host memory only on this backend)");
        Map<String, Object> machine = MachineInfo.describe();
        machine.put("loadAverageAtStart", loadAtStart);
        machine.put("backendDecision", rt.why());
        return new BenchReport(date, options.command(), machine, rt.backend().name(),
                SecurityPolicy.describe(params, SecurityPolicy.isDeterministic(options.random())),
                new LinkedHashMap<>(inputs), new LinkedHashMap<>(memory), List.copyOf(results));
    }
}
