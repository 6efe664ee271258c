package dev.olafhe.ckks;

import dev.olafhe.backend.DevicePoly;
import dev.olafhe.backend.PolyPool;

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
    private PolyPool recycler; // null: polys are closed, not given back

    Ciphertext(DevicePoly[] parts, int level, BigDecimal scale, int logSlots) {
        this.parts = parts;
        this.level = level;
        this.scale = scale;
        this.logSlots = logSlots;
    }

    /**
     * Wraps backend polys (NTT domain, Q limbs 0..level, no P limbs) as a ciphertext, taking ownership:
     * closing the ciphertext closes them. For algorithms that build ciphertexts from backend primitives
     * (e.g. ModRaise in bootstrapping).
     */
    public static Ciphertext of(DevicePoly[] parts, int level, BigDecimal scale, int logSlots) {
        if (parts.length < 1) {
            throw new IllegalArgumentException("a ciphertext needs at least one part");
        }
        for (DevicePoly p : parts) {
            if (p.qCount() != level + 1 || p.pCount() != 0) {
                throw new IllegalArgumentException("part with q=" + p.qCount() + ", p=" + p.pCount()
                        + " does not match level " + level);
            }
        }
        return new Ciphertext(parts.clone(), level, scale, logSlots);
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

    /**
     * Re-labels the scale without computing anything: the encrypted integers stay the same, so the decoded
     * message is multiplied by old/new (Lattigo lets callers set {@code ct.Scale} the same way).
     */
    public void setScale(BigDecimal scale) {
        this.scale = scale;
    }

    /** Gives the polys this ciphertext drops or is closed with back to {@code pool} (the evaluator's results). */
    Ciphertext recycleInto(PolyPool pool) {
        this.recycler = pool;
        return this;
    }

    private void release(DevicePoly p) {
        if (recycler != null) {
            recycler.give(p);
        } else {
            p.close();
        }
    }

    /** Replaces the contents, releasing the old polys that are not reused. */
    void replace(DevicePoly[] newParts, int newLevel, BigDecimal newScale, int newLogSlots) {
        for (DevicePoly old : parts) {
            boolean reused = false;
            for (DevicePoly p : newParts) {
                reused |= p == old;
            }
            if (!reused) {
                release(old);
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
            release(p);
        }
        parts = new DevicePoly[0];
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Ciphertext(degree=%d, level=%d, scale=2^%.4f, slots=%d)", degree(), level,
                parts.length == 0 ? 0.0 : log2Scale(), slots());
    }
}
