package dev.olafhe.nn;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.olafhe.nn.data.Dataset;
import dev.olafhe.nn.data.FashionMnist;
import dev.olafhe.nn.onnx.OnnxImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Java executor reproduces PyTorch's logits (models/*.ref.json) on fixed Fashion-MNIST test images. */
class ExecutorReferenceTest {
    static Dataset test;

    @BeforeAll
    static void load() throws IOException {
        test = FashionMnist.test();
    }

    @ParameterizedTest
    @ValueSource(strings = {"resnet20", "resnet32", "convnext_tiny32"})
    void logitsMatchPyTorch(String model) throws IOException {
        Network net = OnnxImporter.load(ModelFiles.onnx(model));
        JsonObject ref = ModelFiles.reference(model);
        JsonArray idx = ref.getAsJsonArray("indices");
        JsonArray logits = ref.getAsJsonArray("logits");
        JsonArray labels = ref.getAsJsonArray("labels");
        int[] indices = new int[idx.size()];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = idx.get(i).getAsInt();
            assertEquals(labels.get(i).getAsInt(), test.labels()[indices[i]], "label of test image " + indices[i]);
        }
        Dataset sub = test.subset("ref", indices);
        double maxErr = 0;
        double maxAbs = 0;
        try (Executor ex = new Executor(net, 2)) {
            Tensor out = ex.forward(sub.images());
            for (int i = 0; i < indices.length; i++) {
                JsonArray row = logits.get(i).getAsJsonArray();
                assertEquals(row.size(), out.sampleSize());
                for (int k = 0; k < row.size(); k++) {
                    double want = row.get(k).getAsDouble();
                    maxErr = Math.max(maxErr, Math.abs(out.data[i * row.size() + k] - want));
                    maxAbs = Math.max(maxAbs, Math.abs(want));
                }
            }
            // single-threaded gives the same logits (chunking does not change the arithmetic)
            try (Executor one = new Executor(net, 1)) {
                Tensor out1 = one.forward(sub.images());
                for (int i = 0; i < out.data.length; i++) {
                    assertEquals(out.data[i], out1.data[i], 0f);
                }
            }
        }
        // float32 on both sides, different summation orders: about 1e-6 relative per layer; 1e-4 leaves ample margin
        double tolerance = 1e-4 * Math.max(1, maxAbs);
        System.out.printf(Locale.ROOT, "[reference] %s: %d images, max |logit| %.3f, max abs error vs PyTorch %.3e "
                + "(tolerance %.1e)%n", model, indices.length, maxAbs, maxErr, tolerance);
        assertTrue(maxErr < tolerance, model + ": max abs logit error " + maxErr + " >= " + tolerance);
    }
}
