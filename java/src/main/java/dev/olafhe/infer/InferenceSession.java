package dev.olafhe.infer;

import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.SecurityPolicy;
import dev.olafhe.ckks.boot.BootstrappingParametersLiteral;
import dev.olafhe.ckks.boot.BootstrappingPresets;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.data.DataSpec;
import dev.olafhe.nn.data.Dataset;
import dev.olafhe.nn.onnx.OnnxImporter;
import dev.olafhe.plan.PlanFile;
import dev.olafhe.util.FileDigest;
import dev.olafhe.util.JsonInput;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What client and server must agree on for encrypted inference: the model (and its SHA-256), the activation
 * polynomials (a plan file, or a uniform ReLU degree or the composite minimax ReLU on calibrated ranges), the
 * data set and the CKKS ring degree and scale or the bootstrapping preset, and how secure the keys are. Key
 * generation writes it as {@value #FILE} into the key folder ({@link KeyFolder}, format: {@link SessionFile});
 * everything else reads it, so every side compiles the same {@link HeProgram} and refuses a model or plan that
 * changed. In memory the model, plan and data paths are absolute; the file stores them relative to the key folder.
 *
 * @param plan              plan file, or null for the calibrated polynomials
 * @param bootstrapping     a {@link BootstrappingPresets} name ({@value BootstrappingPresets#NONE}: every level up
 *                          front)
 * @param composite         the composite minimax ReLU instead of the uniform degree (without a plan)
 * @param insecure          INSECURE choices were allowed ({@value SecurityPolicy#INSECURE_FLAG}): parameters below
 *                          128-bit security, a test-only preset, deterministic keys; true whenever one of them is made
 * @param deterministicKeys keys and encryptions from a seed ({@code --seed}), not a CSPRNG: INSECURE
 */
public record InferenceSession(String model, String modelSha256, String plan, String planSha256, int degree,
                               int calibration, String data, int logN, int logScale, boolean insecure,
                               String bootstrapping, boolean composite, boolean deterministicKeys) {
    /** The session's file in a key folder. */
    public static final String FILE = "session.json";
    /** The largest uniform ReLU degree (as the planner's candidate degrees). */
    public static final int MAX_DEGREE = 255;
    /** The most calibration images (more than any training set has: bounds what a session file may ask for). */
    public static final int MAX_CALIBRATION = 1_000_000;
    /** Share of each calibrated range added on both sides before fitting (activations beyond the calibration). */
    private static final double CALIBRATION_MARGIN = 0.1;
    /** The data set {@link DataSpec} knows by name (every other data value is a directory). */
    static final String BUILT_IN_DATA = "fashion-mnist";
    /** The command-line option of each field, for messages about a session being created. */
    private static final Map<String, String> OPTIONS = Map.ofEntries(Map.entry("model", "--model"),
            Map.entry("plan", "--plan"), Map.entry("degree", "--degree"), Map.entry("calibration", "--calibration"),
            Map.entry("data", "--data"), Map.entry("logN", "--logn"), Map.entry("logScale", "--log-scale"),
            Map.entry("bootstrapping", "--bootstrapping"), Map.entry("composite", "--composite"),
            Map.entry("insecure", SecurityPolicy.INSECURE_FLAG), Map.entry("deterministicKeys", "--seed"));

    /** A session file written before bootstrapping existed has no preset: none. */
    public InferenceSession {
        bootstrapping = bootstrapping == null ? BootstrappingPresets.NONE : bootstrapping;
    }

    /**
     * A new session for {@code model} (and {@code plan}, or null), hashing both. Refuses, before any work and with
     * the option to change: INSECURE choices without {@code insecure} ({@link SecurityPolicy}: a test-only
     * bootstrapping preset, deterministic keys), a plan together with the composite, and values out of range.
     */
    public static InferenceSession create(Path model, Path plan, int degree, int calibration, boolean composite,
                                          String data, int logN, int logScale, boolean insecure, String bootstrapping,
                                          boolean deterministicKeys) throws IOException {
        SecurityPolicy.requireRandomness(deterministicKeys, insecure);
        Optional<BootstrappingParametersLiteral> preset = BootstrappingPresets.byName(bootstrapping);
        SecurityPolicy.requireParameters(preset.map(BootstrappingParametersLiteral::testOnly).orElse(false),
                "--bootstrapping " + bootstrapping, insecure);
        String dataPath = BUILT_IN_DATA.equals(data) ? data : absolute(Path.of(data));
        InferenceSession unhashed = new InferenceSession(absolute(model), null, plan == null ? null : absolute(plan),
                null, degree, calibration, dataPath, logN, logScale, insecure, bootstrapping, composite,
                deterministicKeys);
        unhashed.validateChoices(OPTIONS::get);
        return new InferenceSession(unhashed.model, FileDigest.sha256(model), unhashed.plan,
                plan == null ? null : FileDigest.sha256(plan), degree, calibration, dataPath, logN, logScale, insecure,
                bootstrapping, composite, deterministicKeys);
    }

    private static String absolute(Path path) {
        return path.toAbsolutePath().normalize().toString();
    }

    /**
     * Checks every field (ranges, hashes, known preset, what excludes what, INSECURE choices marked insecure);
     * {@code name} names a field in the message (its option, or "field x" of a session file).
     *
     * @throws IllegalArgumentException with one line: the first problem found
     */
    void validate(UnaryOperator<String> name) {
        requirePath(model, "model", name);
        requireSha256(modelSha256, "modelSha256", name);
        if (plan != null || planSha256 != null) {
            requirePath(plan, "plan", name);
            requireSha256(planSha256, "planSha256", name);
        }
        requirePath(data, "data", name);
        validateChoices(name);
    }

    /** {@link #validate} without the files: the options' ranges and what excludes what. */
    private void validateChoices(UnaryOperator<String> name) {
        requireRange(degree, 1, MAX_DEGREE, "degree", name);
        requireRange(calibration, 1, MAX_CALIBRATION, "calibration", name);
        requireRange(logN, CkksParameters.MIN_LOG_N, CkksParameters.MAX_LOG_N, "logN", name);
        requireRange(logScale, InferenceParameters.minLogScale(logN), InferenceParameters.MAX_LOG_SCALE, "logScale",
                name);
        if (!BootstrappingPresets.isName(bootstrapping)) {
            throw new IllegalArgumentException(name.apply("bootstrapping") + " must be one of "
                    + String.join(", ", BootstrappingPresets.names()) + " (a preset may name a level budget, "
                    + "e.g. n16-h192:4,4), got " + JsonInput.quote(bootstrapping));
        }
        if (composite && plan != null) {
            throw new IllegalArgumentException(name.apply("composite") + " and " + name.apply("plan") + " exclude each "
                    + "other: --composite replaces every ReLU by the composite minimax ReLU, --plan takes the plan "
                    + "file's polynomials");
        }
        boolean testOnlyPreset = BootstrappingPresets.byName(bootstrapping)
                .map(BootstrappingParametersLiteral::testOnly).orElse(false);
        if (!insecure && (testOnlyPreset || deterministicKeys)) {
            throw new IllegalArgumentException(name.apply("insecure") + " is false, but the session is INSECURE ("
                    + (deterministicKeys ? "deterministic keys" : "test-only preset " + bootstrapping) + ")");
        }
    }

    private static void requireRange(int value, int min, int max, String field, UnaryOperator<String> name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name.apply(field) + " must be in [" + min + ", " + max + "], got "
                    + value);
        }
    }

    private static void requireSha256(String value, String field, UnaryOperator<String> name) {
        if (value == null || !value.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(name.apply(field) + " must be a SHA-256 (64 lower-case hex digits), got "
                    + JsonInput.quote(value));
        }
    }

    static void requirePath(String value, String field, UnaryOperator<String> name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name.apply(field) + " is missing");
        }
        if (value.length() > SessionFile.MAX_PATH_CHARS || !JsonInput.printable(value)) {
            throw new IllegalArgumentException(name.apply(field) + " must be a path of at most "
                    + SessionFile.MAX_PATH_CHARS + " printable characters, got " + JsonInput.quote(value));
        }
        try {
            Path.of(value);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(name.apply(field) + " is not a valid path: " + JsonInput.quote(value));
        }
    }

    /** Writes {@value #FILE} into {@code dir} (created if needed), atomically; paths relative to {@code dir}. */
    public void save(Path dir) throws IOException {
        SessionFile.write(this, dir);
    }

    /**
     * The session of key folder {@code dir}, every field checked ({@link SessionFile#read}); a missing, malformed or
     * out-of-range file is an IOException of one line naming the file and the field.
     */
    public static InferenceSession load(Path dir) throws IOException {
        return SessionFile.read(dir);
    }

    /** Loads the model and polynomials (checking both against their hashes) and compiles the program. */
    public CompiledSession compile() throws IOException {
        return compile(new LimbCostModel());
    }

    /**
     * As {@link #compile()}, with the bootstraps placed at least cost under {@code costs}. Every side of a session
     * must compile the same program: only client and server in one process ({@code ola run}) may choose the costs.
     */
    public CompiledSession compile(LevelCostModel costs) throws IOException {
        Path modelPath = Path.of(model);
        if (!FileDigest.sha256(modelPath).equals(modelSha256)) {
            throw new IOException("model " + model + " changed since the keys were made (SHA-256 differs); "
                    + "re-run `ola keygen`");
        }
        Network net = OnnxImporter.load(modelPath);
        if (plan != null) {
            Path planPath = Path.of(plan);
            if (!FileDigest.sha256(planPath).equals(planSha256)) {
                throw new IOException("plan " + plan + " changed since the keys were made; re-run `ola keygen`");
            }
            LayerPolynomials polys = LayerPolynomials.fromPlan(PlanFile.read(planPath), net, planPath, modelSha256);
            return compile(net, polys, "plan " + plan, costs);
        }
        Dataset train = DataSpec.resolve(data, "train", 1, DataSpec.DEFAULT_CALIBRATION, DataSpec.DEFAULT_VALIDATION);
        var images = train.head(Math.min(calibration, train.size())).images();
        if (composite) {
            return compile(net, UniformReluPlan.composite(net, images, CALIBRATION_MARGIN), "composite minimax ReLU "
                    + "(alpha 13, degrees 15/15/27) on ranges from " + calibration + " training images", costs);
        }
        return compile(net, UniformReluPlan.calibrate(net, images, degree, CALIBRATION_MARGIN), "uniform ReLU degree "
                + degree + " on ranges from " + calibration + " training images", costs);
    }

    private CompiledSession compile(Network net, LayerPolynomials polys, String description, LevelCostModel costs) {
        return CompiledSession.compile(net, polys, description, bootstrapping, logN, logScale, insecure, costs);
    }

    /** The session's test set (the images a client encrypts). */
    public Dataset testSet() throws IOException {
        return DataSpec.resolve(data, "test", 1, DataSpec.DEFAULT_CALIBRATION, DataSpec.DEFAULT_VALIDATION);
    }

    /** Test image {@code index} of the session's data set; an index outside the test set is refused. */
    public TestImage testImage(int index) throws IOException {
        Dataset test = testSet();
        if (index < 0 || index >= test.size()) {
            throw new IllegalArgumentException("--index " + index + " outside the test set [0, " + test.size() + ")");
        }
        return new TestImage(test.name(), index, test.labels()[index], test.images().sample(index));
    }

    /** One test image (CHW floats) with its label. */
    public record TestImage(String dataset, int index, int label, float[] pixels) {
    }
}
