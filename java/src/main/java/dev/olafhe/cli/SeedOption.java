package dev.olafhe.cli;

import dev.olafhe.ckks.RandomSources;
import picocli.CommandLine.Option;

import java.util.Random;

/** The --seed option of the commands that generate keys or encrypt. */
final class SeedOption {
    @Option(names = "--seed", description = "deterministic randomness for keys and encryption (INSECURE, "
            + "reproducible); default: SecureRandom")
    Long seed;

    /** Randomness for keys and encryption: deterministic from --seed (offset by {@code stream}), else secure. */
    Random random(int stream) {
        return seed == null ? RandomSources.secure() : RandomSources.deterministic(seed + stream);
    }

    Random random() {
        return random(0);
    }
}
