package dev.olafhe.backend;

/**
 * The backend seam: everything a CKKS algorithm needs from the hardware. Algorithms in {@code ckks},
 * {@code infer} and above are written once against this interface; {@code backend.cpu} (pure Java,
 * the reference) and {@code backend.cuda} (GPU kernels) implement it. Integer RNS arithmetic is exact,
 * so every implementation must return bit-identical results for the same inputs.
 */
public interface Backend extends AutoCloseable {
    /** Provider name, e.g. "cpu" or "cuda". */
    String name();

    /** Human-readable description of the device and configuration (threads, GPU model, driver). */
    String description();

    /** Releases device resources held by the backend itself; the default holds none. */
    @Override
    default void close() {
    }
}
