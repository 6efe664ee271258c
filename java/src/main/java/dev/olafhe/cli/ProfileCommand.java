package dev.olafhe.cli;

import dev.olafhe.ola.SplitProfile;
import dev.olafhe.util.SafeFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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

    @Option(names = "--calibration-size", defaultValue = "5000",
            description = "images of the calibration split of the training set (default: ${DEFAULT-VALUE})")
    int calibrationSize;

    @Option(names = "--validation-size", defaultValue = "5000",
            description = "images of the validation split of the training set (default: ${DEFAULT-VALUE})")
    int validationSize;

    @Option(names = "--bins", defaultValue = "256", description = "histogram bins per layer, 1 to "
            + OptionBounds.MAX_BINS + " (default: ${DEFAULT-VALUE})")
    int bins;

    @Option(names = "--out", required = true, description = "output JSON file (checked before profiling)")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        execution.check(spec);
        OptionBounds.check(spec, "--calibration-size", calibrationSize, 1, Integer.MAX_VALUE);
        OptionBounds.check(spec, "--validation-size", validationSize, 1, Integer.MAX_VALUE);
        OptionBounds.check(spec, "--bins", bins, 1, OptionBounds.MAX_BINS);
        SafeFiles.checkWritable(out);
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("tool", "ola profile");
        provenance.put("version", OlaVersion.get());
        SplitProfile p = SplitProfile.measure(new SplitProfile.Options(input.model, input.data, split, input.seed,
                calibrationSize, validationSize, bins, execution.batch, execution.threads()), provenance,
                new ConsoleProgress());
        p.write(out);
        System.out.printf("profiled %d activation layers of %s on %s (%d images) -> %s%n", p.layers(), p.modelName(),
                p.datasetName(), p.images(), out);
        return 0;
    }
}
