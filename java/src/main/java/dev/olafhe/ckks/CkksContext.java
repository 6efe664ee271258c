package dev.olafhe.ckks;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.DevicePoly;
import dev.olafhe.backend.DeviceRing;

/**
 * Parameters bound to a backend: the ring (moduli tables on the device) that the encoder, key generator,
 * encryptor, decryptor and evaluator share. Closing it frees the ring; the backend stays open (the caller
 * owns it).
 */
public final class CkksContext implements AutoCloseable {
    private final CkksParameters params;
    private final Backend backend;
    private final DeviceRing ring;

    public CkksContext(CkksParameters params, Backend backend) {
        this.params = params;
        this.backend = backend;
        this.ring = backend.createRing(params.logN(), params.qModuli(), params.pModuli());
    }

    public CkksParameters params() {
        return params;
    }

    public Backend backend() {
        return backend;
    }

    public DeviceRing ring() {
        return ring;
    }

    /** A zero polynomial over Q_level (no P limbs). */
    public DevicePoly allocateQ(int level) {
        return backend.allocate(ring, level + 1, 0);
    }

    /** A zero polynomial over Q_level ∪ P. */
    public DevicePoly allocateQP(int level) {
        return backend.allocate(ring, level + 1, params.pCount());
    }

    void checkLevel(int level, String op) {
        if (level < 0 || level > params.maxLevel()) {
            throw new IllegalArgumentException("cannot " + op + ": level " + level + " outside [0, " + params.maxLevel() + "]");
        }
    }

    @Override
    public void close() {
        ring.close();
    }
}
