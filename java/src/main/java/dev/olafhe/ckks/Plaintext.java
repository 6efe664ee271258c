package dev.olafhe.ckks;

import dev.olafhe.backend.DevicePoly;

import java.math.BigDecimal;

/**
 * An encoded message: one polynomial over Q_level in the NTT domain, with its scale and slot count.
 * Owns its device memory; close it when done.
 */
public final class Plaintext implements AutoCloseable {
    private final DevicePoly value;
    private final int level;
    private BigDecimal scale;
    private final int logSlots;

    Plaintext(DevicePoly value, int level, BigDecimal scale, int logSlots) {
        this.value = value;
        this.level = level;
        this.scale = scale;
        this.logSlots = logSlots;
    }

    /** Wraps a backend poly (NTT domain, Q limbs 0..level), taking ownership. */
    public static Plaintext of(DevicePoly value, int level, BigDecimal scale, int logSlots) {
        if (value.qCount() != level + 1 || value.pCount() != 0) {
            throw new IllegalArgumentException("poly with q=" + value.qCount() + ", p=" + value.pCount()
                    + " does not match level " + level);
        }
        return new Plaintext(value, level, scale, logSlots);
    }

    public DevicePoly value() {
        return value;
    }

    public int level() {
        return level;
    }

    public BigDecimal scale() {
        return scale;
    }

    void setScale(BigDecimal scale) {
        this.scale = scale;
    }

    public int logSlots() {
        return logSlots;
    }

    public int slots() {
        return 1 << logSlots;
    }

    @Override
    public void close() {
        value.close();
    }
}
