package dev.olafhe.cli;

import picocli.CommandLine.Option;

/** --batch and --threads: how the plaintext executor runs a data set (eval, profile, plan). */
final class ExecutorOptions {
    @Option(names = "--batch", defaultValue = "250", description = "images per forward call (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--threads", description = "worker threads (default: all cores)")
    Integer threads;

    /** The worker threads: --threads, or all cores. */
    int threads() {
        return threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    }
}
