package dev.olafhe.cli;

import com.google.gson.GsonBuilder;
import dev.olafhe.nn.ActivationStats;
import dev.olafhe.nn.Executor;
import dev.olafhe.nn.Hooks;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.Node;
import dev.olafhe.nn.Op;
import dev.olafhe.nn.data.DataSpec;
import dev.olafhe.nn.data.Dataset;
import dev.olafhe.nn.onnx.OnnxImporter;
import dev.olafhe.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ola profile}: input statistics of every activation layer on a calibration split, as JSON. Two passes:
 * the first finds each layer's min/max, the second histograms over exactly that observed range.
 */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = "Record every activation layer's input distribution (histogram, min/max, mean/std) as JSON.")
public final class ProfileCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "ONNX model file")
    Path model;

    @Option(names = "--data", defaultValue = "fashion-mnist",
            description = "fashion-mnist (default) or a CIFAR-10 binary directory")
    String data;

    @Option(names = "--split", defaultValue = "calibration",
            description = "calibration (default), validation, train; never profile on test")
    String split;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the calibration/validation split")
    long seed;

    @Option(names = "--calibration-size", defaultValue = "5000")
    int calibrationSize;

    @Option(names = "--validation-size", defaultValue = "5000")
    int validationSize;

    @Option(names = "--bins", defaultValue = "256", description = "histogram bins per layer")
    int bins;

    @Option(names = "--batch", defaultValue = "250")
    int batch;

    @Option(names = "--out", required = true, description = "output JSON file")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (split.equals("test")) {
            System.err.println("refusing to profile on the test split; use calibration (default) or validation");
            return 2;
        }
        Network net = OnnxImporter.load(model);
        Dataset ds = DataSpec.resolve(data, split, seed, calibrationSize, validationSize);
        int l = net.numActivations();
        ActivationStats[] range = new ActivationStats[l];
        Hooks pass1 = Hooks.create();
        for (int i = 0; i < l; i++) {
            range[i] = ActivationStats.minMaxOnly();
            pass1.observe(i, range[i]);
        }
        ActivationStats[] hist = new ActivationStats[l];
        Executor.EvalResult r;
        try (Executor ex = new Executor(net)) {
            ex.evaluate(ds, batch, pass1, "profile pass 1/2 (range)", Progress::new);
            for (int i = 0; i < l; i++) {
                double lo = range[i].min();
                double hi = range[i].max();
                if (!(hi > lo)) {
                    hi = lo + 1e-6;
                }
                hist[i] = new ActivationStats(lo, hi, bins);
            }
            Hooks pass2 = Hooks.create();
            for (int i = 0; i < l; i++) {
                pass2.observe(i, hist[i]);
            }
            r = ex.evaluate(ds, batch, pass2, "profile pass 2/2 (histograms)", Progress::new);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        Map<String, Object> prov = new LinkedHashMap<>();
        prov.put("tool", "ola profile");
        prov.put("version", OlaVersion.get());
        prov.put("date", Instant.now().toString());
        prov.put("model", model.toString());
        prov.put("model_sha256", sha256(model));
        prov.put("data", data);
        prov.put("split", split);
        prov.put("split_seed", seed);
        prov.put("dataset", ds.name());
        prov.put("images", ds.size());
        prov.put("java", System.getProperty("java.version"));
        json.put("provenance", prov);
        json.put("accuracy_on_split", r.accuracy());
        List<Object> layers = new ArrayList<>();
        for (int i = 0; i < l; i++) {
            Node node = net.activation(i);
            ActivationStats s = hist[i];
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", i);
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
            layers.add(m);
        }
        json.put("activations", layers);
        Files.writeString(out, new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create()
                .toJson(json));
        System.out.printf("profiled %d activation layers of %s on %s (%d images) -> %s%n", l, net.name(), ds.name(),
                ds.size(), out);
        return 0;
    }

    static String sha256(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int k; (k = in.read(buf)) > 0; ) {
                md.update(buf, 0, k);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
