package dev.olafhe.plan;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import dev.olafhe.nn.InputFiles;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.Op;
import dev.olafhe.util.JsonInput;
import dev.olafhe.util.SafeFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads and writes {@link Plan} JSON. Reading checks every field before anything uses the plan ({@link PlanChecks}),
 * and {@link #checkModel} checks a plan against the model it is used with; every refusal is an IOException of one
 * line naming the file and the problem.
 */
public final class PlanFile {
    public static final String FORMAT = "olafhe-plan";
    public static final int VERSION = 1;
    /** Highest polynomial degree a plan may hold (the planner's candidates are bounded by it). */
    public static final int MAX_DEGREE = 255;
    /** Largest plan file read (the committed ResNet-32 plan has 60 KB). */
    public static final long MAX_BYTES = 32L << 20;

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .create();

    private PlanFile() {
    }

    /** Writes the plan atomically ({@link SafeFiles}: never half a file, never over a non-regular file). */
    public static void write(Plan plan, Path file) throws IOException {
        SafeFiles.writeString(file, GSON.toJson(plan) + "\n");
    }

    public static String toJson(Plan plan) {
        return GSON.toJson(plan);
    }

    /** Parses and checks a plan; every problem is reported as an IOException naming the file and what is wrong. */
    public static Plan read(Path file) throws IOException {
        byte[] bytes = InputFiles.readAll(file, MAX_BYTES, "plan file does not exist (create one with `ola plan`)");
        JsonInput root = JsonInput.parseObject(file, bytes, "an OLA-FHE plan");
        JsonInput format = root.optionalField("format");
        if (format == null || !format.element().isJsonPrimitive() || !FORMAT.equals(format.element().getAsString())) {
            throw new IOException(file + " is not an OLA-FHE plan (\"format\" must be \"" + FORMAT + "\")");
        }
        JsonInput version = root.optionalField("version");
        if (version == null || !version.element().toString().equals(Integer.toString(VERSION))) {
            String found = version == null ? "none" : version.element().toString();
            throw new IOException(file + " has plan format version " + (found.matches("-?[0-9]{1,9}") ? found
                    : JsonInput.quote(found)) + "; this build reads version " + VERSION
                    + " (re-run `ola plan` to regenerate it)");
        }
        PlanChecks.check(root);
        try {
            return GSON.fromJson(root.element(), Plan.class);
        } catch (JsonParseException | IllegalStateException | NumberFormatException e) {
            // not expected after the checks; kept so that a gap in them is still one line, not a stack trace
            throw new IOException(file + ": malformed plan (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /**
     * Checks that {@code plan} (read from {@code file}) was made for the model {@code net} whose file has SHA-256
     * {@code modelSha256}: the recorded hash, then the layers ({@link #checkLayers}).
     */
    public static void checkModel(Plan plan, Path file, Network net, String modelSha256) throws IOException {
        if (!plan.model().sha256().equals(modelSha256)) {
            throw new IOException("plan " + file + " was made for the model " + plan.model().name() + " with SHA-256 "
                    + abbreviate(plan.model().sha256()) + ", not for " + net.name() + " (SHA-256 "
                    + abbreviate(modelSha256) + "); make a plan for this model with `ola plan`");
        }
        checkLayers(plan, file, net);
    }

    /**
     * Checks that {@code plan}'s layers match {@code net}'s activation layers: their number, and each layer's
     * activation kind and name.
     */
    public static void checkLayers(Plan plan, Path file, Network net) throws IOException {
        int n = net.numActivations();
        if (plan.layers().size() != n || plan.model().activations() != n) {
            throw new IOException("plan " + file + " has " + plan.layers().size() + " layers but " + net.name()
                    + " has " + n + " activations (a plan for another model?)");
        }
        for (Plan.Layer l : plan.layers()) {
            var node = net.activation(l.index());
            String kind = ((Op.Activation) node.op()).kind().name();
            if (!kind.equals(l.kind())) {
                throw new IOException("plan " + file + " layer " + l.index() + " approximates " + l.kind() + " but "
                        + net.name() + "'s activation " + l.index() + " (" + JsonInput.quote(node.name()) + ") is "
                        + kind + " (a plan for another model?)");
            }
            if (l.name() != null && !Objects.equals(l.name(), node.name())) {
                throw new IOException("plan " + file + " layer " + l.index() + " is for the activation "
                        + JsonInput.quote(l.name()) + " but " + net.name() + "'s activation " + l.index() + " is "
                        + JsonInput.quote(node.name()) + " (a plan for another model?)");
            }
        }
    }

    private static String abbreviate(String sha256) {
        return sha256.length() > 12 ? sha256.substring(0, 12) + "..." : sha256;
    }
}
