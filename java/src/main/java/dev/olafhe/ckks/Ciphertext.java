package dev.olafhe.ckks;

import dev.olafhe.backend.DevicePoly;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * A CKKS ciphertext (c_0, ..., c_d) over Q_level in the NTT domain, decrypting to c_0 + c_1·s + ... with
 * its exact scale and slot count. Degree 1 normally, 2 after a multiplication without relinearization.
 * Owns its device memory; close it when done. Evaluator outputs may be passed in as targets: they are
 * reshaped as needed.
 */
public final class Ciphertext implements AutoCloseable {
    private DevicePoly[] parts;
    private int level;
    private BigDecimal scale;
    private int logSlots;

    Ciphertext(DevicePoly[] parts, int level, BigDecimal scale, int logSlots) {
        this.parts = parts;
        this.level = level;
        this.scale = scale;
        this.logSlots = logSlots;
    }

    /** An empty ciphertext to pass as an output target; the evaluator gives it a shape. */
    public static Ciphertext empty() {
        return new Ciphertext(new DevicePoly[0], -1, BigDecimal.ONE, 0);
    }

    public int degree() {
        return parts.length - 1;
    }

    public int level() {
        return level;
    }

    public BigDecimal scale() {
        return scale;
    }

    public double log2Scale() {
        return Math.log(scale.doubleValue()) / Math.log(2);
    }

    public int logSlots() {
        return logSlots;
    }

    public int slots() {
        return 1 << logSlots;
    }

    public DevicePoly part(int i) {
        return parts[i];
    }

    DevicePoly[] parts() {
        return parts;
    }

    void setScale(BigDecimal scale) {
        this.scale = scale;
    }

    /** Replaces the contents, closing the old polys that are not reused. */
    void replace(DevicePoly[] newParts, int newLevel, BigDecimal newScale, int newLogSlots) {
        for (DevicePoly old : parts) {
            boolean reused = false;
            for (DevicePoly p : newParts) {
                reused |= p == old;
            }
            if (!reused) {
                old.close();
            }
        }
        this.parts = newParts;
        this.level = newLevel;
        this.scale = newScale;
        this.logSlots = newLogSlots;
    }

    @Override
    public void close() {
        for (DevicePoly p : parts) {
            p.close();
        }
        parts = new DevicePoly[0];
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Ciphertext(degree=%d, level=%d, scale=2^%.4f, slots=%d)", degree(), level,
                parts.length == 0 ? 0.0 : log2Scale(), slots());
    }
}
