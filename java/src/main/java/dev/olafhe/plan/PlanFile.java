package dev.olafhe.plan;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes {@link Plan} JSON; reading checks the format, the version and the fields the runtime needs. */
public final class PlanFile {
    public static final String FORMAT = "olafhe-plan";
    public static final int VERSION = 1;

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .create();

    private PlanFile() {
    }

    public static void write(Plan plan, Path file) throws IOException {
        Files.writeString(file, GSON.toJson(plan) + "\n");
    }

    public static String toJson(Plan plan) {
        return GSON.toJson(plan);
    }

    /** Parses a plan; every problem is reported as an IOException naming the file and what is wrong. */
    public static Plan read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("plan file " + file + " does not exist (create one with `ola plan`)", e);
        }
        JsonObject o;
        try {
            JsonElement e = GSON.fromJson(text, JsonElement.class);
            if (e == null || !e.isJsonObject()) {
                throw new IOException(file + " is not a plan: expected a JSON object");
            }
            o = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IOException(file + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!o.has("format") || !FORMAT.equals(o.get("format").getAsString())) {
            throw new IOException(file + " is not an OLA-FHE plan (\"format\" must be \"" + FORMAT + "\")");
        }
        if (!o.has("version") || o.get("version").getAsInt() != VERSION) {
            throw new IOException(file + " has plan format version " + (o.has("version") ? o.get("version") : "none")
                    + "; this build reads version " + VERSION + " (re-run `ola plan` to regenerate it)");
        }
        Plan p;
        try {
            p = GSON.fromJson(o, Plan.class);
        } catch (JsonParseException | IllegalStateException | NumberFormatException e) {
            throw new IOException(file + ": malformed plan: " + e.getMessage(), e);
        }
        if (p.layers() == null || p.layers().isEmpty()) {
            throw new IOException(file + ": plan has no \"layers\"");
        }
        for (int i = 0; i < p.layers().size(); i++) {
            Plan.Layer l = p.layers().get(i);
            if (l == null || l.coefficients() == null || l.interval() == null || l.interval().length != 2
                    || l.coefficients().length != l.degree() + 1 || !(l.interval()[0] < l.interval()[1])) {
                throw new IOException(file + ": layer " + i + " needs an interval [a, b] with a < b and degree + 1"
                        + " Chebyshev coefficients");
            }
            if (l.index() != i) {
                throw new IOException(file + ": layer " + i + " has index " + l.index() + " (layers must be in"
                        + " activation order)");
            }
        }
        return p;
    }
}
