package dev.olafhe.backend;

import java.util.Objects;

/**
 * Outcome of a backend's availability probe: usable or not, and why, in words a user can act on
 * ("no CUDA driver (libcuda.so.1 not found)", "native library built without CUDA", ...). Probes return
 * this instead of throwing so that selection can fall back and explain itself.
 */
public record Availability(boolean available, String reason) {
    public Availability {
        Objects.requireNonNull(reason, "reason");
    }

    public static Availability yes(String detail) {
        return new Availability(true, detail);
    }

    public static Availability no(String reason) {
        return new Availability(false, reason);
    }
}
