package dev.olafhe.ckks;

import dev.olafhe.backend.DevicePoly;
import dev.olafhe.backend.PolyPool;

import java.math.BigDecimal;

/**
 * A degree-1 ciphertext over Q_level ∪ P that still carries the factor P (the result of a lazy hoisted
 * rotation before ModDown). Several of them can be summed and brought back with a single
 * {@link Evaluator#modDown}; this is the building block of double hoisting. Owns device memory.
 */
public final class CiphertextQP implements AutoCloseable {
    private final DevicePoly c0;
    private final DevicePoly c1;
    private final int level;
    private final BigDecimal scale;
    private final int logSlots;
    private final PolyPool recycler; // null: polys are closed, not given back
    private boolean closed;

    CiphertextQP(DevicePoly c0, DevicePoly c1, int level, BigDecimal scale, int logSlots) {
        this(c0, c1, level, scale, logSlots, null);
    }

    /** A lazy ciphertext whose polys go back to {@code recycler} when it is closed (the evaluator's results). */
    CiphertextQP(DevicePoly c0, DevicePoly c1, int level, BigDecimal scale, int logSlots, PolyPool recycler) {
        this.recycler = recycler;
        this.c0 = c0;
        this.c1 = c1;
        this.level = level;
        this.scale = scale;
        this.logSlots = logSlots;
    }

    /**
     * Wraps backend polys (NTT domain, Q limbs 0..level and all P limbs) as a lazy ciphertext, taking
     * ownership; for algorithms that accumulate lazy products themselves (double-hoisted linear transforms).
     */
    public static CiphertextQP of(DevicePoly c0, DevicePoly c1, int level, BigDecimal scale, int logSlots) {
        for (DevicePoly p : new DevicePoly[] {c0, c1}) {
            if (p.qCount() != level + 1 || p.pCount() == 0) {
                throw new IllegalArgumentException("part with q=" + p.qCount() + ", p=" + p.pCount()
                        + " is not a Q_" + level + " ∪ P polynomial");
            }
        }
        return new CiphertextQP(c0, c1, level, scale, logSlots);
    }

    /** (c0, c1), for whole-ciphertext backend operations. */
    public DevicePoly[] parts() {
        return new DevicePoly[] {c0, c1};
    }

    public DevicePoly c0() {
        return c0;
    }

    public DevicePoly c1() {
        return c1;
    }

    public int level() {
        return level;
    }

    /** The scale of the message once ModDown has removed the factor P. */
    public BigDecimal scale() {
        return scale;
    }

    public int logSlots() {
        return logSlots;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (DevicePoly p : new DevicePoly[] {c0, c1}) {
            if (recycler != null) {
                recycler.give(p);
            } else {
                p.close();
            }
        }
    }
}
