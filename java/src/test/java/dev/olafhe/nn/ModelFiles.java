package dev.olafhe.nn;

import com.google.gson.Gson;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the committed model zoo ({@code models/} at the repository root) for tests. */
public final class ModelFiles {
    public static final String[] MODELS = {"resnet20", "resnet32", "convnext_tiny32"};

    private ModelFiles() {
    }

    public static Path dir() {
        String p = System.getProperty("olafhe.models");
        if (p != null) {
            return Path.of(p);
        }
        Path here = Path.of("").toAbsolutePath();
        for (Path d = here; d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("models")) && Files.exists(d.resolve("models/train.py"))) {
                return d.resolve("models");
            }
        }
        throw new IllegalStateException("models/ directory not found above " + here);
    }

    /** The committed model file; a missing one fails the test (the zoo is part of the repository). */
    public static Path onnx(String model) {
        Path p = dir().resolve(model + ".onnx");
        if (!Files.exists(p)) {
            throw new IllegalStateException("model " + p + " is missing: the committed zoo (" + String.join(", ", MODELS)
                    + ") must be in models/; models/train.py produces it");
        }
        return p;
    }

    public static JsonObject reference(String model) throws IOException {
        return new Gson().fromJson(Files.readString(dir().resolve(model + ".ref.json")), JsonObject.class);
    }
}
