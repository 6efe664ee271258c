package dev.olafhe.ola;

import com.google.gson.GsonBuilder;
import dev.olafhe.nn.ActivationStats;
import dev.olafhe.nn.Executor;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.Node;
import dev.olafhe.nn.Op;
import dev.olafhe.nn.data.DataSpec;
import dev.olafhe.nn.data.Dataset;
import dev.olafhe.nn.onnx.OnnxImporter;
import dev.olafhe.util.FileDigest;
import dev.olafhe.util.ProgressListener;
import dev.olafhe.util.SafeFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every activation layer's input distribution (histogram over the observed range, min/max, mean/std) on one split
 * of a data set, with the model's top-1 accuracy on it and where it came from: the JSON document `ola profile`
 * writes. Profiling on the test split is refused (it would leak the test set into choices made from the profile).
 *
 * @param json the document, ready to serialise (provenance, accuracy_on_split, activations)
 */
public record SplitProfile(String modelName, String datasetName, int images, int layers, Map<String, Object> json) {
    /** What to profile: the split's name and sizes are as {@link DataSpec#resolve} takes them. */
    public record Options(Path model, String data, String split, long seed, int calibrationSize, int validationSize,
                          int bins, int batch, int threads) {
    }

    /**
     * Profiles the split; {@code provenance} (tool, version) heads the document's provenance. The two passes are
     * reported to {@code progress}.
     */
    public static SplitProfile measure(Options o, Map<String, Object> provenance, ProgressListener progress)
            throws IOException {
        if (o.split().equals("test")) {
            throw new IllegalArgumentException("refusing to profile on the test split; use calibration (default) or"
                    + " validation");
        }
        Network net = OnnxImporter.load(o.model());
        Dataset ds = DataSpec.resolve(o.data(), o.split(), o.seed(), o.calibrationSize(), o.validationSize());
        Profiler.Histograms h;
        try (Executor ex = new Executor(net, o.threads())) {
            h = Profiler.histograms(ex, ds, o.batch(), o.bins(), progress);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("provenance", provenance(o, ds, provenance));
        json.put("accuracy_on_split", h.evaluation().accuracy());
        List<Object> layers = new ArrayList<>();
        for (int i = 0; i < h.layers().size(); i++) {
            layers.add(layer(i, net.activation(i), h.layers().get(i)));
        }
        json.put("activations", layers);
        return new SplitProfile(net.name(), ds.name(), ds.size(), layers.size(), json);
    }

    /** Writes the document atomically as pretty-printed JSON (non-finite numbers as NaN/Infinity). */
    public void write(Path file) throws IOException {
        SafeFiles.writeString(file, new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
                .create().toJson(json));
    }

    private static Map<String, Object> provenance(Options o, Dataset ds, Map<String, Object> in) throws IOException {
        Map<String, Object> prov = new LinkedHashMap<>(in);
        prov.put("date", Instant.now().toString());
        prov.put("model", o.model().toString());
        prov.put("model_sha256", FileDigest.sha256(o.model()));
        prov.put("data", o.data());
        prov.put("split", o.split());
        prov.put("split_seed", o.seed());
        prov.put("dataset", ds.name());
        prov.put("images", ds.size());
        prov.put("java", System.getProperty("java.version"));
        return prov;
    }

    private static Map<String, Object> layer(int index, Node node, ActivationStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", index);
        m.put("name", node.name());
        m.put("kind", ((Op.Activation) node.op()).kind().name());
        m.put("node_id", node.id());
        m.put("shape", node.shape().dims());
        m.put("count", s.count());
        m.put("min", s.min());
        m.put("max", s.max());
        m.put("mean", s.mean());
        m.put("std", s.std());
        m.put("non_finite", s.nonFinite());
        m.put("hist_lo", s.lo());
        m.put("hist_hi", s.hi());
        m.put("below_range", s.belowRange());
        m.put("above_range", s.aboveRange());
        m.put("histogram", s.histogram());
        return m;
    }
}
