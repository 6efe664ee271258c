package dev.olafhe.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import dev.olafhe.approx.ChebyshevSeries;
import dev.olafhe.backend.Backend;
import dev.olafhe.backend.Backends;
import dev.olafhe.ckks.CkksContext;
import dev.olafhe.ckks.CkksParameters;
import dev.olafhe.ckks.CkksSerializer;
import dev.olafhe.ckks.Encoder;
import dev.olafhe.ckks.EvaluationKeySet;
import dev.olafhe.ckks.SwitchingKey;
import dev.olafhe.ckks.boot.Bootstrapper;
import dev.olafhe.ckks.boot.BootstrappingKeys;
import dev.olafhe.ckks.boot.BootstrappingParameters;
import dev.olafhe.ckks.boot.BootstrappingParametersLiteral;
import dev.olafhe.ckks.boot.BootstrappingPresets;
import dev.olafhe.infer.CkksPolynomialEvaluation;
import dev.olafhe.infer.HeProgram;
import dev.olafhe.infer.InferenceParameters;
import dev.olafhe.infer.LayerPolynomials;
import dev.olafhe.infer.UniformReluPlan;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.data.DataSpec;
import dev.olafhe.nn.data.Dataset;
import dev.olafhe.nn.onnx.OnnxImporter;
import dev.olafhe.plan.Plan;
import dev.olafhe.plan.PlanFile;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What client and server must agree on for encrypted inference: the model (and its SHA-256), the activation
 * polynomials (a plan file, or a uniform ReLU degree or the composite minimax ReLU on calibrated ranges), the
 * data set and the CKKS ring degree and scale. {@code ola keygen} writes it as {@value #FILE} next to the keys;
 * the other commands read it, so every side compiles the same {@link HeProgram} and refuses a model that changed.
 */
record InferenceSession(String model, String modelSha256, String plan, String planSha256, int degree,
                        int calibration, String data, int logN, int logScale, boolean insecure, String bootstrapping,
                        boolean composite) {
    static final String FILE = "session.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    /** The options that define a session (shared by keygen and run). */
    static final class Options {
        @Option(names = "--model", required = true, description = "ONNX model file")
        Path model;

        @Option(names = "--plan", description = "plan file from `ola plan` (per-layer polynomials); without it, "
                + "every ReLU gets the --degree interpolant on its calibrated range")
        Path plan;

        @Option(names = "--degree", defaultValue = "63", description = "uniform ReLU degree when there is no --plan "
                + "(default: ${DEFAULT-VALUE})")
        int degree;

        @Option(names = "--calibration", defaultValue = "500", description = "training images that give the "
                + "activation ranges for --degree (default: ${DEFAULT-VALUE})")
        int calibration;

        @Option(names = "--composite", description = "every ReLU as the composite minimax ReLU, alpha 13, degrees "
                + "15/15/27, on ranges calibrated like --degree")
        boolean composite;

        @Option(names = "--data", defaultValue = "fashion-mnist", description = "fashion-mnist (default) or a "
                + "CIFAR-10 binary directory")
        String data;

        @Option(names = "--logn", defaultValue = "16", description = "log2 ring degree (default: ${DEFAULT-VALUE})")
        int logN;

        @Option(names = "--log-scale", defaultValue = "40", description = "log2 of the scale and of each level's "
                + "prime (default: ${DEFAULT-VALUE})")
        int logScale;

        @Option(names = "--insecure", description = "allow parameters below 128-bit security (tests, small demos)")
        boolean insecure;

        @Option(names = "--bootstrapping", defaultValue = "none", description = "none (default: every level up "
                + "front, --logn/--log-scale), n16-resnet (logN 16, 16 levels after bootstrapping, 128-bit) or "
                + "logn11-insecure (tests); with bootstrapping the preset fixes the ring and the scale")
        String bootstrapping;

        InferenceSession session() throws IOException {
            bootstrappingLiteral(bootstrapping); // refuse unknown names before any work
            if (composite && plan != null) {
                throw new IllegalArgumentException("--composite and --plan exclude each other: --composite replaces "
                        + "every ReLU by the composite minimax ReLU, --plan takes the plan file's polynomials");
            }
            return new InferenceSession(model.toString(), ProfileCommand.sha256(model),
                    plan == null ? null : plan.toString(), plan == null ? null : ProfileCommand.sha256(plan), degree,
                    calibration, data, logN, logScale, insecure, bootstrapping, composite);
        }
    }

    /** The bootstrapping parameter presets by name; null for "none". */
    static BootstrappingParametersLiteral bootstrappingLiteral(String name) {
        return BootstrappingPresets.byName(name).orElse(null);
    }

    /** The compiled agreement: network, polynomials, program, parameters (and bootstrapping's, or null). */
    record Compiled(Network network, LayerPolynomials polynomials, HeProgram program, CkksParameters params,
                    BootstrappingParameters bootstrapping, String planDescription) {
    }

    void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(FILE), GSON.toJson(this));
    }

    static InferenceSession load(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        try {
            InferenceSession s = GSON.fromJson(Files.readString(file), InferenceSession.class);
            if (s == null || s.model == null || s.modelSha256 == null) {
                throw new IOException(file + " is not an OLA-FHE session (no model); re-run `ola keygen`");
            }
            return s;
        } catch (NoSuchFileException e) {
            throw new IOException(dir + " has no " + FILE + "; create the keys with `ola keygen --out " + dir + "`", e);
        } catch (JsonParseException e) {
            throw new IOException(file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Loads the model and polynomials (checking both against their hashes) and compiles the program. */
    Compiled compile() throws IOException {
        Path modelPath = Path.of(model);
        if (!ProfileCommand.sha256(modelPath).equals(modelSha256)) {
            throw new IOException("model " + model + " changed since the keys were made (SHA-256 differs); "
                    + "re-run `ola keygen`");
        }
        Network net = OnnxImporter.load(modelPath);
        LayerPolynomials polys;
        String description;
        if (plan != null) {
            Path planPath = Path.of(plan);
            if (!ProfileCommand.sha256(planPath).equals(planSha256)) {
                throw new IOException("plan " + plan + " changed since the keys were made; re-run `ola keygen`");
            }
            polys = fromPlanFile(PlanFile.read(planPath), net, planPath);
            description = "plan " + plan;
        } else {
            Dataset train = DataSpec.resolve(data, "train", 1, DataSpec.DEFAULT_CALIBRATION,
                    DataSpec.DEFAULT_VALIDATION);
            var images = train.head(Math.min(calibration, train.size())).images();
            // (a session.json written before --composite existed has no such field: Gson reads it as false)
            if (composite) {
                polys = UniformReluPlan.composite(net, images, 0.1);
                description = "composite minimax ReLU (alpha 13, degrees 15/15/27) on ranges from " + calibration
                        + " training images";
            } else {
                polys = UniformReluPlan.calibrate(net, images, degree, 0.1);
                description = "uniform ReLU degree " + degree + " on ranges from " + calibration + " training images";
            }
        }
        return compile(net, polys, description, bootstrapping, logN, logScale, insecure);
    }

    /**
     * Compiles {@code net} with activation polynomials {@code polys}: with a bootstrapping preset, at the level it
     * leaves; otherwise on a chain of exactly the levels the program needs (ring degree logN, primes of logScale).
     */
    static Compiled compile(Network net, LayerPolynomials polys, String description, String bootstrapping, int logN,
                            int logScale, boolean insecure) {
        BootstrappingParametersLiteral bootLiteral = bootstrappingLiteral(bootstrapping);
        if (bootLiteral != null) {
            // the client encrypts at the level bootstrapping leaves: the levels above belong to bootstrapping
            BootstrappingParameters boot = BootstrappingParameters.of(bootLiteral);
            int level = boot.levelsAfterBootstrapping();
            HeProgram program = HeProgram.compile(net, polys, CkksPolynomialEvaluation::levels, level, level);
            return new Compiled(net, polys, program, boot.ckks(), boot, description + ", bootstrapping "
                    + bootstrapping);
        }
        int levels = HeProgram.requiredLevels(net, polys, CkksPolynomialEvaluation::levels);
        CkksParameters params = CkksParameters.of(InferenceParameters.forLevels(logN, levels, logScale, insecure));
        HeProgram program = HeProgram.compile(net, polys, CkksPolynomialEvaluation::levels, levels, -1);
        return new Compiled(net, polys, program, params, null, description);
    }

    /** The per-layer Chebyshev series of a plan file (the rest of the plan is evidence, not needed here). */
    static LayerPolynomials fromPlanFile(Plan p, Network net, Path file) throws IOException {
        if (p.layers().size() != net.numActivations()) {
            throw new IOException("plan " + file + " has " + p.layers().size() + " layers but " + net.name() + " has "
                    + net.numActivations() + " activations (a plan for another model?)");
        }
        Map<Integer, ChebyshevSeries> layers = new HashMap<>();
        for (Plan.Layer l : p.layers()) {
            if (l.basis() != null && !l.basis().toLowerCase(java.util.Locale.ROOT).startsWith("chebyshev")) {
                throw new IOException("plan " + file + " layer " + l.index() + " uses basis " + l.basis()
                        + "; the encrypted runtime reads Chebyshev series only");
            }
            layers.put(l.index(), new ChebyshevSeries(l.interval()[0], l.interval()[1], l.coefficients()));
        }
        return new LayerPolynomials(layers);
    }

    static final String PARAMETERS_FILE = "params.ckks";
    static final String EVALUATION_KEYS_FILE = "eval.keys";
    static final String BOOTSTRAPPING_KEYS_FILE = "boot.keys";
    static final String DENSE_TO_SPARSE_FILE = "boot-dense-to-sparse.key";
    static final String SPARSE_TO_DENSE_FILE = "boot-sparse-to-dense.key";

    /**
     * The bootstrapper for a compiled session's slot count (DFT factors compact when {@code compactDft}), or null
     * without bootstrapping.
     */
    static Bootstrapper bootstrapper(Compiled c, CkksContext context, boolean compactDft) {
        return c.bootstrapping() == null ? null : new Bootstrapper(context, new Encoder(context), c.bootstrapping(),
                Integer.numberOfTrailingZeros(c.program().slots()), compactDft);
    }

    static void saveBootstrappingKeys(BootstrappingKeys keys, CkksSerializer serializer, Path dir) throws IOException {
        serializer.save(keys.evaluationKeys(), dir.resolve(BOOTSTRAPPING_KEYS_FILE));
        if (keys.encapsulation()) {
            serializer.save(keys.denseToSparse(), dir.resolve(DENSE_TO_SPARSE_FILE));
            serializer.save(keys.sparseToDense(), dir.resolve(SPARSE_TO_DENSE_FILE));
        }
    }

    static BootstrappingKeys loadBootstrappingKeys(CkksSerializer serializer, Path dir) throws IOException {
        EvaluationKeySet keys = serializer.load(dir.resolve(BOOTSTRAPPING_KEYS_FILE), EvaluationKeySet.class);
        if (!Files.exists(dir.resolve(DENSE_TO_SPARSE_FILE))) {
            return new BootstrappingKeys(keys, null, null);
        }
        return new BootstrappingKeys(keys, serializer.load(dir.resolve(DENSE_TO_SPARSE_FILE), SwitchingKey.class),
                serializer.load(dir.resolve(SPARSE_TO_DENSE_FILE), SwitchingKey.class));
    }

    /** A backend (chosen as --backend / OLAFHE_BACKEND say) and a CKKS context on it; closes both. */
    record Runtime(Backend backend, CkksContext context, String why) implements AutoCloseable {
        static Runtime open(CkksParameters params, Backends.Decision d) {
            Backend backend = d.chosen().create();
            return new Runtime(backend, new CkksContext(params, backend), d.why());
        }

        @Override
        public void close() {
            context.close();
            backend.close();
        }
    }

    /** The parameters stored in a key directory, checked against the ones this session compiles to. */
    static CkksParameters storedParameters(Path dir, CkksParameters expected) throws IOException {
        CkksParameters stored = CkksSerializer.loadParameters(dir.resolve(PARAMETERS_FILE));
        if (!stored.literal().equals(expected.literal())) {
            throw new IOException(dir.resolve(PARAMETERS_FILE) + " holds " + stored + " but the session compiles to "
                    + expected + "; the key directory and session.json do not belong together (re-run `ola keygen`)");
        }
        return stored;
    }

    Dataset testSet() throws IOException {
        return DataSpec.resolve(data, "test", 1, DataSpec.DEFAULT_CALIBRATION, DataSpec.DEFAULT_VALIDATION);
    }
}
