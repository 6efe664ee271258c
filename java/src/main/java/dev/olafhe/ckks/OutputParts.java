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

    /**
     * out's polys when they have the shape and none of them is a part of an input (for operations whose output
     * must not alias their inputs: key switches, automorphisms), else fresh ones.
     */
    DevicePoly[] reuseUnlessAliased(Ciphertext out, int degree, int level, Ciphertext... inputs) {
        for (Ciphertext in : inputs) {
            for (DevicePoly mine : out.parts()) {
                for (DevicePoly theirs : in.parts()) {
                    if (mine == theirs) {
                        return allocate(degree, level);
                    }
                }
            }
        }
        return reuseOrAllocate(out, degree, level);
    }

    /**
     * Copies a's parts from index {@code first} on into {@code parts}: the parts an operation leaves unchanged
     * (nothing to copy where the output is the input), in one backend call.
     */
    void copyUnchanged(Ciphertext a, DevicePoly[] parts, int first) {
        int from = first;
        while (from <= a.degree() && a.part(from) == parts[from]) {
            from++;
        }
        if (from <= a.degree()) {
            backend.copyParts(java.util.Arrays.copyOfRange(a.parts(), from, a.degree() + 1),
                    java.util.Arrays.copyOfRange(parts, from, a.degree() + 1));
        }
    }
}
