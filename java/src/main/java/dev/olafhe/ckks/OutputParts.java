package dev.olafhe.ckks;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.DevicePoly;

/** The polys an evaluator operation writes its result into: fresh ones, or the output's own when they fit. */
final class OutputParts {
    private final CkksContext context;
    private final Backend backend;

    OutputParts(CkksContext context) {
        this.context = context;
        this.backend = context.backend();
    }

    /** {@code degree + 1} fresh polys over Q_level. */
    DevicePoly[] allocate(int degree, int level) {
        DevicePoly[] parts = new DevicePoly[degree + 1];
        for (int i = 0; i <= degree; i++) {
            parts[i] = context.allocateQ(level);
        }
        return parts;
    }

    /** out's polys when they already have the shape (safe for element-wise ops), else fresh ones. */
    DevicePoly[] reuseOrAllocate(Ciphertext out, int degree, int level) {
        if (out.degree() == degree && out.level() == level) {
            return out.parts();
        }
        return allocate(degree, level);
    }

    /** Copies a's parts from index {@code first} on into {@code parts}: the parts an operation leaves unchanged. */
    void copyUnchanged(Ciphertext a, DevicePoly[] parts, int first) {
        for (int i = first; i <= a.degree(); i++) {
            backend.copy(a.part(i), parts[i]);
        }
    }
}
