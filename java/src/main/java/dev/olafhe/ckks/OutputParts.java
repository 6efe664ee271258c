package dev.olafhe.ckks;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.DevicePoly;
import dev.olafhe.backend.PolyPool;

import java.math.BigDecimal;

/**
 * The polys an evaluator operation writes its result into: fresh ones (from the context's {@link PolyPool}, so with
 * stale contents: every operation overwrites its whole output), or the output's own when they fit.
 */
final class OutputParts {
    private final CkksContext context;
    private final Backend backend;
    private final PolyPool pool;

    OutputParts(CkksContext context) {
        this.context = context;
        this.backend = context.backend();
        this.pool = context.pool();
    }

    /** {@code degree + 1} fresh polys over Q_level (contents undefined). */
    DevicePoly[] allocate(int degree, int level) {
        DevicePoly[] parts = new DevicePoly[degree + 1];
        for (int i = 0; i <= degree; i++) {
            parts[i] = pool.take(level + 1, 0);
        }
        return parts;
    }

    /** A fresh poly over Q_level ∪ P (contents undefined). */
    DevicePoly allocateQP(int level) {
        return pool.take(level + 1, context.params().pCount());
    }

    /** Sets out's contents; the polys it drops now or on close go back to the pool. */
    void replace(Ciphertext out, DevicePoly[] parts, int level, BigDecimal scale, int logSlots) {
        out.recycleInto(pool).replace(parts, level, scale, logSlots);
    }

    /** A result ciphertext whose polys go back to the pool on close. */
    Ciphertext result(DevicePoly[] parts, int level, BigDecimal scale, int logSlots) {
        return new Ciphertext(parts, level, scale, logSlots).recycleInto(pool);
    }

    /** A lazy result whose polys go back to the pool on close. */
    CiphertextQP lazyResult(DevicePoly c0, DevicePoly c1, int level, BigDecimal scale, int logSlots) {
        return new CiphertextQP(c0, c1, level, scale, logSlots, pool);
    }

    PolyPool pool() {
        return pool;
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
