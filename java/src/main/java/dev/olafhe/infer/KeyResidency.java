package dev.olafhe.infer;

import dev.olafhe.backend.Backend;

import java.util.Locale;

/**
 * Whether evaluation keys keep their uniform halves resident (or expand them from their seeds at every key switch:
 * half the memory) and whether bootstrapping keeps its DFT factors encoded (or as their slot values, encoded at
 * every use: ~35x less at logN 16). Compact is slower and gives identical results. Mode {@code auto} chooses compact
 * when the resident keys would take more than half of the memory the backend keeps them in
 * ({@link Backend#memoryCapacityBytes}: the JVM heap for the CPU backend, the GPU's memory for CUDA), so
 * ResNet-sized runs fit a 24 GB machine (logN 16: ~21 GiB of keys and ~5 GiB of DFT factors resident, ~10.5 GiB
 * compact) while a GPU with room keeps them resident (compact costs a host-side expansion and an upload per use).
 *
 * @param mode auto, yes or no (true and false are accepted too), as the user wrote it
 */
public record KeyResidency(String mode) {
    /** auto: compact above this fraction of the backend's memory. */
    public static final double AUTO_FRACTION_OF_MEMORY = 0.5;

    /** Whether keys of {@code residentBytes} (full size) are to be kept compact on {@code backend}. */
    public boolean compact(long residentBytes, Backend backend) {
        return switch (mode.trim().toLowerCase(Locale.ROOT)) {
            case "yes", "true" -> true;
            case "no", "false" -> false;
            case "auto" -> residentBytes > AUTO_FRACTION_OF_MEMORY * backend.memoryCapacityBytes();
            default -> throw new IllegalArgumentException("--compact must be auto, yes or no, got '" + mode + "'");
        };
    }

    /** One line for the report: the decision and its reason. */
    public String describe(long residentBytes, Backend backend) {
        boolean compact = compact(residentBytes, backend);
        return String.format(Locale.ROOT, "%s (--compact %s; full keys %.2f GiB, %s memory %.2f GiB)",
                compact ? "compact (key halves expanded from seeds, DFT factors encoded, at each use)" : "resident", mode,
                residentBytes / 1073741824.0, backend.name(), backend.memoryCapacityBytes() / 1073741824.0);
    }
}
