package dev.olafhe.cli;

import dev.olafhe.ckks.RandomSources;
import dev.olafhe.ckks.SecurityPolicy;
import picocli.CommandLine.Option;

import java.util.Random;

/** The --seed option of the commands that generate keys or encrypt (it needs --insecure: {@link SecurityPolicy}). */
final class SeedOption {
    @Option(names = "--seed", description = "deterministic randomness for keys and encryption: reproducible but "
            + "INSECURE (whoever knows the seed has the secret key), so it needs " + SecurityPolicy.INSECURE_FLAG
            + "; default: SecureRandom")
    Long seed;

    /** Whether --seed asked for deterministic randomness. */
    boolean deterministic() {
        return seed != null;
    }

    /** The randomness line commands print. */
    String describe() {
        return SecurityPolicy.describeRandomness(seed);
    }

    /** Randomness for keys and encryption: deterministic from --seed (offset by {@code stream}), else secure. */
    Random random(int stream) {
        return seed == null ? RandomSources.secure() : RandomSources.deterministic(seed + stream);
    }

    Random random() {
        return random(0);
    }
}
