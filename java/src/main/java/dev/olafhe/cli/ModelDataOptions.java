package dev.olafhe.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** --model, --data and --seed: the model and the data set (and its split seed) of eval, profile and plan. */
final class ModelDataOptions {
    @Option(names = "--model", required = true, description = "ONNX model file")
    Path model;

    @Option(names = "--data", defaultValue = "fashion-mnist",
            description = "fashion-mnist (default) or a CIFAR-10 binary directory")
    String data;

    @Option(names = "--seed", defaultValue = "1",
            description = "seed of the calibration/validation split (default: ${DEFAULT-VALUE})")
    long seed;
}
