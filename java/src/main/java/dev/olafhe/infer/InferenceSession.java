package dev.olafhe.infer;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import dev.olafhe.ckks.boot.BootstrappingPresets;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.data.DataSpec;
import dev.olafhe.nn.data.Dataset;
import dev.olafhe.nn.onnx.OnnxImporter;
import dev.olafhe.plan.PlanFile;
import dev.olafhe.util.FileDigest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What client and server must agree on for encrypted inference: the model (and its SHA-256), the activation
 * polynomials (a plan file, or a uniform ReLU degree or the composite minimax ReLU on calibrated ranges), the
 * data set and the CKKS ring degree and scale or the bootstrapping preset. Key generation writes it as
 * {@value #FILE} into the key folder ({@link KeyFolder}); everything else reads it, so every side compiles the same
 * {@link HeProgram} and refuses a model or plan that changed.
 *
 * @param plan          plan file, or null for the calibrated polynomials
 * @param bootstrapping a {@link BootstrappingPresets} name ({@value BootstrappingPresets#NONE}: every level up front)
 * @param composite     the composite minimax ReLU instead of the uniform degree (without a plan)
 */
public record InferenceSession(String model, String modelSha256, String plan, String planSha256, int degree,
                               int calibration, String data, int logN, int logScale, boolean insecure,
                               String bootstrapping, boolean composite) {
    /** The session's file in a key folder. */
    public static final String FILE = "session.json";
    /** Share of each calibrated range added on both sides before fitting (activations beyond the calibration). */
    private static final double CALIBRATION_MARGIN = 0.1;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    /**
     * A new session for {@code model} (and {@code plan}, or null), hashing both; refuses an unknown bootstrapping
     * preset and a plan together with the composite before any work.
     */
    public static InferenceSession create(Path model, Path plan, int degree, int calibration, boolean composite,
                                          String data, int logN, int logScale, boolean insecure, String bootstrapping)
            throws IOException {
        BootstrappingPresets.byName(bootstrapping);
        if (composite && plan != null) {
            throw new IllegalArgumentException("--composite and --plan exclude each other: --composite replaces "
                    + "every ReLU by the composite minimax ReLU, --plan takes the plan file's polynomials");
        }
        return new InferenceSession(model.toString(), FileDigest.sha256(model),
                plan == null ? null : plan.toString(), plan == null ? null : FileDigest.sha256(plan), degree,
                calibration, data, logN, logScale, insecure, bootstrapping, composite);
    }

    /** Writes {@value #FILE} into {@code dir} (created if needed). */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(FILE), GSON.toJson(this));
    }

    /** The session of key folder {@code dir}; a missing or malformed file is an IOException that says why. */
    public static InferenceSession load(Path dir) throws IOException {
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
    public CompiledSession compile() throws IOException {
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
            return compile(net, polys, "plan " + plan);
        }
        Dataset train = DataSpec.resolve(data, "train", 1, DataSpec.DEFAULT_CALIBRATION, DataSpec.DEFAULT_VALIDATION);
        var images = train.head(Math.min(calibration, train.size())).images();
        // (a session.json written before --composite existed has no such field: Gson reads it as false)
        if (composite) {
            return compile(net, UniformReluPlan.composite(net, images, CALIBRATION_MARGIN), "composite minimax ReLU "
                    + "(alpha 13, degrees 15/15/27) on ranges from " + calibration + " training images");
        }
        return compile(net, UniformReluPlan.calibrate(net, images, degree, CALIBRATION_MARGIN), "uniform ReLU degree "
                + degree + " on ranges from " + calibration + " training images");
    }

    private CompiledSession compile(Network net, LayerPolynomials polys, String description) {
        return CompiledSession.compile(net, polys, description, bootstrapping, logN, logScale, insecure);
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
