package dev.olafhe.ckks;

import dev.olafhe.backend.DevicePoly;

/**
 * The decomposed and ModUp-extended digits of a ciphertext's c_1 (each over Q_level ∪ P, NTT domain),
 * computed once and shared by many key switches (hoisted rotations). Owns device memory.
 */
public final class HoistedDecomposition implements AutoCloseable {
    private final DevicePoly[] digits;
    private final int level;

    HoistedDecomposition(DevicePoly[] digits, int level) {
        this.digits = digits;
        this.level = level;
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
        for (DevicePoly d : digits) {
            d.close();
        }
    }
}
