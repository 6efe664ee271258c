package dev.olafhe.backend.cuda;

import dev.olafhe.backend.DeviceRing;

/** A ring whose moduli and NTT tables live in GPU memory (a native ring handle). */
final class CudaRing implements DeviceRing {
    private final CudaBackend backend;
    private final int logN;
    private final long[] qModuli;
    private final long[] pModuli;
    private long handle;

    CudaRing(CudaBackend backend, long handle, int logN, long[] qModuli, long[] pModuli) {
        this.backend = backend;
        this.handle = handle;
        this.logN = logN;
        this.qModuli = qModuli.clone();
        this.pModuli = pModuli.clone();
    }

    CudaBackend backend() {
        return backend;
    }

    long handle() {
        if (handle == 0) {
            throw new IllegalStateException("ring has been closed");
        }
        return handle;
    }

    /** The modulus at ring index r (Q then P). */
    long modulus(int ringIndex) {
        return ringIndex < qModuli.length ? qModuli[ringIndex] : pModuli[ringIndex - qModuli.length];
    }

    int totalModuli() {
        return qModuli.length + pModuli.length;
    }

    @Override
    public int logN() {
        return logN;
    }

    @Override
    public long[] qModuli() {
        return qModuli.clone();
    }

    @Override
    public long[] pModuli() {
        return pModuli.clone();
    }

    @Override
    public synchronized void close() {
        if (handle != 0) {
            long h = handle;
            handle = 0;
            NativeLibrary.check(NativeApi.olafhe_ring_destroy(h)); // device tables are freed with the last poly
        }
    }
}
