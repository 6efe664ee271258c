package dev.olafhe.cli;

import dev.olafhe.nn.Executor;
import dev.olafhe.nn.Hooks;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.data.DataSpec;
import dev.olafhe.nn.data.Dataset;
import dev.olafhe.nn.onnx.OnnxImporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ola eval}: top-1 accuracy of an ONNX model with the plaintext executor. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Top-1 accuracy of an ONNX model (plaintext executor, exact activations).")
public final class EvalCommand implements Callable<Integer> {
    @Mixin
    ModelDataOptions input;

    @Mixin
    ExecutorOptions execution;

    @Option(names = "--split", defaultValue = "test", description = "test (default), train, calibration, validation")
    String split;

    @Option(names = "--limit", description = "evaluate only the first N images (N >= 1)")
    Integer limit;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        execution.check(spec);
        if (limit != null) {
            OptionBounds.check(spec, "--limit", limit, 1, Integer.MAX_VALUE);
        }
        Network net = OnnxImporter.load(input.model);
        Dataset ds = DataSpec.resolve(input.data, split, input.seed, DataSpec.DEFAULT_CALIBRATION,
                DataSpec.DEFAULT_VALIDATION);
        if (limit != null) {
            ds = ds.head(limit);
        }
        int t = execution.threads();
        Executor.EvalResult r;
        double cpu0 = processCpuSeconds();
        try (Executor ex = new Executor(net, t)) {
            r = ex.evaluate(ds, execution.batch, Hooks.NONE, "eval " + net.name(), new ConsoleProgress());
        }
        double cpu = processCpuSeconds() - cpu0;
        // CPU time next to wall time shows how much of the machine the run got (shared machines: cpu << threads x wall)
        System.out.printf(Locale.ROOT, "model %s  data %s  top-1 %.2f%% (%d/%d)  %.1f s, %.0f images/s, %d threads, "
                        + "%s GEMM, process CPU %.1f s (%.0f images per CPU-second)%n",
                input.model, ds.name(), 100 * r.accuracy(), r.correct(), r.total(), r.seconds(), r.imagesPerSecond(),
                t, Executor.gemmImplementation(), cpu, r.total() / cpu);
        return 0;
    }

    private static double processCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }
}
