package dev.olafhe.cli;

import dev.olafhe.infer.KeyResidency;
import picocli.CommandLine.Option;

/** The --compact option: whether keys and DFT factors stay compact in memory ({@link KeyResidency}). */
final class KeyResidencyOption {
    @Option(names = "--compact", defaultValue = "auto", description = "auto (default), yes or no: keep evaluation "
            + "keys (uniform halves re-expanded from their seeds at each use) and bootstrapping's DFT factors (encoded "
            + "at each use) compact in memory: less memory, slower, identical results; auto = yes when the full keys "
            + "would exceed half the backend's memory (JVM heap, or GPU memory)")
    String mode;

    KeyResidency residency() {
        return new KeyResidency(mode);
    }
}
