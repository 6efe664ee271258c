package dev.olafhe.infer;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.olafhe.util.JsonInput;
import dev.olafhe.util.SafeFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * The format of {@value InferenceSession#FILE}: a JSON object with the fields of {@link InferenceSession}, in its order
 * (plan and planSha256 absent without a plan). Model, plan and data directory are stored relative to the key folder,
 * so the folder works from any working directory and keeps working when moved together with them.
 *
 * <p>Reading is bounded and strict ({@link JsonInput#readObject}), then every value is checked
 * ({@link InferenceSession#validate}); anything wrong is one IOException line naming the file and the field. Files
 * of earlier versions still load: without composite, bootstrapping or deterministicKeys (false, none, false), and
 * with paths relative to the directory keygen ran in (used when the file is not found next to the key folder but is
 * found from the working directory).
 */
final class SessionFile {
    /** Bounds the bytes read (a session file has a few hundred). */
    static final int MAX_BYTES = 64 * 1024;
    /** Bounds a stored path. */
    static final int MAX_PATH_CHARS = 4096;
    /** How messages about the file name a field: "field degree". */
    private static final UnaryOperator<String> FIELD = field -> "field " + field;
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
        JsonInput o;
        try {
            o = JsonInput.readObject(file, MAX_BYTES, "an OLA-FHE session").namingPlaces(FIELD);
        } catch (NoSuchFileException e) {
            throw new IOException(dir + " has no " + InferenceSession.FILE + " (not a key folder); create the keys "
                    + "with `ola keygen --out " + dir + "`", e);
        }
        o.onlyFields("model", "modelSha256", "plan", "planSha256", "degree", "calibration", "data", "logN", "logScale",
                "insecure", "bootstrapping", "composite", "deterministicKeys");
        String plan = path(o, "plan", false, dir);
        String planSha256 = optionalString(o, "planSha256");
        String data = o.field("data").string();
        InferenceSession s = new InferenceSession(path(o, "model", true, dir), o.field("modelSha256").string(), plan,
                planSha256, o.field("degree").intValue(), o.field("calibration").intValue(),
                InferenceSession.BUILT_IN_DATA.equals(data) ? data : path(o, "data", true, dir),
                o.field("logN").intValue(), o.field("logScale").intValue(), o.field("insecure").bool(),
                optionalString(o, "bootstrapping"), optionalBool(o, "composite"), optionalBool(o, "deterministicKeys"));
        try {
            s.validate(FIELD);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        return s;
    }

    private static String optionalString(JsonInput o, String field) throws IOException {
        JsonInput f = o.optionalField(field);
        return f == null ? null : f.string();
    }

    /** A boolean field that files of earlier versions lack: false when absent. */
    private static boolean optionalBool(JsonInput o, String field) throws IOException {
        JsonInput f = o.optionalField(field);
        return f != null && f.bool();
    }

    /** A path field, checked and resolved ({@link #resolve}); null when absent and not {@code required}. */
    private static String path(JsonInput o, String field, boolean required, Path dir) throws IOException {
        JsonInput f = required ? o.field(field) : o.optionalField(field);
        if (f == null) {
            return null;
        }
        String value = f.string();
        try {
            InferenceSession.requirePath(value, field, FIELD);
        } catch (IllegalArgumentException e) {
            throw new IOException(o.file() + ": " + e.getMessage(), e);
        }
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
