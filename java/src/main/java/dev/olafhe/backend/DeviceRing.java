package dev.olafhe.backend;

/**
 * The ring Z[X]/(X^N+1) with moduli Q ∪ P as it lives on a backend (tables on the device). Created by
 * {@link Backend#createRing}; closing it frees the tables, and polys allocated on it must not be used after.
 */
public interface DeviceRing extends AutoCloseable {
    int logN();

    default int n() {
        return 1 << logN();
    }

    /** The ciphertext moduli q_0..q_L (a copy). */
    long[] qModuli();

    /** The special moduli p_0..p_{K-1} (a copy). */
    long[] pModuli();

    @Override
    void close();
}
