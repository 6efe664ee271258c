package dev.olafhe.backend.cuda;

import dev.olafhe.backend.RingModuli;

/** A ring whose moduli and NTT tables live in GPU memory (a native ring handle). */
final class CudaRing extends RingModuli {
    private final CudaBackend backend;
    private long handle;

    CudaRing(CudaBackend backend, long handle, int logN, long[] qModuli, long[] pModuli) {
        super(logN, qModuli, pModuli);
        this.backend = backend;
        this.handle = handle;
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

    @Override
    public synchronized void close() {
        if (handle != 0) {
            long h = handle;
            handle = 0;
            NativeLibrary.check(NativeApi.olafhe_ring_destroy(h)); // device tables are freed with the last poly
        }
    }
}
