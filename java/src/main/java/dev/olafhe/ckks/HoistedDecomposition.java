package dev.olafhe.ckks;

import dev.olafhe.backend.DevicePoly;
import dev.olafhe.backend.PolyPool;

/**
 * The decomposed and ModUp-extended digits of a ciphertext's c_1 (each over Q_level ∪ P, NTT domain),
 * computed once and shared by many key switches (hoisted rotations). Owns device memory.
 */
public final class HoistedDecomposition implements AutoCloseable {
    private final DevicePoly[] digits;
    private final int level;
    private final PolyPool recycler;
    private boolean closed;

    /** Digits that go back to {@code recycler} on close. */
    HoistedDecomposition(DevicePoly[] digits, int level, PolyPool recycler) {
        this.digits = digits;
        this.level = level;
        this.recycler = recycler;
    }

    DevicePoly[] digits() {
        return digits;
    }

    public int level() {
        return level;
    }

    public int digitCount() {
        return digits.length;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (DevicePoly d : digits) {
            recycler.give(d);
        }
    }
}
