package dev.olafhe.infer;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.olafhe.util.SafeFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import static dev.olafhe.infer.JsonFields.bool;
import static dev.olafhe.infer.JsonFields.integer;
import static dev.olafhe.infer.JsonFields.string;

/**
 * The format of {@value InferenceSession#FILE}: a JSON object with the fields of {@link InferenceSession}, in its order
 * (plan and planSha256 absent without a plan). Model, plan and data directory are stored relative to the key folder,
 * so the folder works from any working directory and keeps working when moved together with them.
 *
 * <p>Reading is bounded and strict ({@link JsonFields}), then every value is checked
 * ({@link InferenceSession#validate}); anything wrong is one IOException line naming the file and the field. Files of earlier versions still load: without composite, bootstrapping or
 * deterministicKeys (false, none, false), and with paths relative to the directory keygen ran in (used when the
 * file is not found next to the key folder but is found from the working directory).
 */
final class SessionFile {
    /** Bounds a stored path. */
    static final int MAX_PATH_CHARS = 4096;
    private static final List<String> FIELDS = List.of("model", "modelSha256", "plan", "planSha256", "degree",
            "calibration", "data", "logN", "logScale", "insecure", "bootstrapping", "composite", "deterministicKeys");
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private SessionFile() {
    }

    /** Writes {@code s} into {@code dir}/{@value InferenceSession#FILE} atomically, paths relative to {@code dir}. */
    static void write(InferenceSession s, Path dir) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("model", relative(dir, s.model()));
        o.addProperty("modelSha256", s.modelSha256());
        if (s.plan() != null) {
            o.addProperty("plan", relative(dir, s.plan()));
            o.addProperty("planSha256", s.planSha256());
        }
        o.addProperty("degree", s.degree());
        o.addProperty("calibration", s.calibration());
        o.addProperty("data", InferenceSession.BUILT_IN_DATA.equals(s.data()) ? s.data() : relative(dir, s.data()));
        o.addProperty("logN", s.logN());
        o.addProperty("logScale", s.logScale());
        o.addProperty("insecure", s.insecure());
        o.addProperty("bootstrapping", s.bootstrapping());
        o.addProperty("composite", s.composite());
        o.addProperty("deterministicKeys", s.deterministicKeys());
        SafeFiles.writeString(dir.resolve(InferenceSession.FILE), GSON.toJson(o));
    }

    /** The session in {@code dir}, every field checked; paths resolved (see the class comment). */
    static InferenceSession read(Path dir) throws IOException {
        Path file = dir.resolve(InferenceSession.FILE);
        JsonObject o;
        try {
            o = JsonFields.read(file, "an OLA-FHE session", FIELDS);
        } catch (NoSuchFileException e) {
            throw new IOException(dir + " has no " + InferenceSession.FILE + " (not a key folder); create the keys "
                    + "with `ola keygen --out " + dir + "`", e);
        }
        try {
            String plan = path(o, "plan", false, dir);
            String data = string(o, "data", true);
            InferenceSession s = new InferenceSession(path(o, "model", true, dir), string(o, "modelSha256", true),
                    plan, string(o, "planSha256", false), integer(o, "degree"), integer(o, "calibration"),
                    InferenceSession.BUILT_IN_DATA.equals(data) ? data : path(o, "data", true, dir),
                    integer(o, "logN"), integer(o, "logScale"), bool(o, "insecure", null),
                    string(o, "bootstrapping", false), bool(o, "composite", false),
                    bool(o, "deterministicKeys", false));
            s.validate(field -> "field " + field);
            return s;
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** A path field, checked and resolved ({@link #resolve}); null when absent and not {@code required}. */
    private static String path(JsonObject o, String field, boolean required, Path dir) {
        String value = string(o, field, required);
        if (value == null) {
            return null;
        }
        InferenceSession.requirePath(value, field, f -> "field " + f);
        return resolve(dir, value);
    }

    /** {@code path} (absolute) relative to the key folder, or as it is where no relative path leads there. */
    private static String relative(Path dir, String path) {
        Path folder = dir.toAbsolutePath().normalize();
        try {
            return folder.relativize(Path.of(path)).toString();
        } catch (IllegalArgumentException e) {
            return path; // another root (e.g. another drive on Windows)
        }
    }

    /**
     * The absolute path a stored path means: relative to the key folder; a file from before paths were stored that
     * way holds them relative to keygen's working directory, so when nothing is found next to the folder but the
     * path exists from the working directory, that one.
     */
    private static String resolve(Path dir, String stored) {
        Path p = Path.of(stored);
        if (p.isAbsolute()) {
            return p.normalize().toString();
        }
        Path inFolder = dir.toAbsolutePath().normalize().resolve(p).normalize();
        if (!Files.exists(inFolder) && Files.exists(p)) {
            return p.toAbsolutePath().normalize().toString();
        }
        return inFolder.toString();
    }

}
