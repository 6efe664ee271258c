package dev.olafhe.cli;

import dev.olafhe.nn.Executor;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.data.DataSpec;
import dev.olafhe.nn.data.Dataset;
import dev.olafhe.nn.onnx.OnnxImporter;
import dev.olafhe.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ola eval}: top-1 accuracy of an ONNX model with the plaintext executor. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Top-1 accuracy of an ONNX model (plaintext executor, exact activations).")
public final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "ONNX model file")
    Path model;

    @Option(names = "--data", defaultValue = "fashion-mnist",
            description = "fashion-mnist (default) or a CIFAR-10 binary directory")
    String data;

    @Option(names = "--split", defaultValue = "test", description = "test (default), train, calibration, validation")
    String split;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the calibration/validation split")
    long seed;

    @Option(names = "--limit", description = "evaluate only the first N images")
    Integer limit;

    @Option(names = "--batch", defaultValue = "250", description = "images per forward call")
    int batch;

    @Option(names = "--threads", description = "worker threads (default: all cores)")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        Network net = OnnxImporter.load(model);
        Dataset ds = DataSpec.resolve(data, split, seed, DataSpec.DEFAULT_CALIBRATION, DataSpec.DEFAULT_VALIDATION);
        if (limit != null) {
            ds = ds.head(limit);
        }
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        Executor.EvalResult r;
        double cpu0 = processCpuSeconds();
        try (Executor ex = new Executor(net, t)) {
            r = ex.evaluate(ds, batch, dev.olafhe.nn.Hooks.NONE, "eval " + net.name(), Progress::new);
        }
        double cpu = processCpuSeconds() - cpu0;
        // CPU time next to wall time shows how much of the machine the run got (shared machines: cpu << threads x wall)
        System.out.printf(Locale.ROOT, "model %s  data %s  top-1 %.2f%% (%d/%d)  %.1f s, %.0f images/s, %d threads, "
                        + "%s GEMM, process CPU %.1f s (%.0f images per CPU-second)%n",
                model, ds.name(), 100 * r.accuracy(), r.correct(), r.total(), r.seconds(), r.imagesPerSecond(), t,
                Executor.gemmImplementation(), cpu, r.total() / cpu);
        return 0;
    }

    private static double processCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }
}
