package dev.olafhe.cli;

import dev.olafhe.infer.InferenceSession;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** The options that define an {@link InferenceSession} (shared by keygen and run). */
final class SessionOptions {
    @Option(names = "--model", required = true, description = "ONNX model file")
    Path model;

    @Option(names = "--plan", description = "plan file from `ola plan` (per-layer polynomials); without it, "
            + "every ReLU gets the --degree interpolant on its calibrated range")
    Path plan;

    @Option(names = "--degree", defaultValue = "63", description = "uniform ReLU degree when there is no --plan, "
            + "1 to " + InferenceSession.MAX_DEGREE + " (default: ${DEFAULT-VALUE})")
    int degree;

    @Option(names = "--calibration", defaultValue = "500", description = "training images that give the "
            + "activation ranges for --degree (default: ${DEFAULT-VALUE})")
    int calibration;

    @Option(names = "--composite", description = "every ReLU as the composite minimax ReLU, alpha 13, degrees "
            + "15/15/27, on ranges calibrated like --degree")
    boolean composite;

    @Option(names = "--data", defaultValue = "fashion-mnist", description = "fashion-mnist (default) or a "
            + "CIFAR-10 binary directory")
    String data;

    @Mixin
    ChainOptions chain;

    /**
     * The session these options define, refused at once when INSECURE without --insecure (a test-only preset, or
     * {@code deterministicKeys} from --seed) or out of range.
     */
    InferenceSession session(boolean deterministicKeys) throws IOException {
        InferenceSession session = InferenceSession.create(model, plan, degree, calibration, composite, data,
                chain.logN, chain.logScale, chain.insecure, chain.preset(), deterministicKeys);
        System.out.print(chain.levelBudgetReport());
        return session;
    }
}
