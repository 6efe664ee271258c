package dev.olafhe.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** --batch and --threads: how the plaintext executor runs a data set (eval, profile, plan). */
final class ExecutorOptions {
    @Option(names = "--batch", defaultValue = "250", description = "images per forward call, 1 to "
            + OptionBounds.MAX_BATCH + " (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--threads", description = "worker threads, 1 to " + OptionBounds.MAX_THREADS
            + " (default: all cores)")
    Integer threads;

    /** Refuses values out of range before the command does any work. */
    void check(CommandSpec spec) {
        OptionBounds.check(spec, "--batch", batch, 1, OptionBounds.MAX_BATCH);
        if (threads != null) {
            OptionBounds.check(spec, "--threads", threads, 1, OptionBounds.MAX_THREADS);
        }
    }

    /** The worker threads: --threads, or all cores. */
    int threads() {
        return threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    }
}
