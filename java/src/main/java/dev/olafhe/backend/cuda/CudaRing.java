package dev.olafhe.backend.cuda;

import dev.olafhe.backend.RingModuli;

/** A ring whose moduli and NTT tables live in GPU memory (a native ring handle). */
final class CudaRing extends RingModuli {
    private final CudaBackend backend;
    private final NativeHandle handle; // device tables are freed with the last poly

    CudaRing(CudaBackend backend, long handle, int logN, long[] qModuli, long[] pModuli) {
        super(logN, qModuli, pModuli);
        this.backend = backend;
        this.handle = new NativeHandle(handle, "ring", NativeApi::olafhe_ring_destroy);
    }

    CudaBackend backend() {
        return backend;
    }

    long handle() {
        return handle.get();
    }

    @Override
    public void close() {
        handle.close();
    }
}
