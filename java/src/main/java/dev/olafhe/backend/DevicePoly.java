package dev.olafhe.backend;

/**
 * Handle to an RNS polynomial in backend memory: limbs q_0..q_{qCount-1} then p_0..p_{pCount-1}, each
 * holding N residues. Closing frees the memory at once (GPU memory is never left to the garbage collector).
 */
public interface DevicePoly extends AutoCloseable {
    DeviceRing ring();

    int qCount();

    int pCount();

    default int limbCount() {
        return qCount() + pCount();
    }

    boolean isClosed();

    @Override
    void close();
}
