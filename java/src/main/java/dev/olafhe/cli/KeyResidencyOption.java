package dev.olafhe.cli;

import picocli.CommandLine.Option;

import java.util.Locale;

/**
 * The --compact option: whether evaluation keys keep their uniform halves resident (or expand them from their
 * seeds at every key switch: half the memory) and whether bootstrapping keeps its DFT factors encoded (or as
 * integer coefficients, encoded at every use: ~35x less at logN 16). Compact is slower and gives identical results.
 * Auto chooses compact when the resident keys would take more than half of the JVM's maximum heap, so ResNet-sized
 * runs fit a 24 GB machine (logN 16: ~21 GiB of keys and ~5 GiB of DFT factors resident, ~10.5 GiB compact).
 */
final class KeyResidencyOption {
    private static final double AUTO_FRACTION_OF_HEAP = 0.5;

    @Option(names = "--compact", defaultValue = "auto", description = "auto (default), yes or no: keep evaluation "
            + "keys (uniform halves re-expanded from their seeds at each use) and bootstrapping's DFT factors (encoded "
            + "at each use) compact in memory: less memory, slower, identical results; auto = yes when the full keys "
            + "would exceed half the heap")
    String mode;

    /** Whether keys of {@code residentBytes} (full size) are to be kept compact, given the maximum heap. */
    boolean compact(long residentBytes) {
        return switch (mode.trim().toLowerCase(Locale.ROOT)) {
            case "yes", "true" -> true;
            case "no", "false" -> false;
            case "auto" -> residentBytes > AUTO_FRACTION_OF_HEAP * Runtime.getRuntime().maxMemory();
            default -> throw new IllegalArgumentException("--compact must be auto, yes or no, got '" + mode + "'");
        };
    }

    /** One line for the report: the decision and its reason. */
    String describe(long residentBytes) {
        boolean compact = compact(residentBytes);
        return String.format(Locale.ROOT, "%s (--compact %s; full keys %.2f GiB, max heap %.2f GiB)",
                compact ? "compact (key halves expanded from seeds, DFT factors encoded, at each use)" : "resident", mode,
                residentBytes / 1073741824.0, Runtime.getRuntime().maxMemory() / 1073741824.0);
    }
}
