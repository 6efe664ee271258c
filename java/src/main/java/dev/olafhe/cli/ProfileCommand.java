package dev.olafhe.cli;

import dev.olafhe.ola.SplitProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ola profile}: input statistics of every activation layer on a calibration split, as JSON. Two passes:
 * the first finds each layer's min/max, the second histograms over exactly that observed range.
 */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = "Record every activation layer's input distribution (histogram, min/max, mean/std) as JSON.")
public final class ProfileCommand implements Callable<Integer> {
    @Mixin
    ModelDataOptions input;

    @Mixin
    ExecutorOptions execution;

    @Option(names = "--split", defaultValue = "calibration",
            description = "calibration (default), validation, train; never profile on test")
    String split;

    @Option(names = "--calibration-size", defaultValue = "5000")
    int calibrationSize;

    @Option(names = "--validation-size", defaultValue = "5000")
    int validationSize;

    @Option(names = "--bins", defaultValue = "256", description = "histogram bins per layer")
    int bins;

    @Option(names = "--out", required = true, description = "output JSON file")
    Path out;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("tool", "ola profile");
        provenance.put("version", OlaVersion.get());
        SplitProfile p = SplitProfile.measure(new SplitProfile.Options(input.model, input.data, split, input.seed,
                calibrationSize, validationSize, bins, execution.batch, execution.threads()), provenance, new ConsoleProgress());
        p.write(out);
        System.out.printf("profiled %d activation layers of %s on %s (%d images) -> %s%n", p.layers(), p.modelName(),
                p.datasetName(), p.images(), out);
        return 0;
    }
}
