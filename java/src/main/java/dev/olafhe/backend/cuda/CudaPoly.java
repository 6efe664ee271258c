package dev.olafhe.backend.cuda;

import dev.olafhe.backend.DevicePoly;
import dev.olafhe.backend.DeviceRing;

/** An RNS polynomial in GPU memory (a native poly handle); closing frees the device memory at once. */
final class CudaPoly implements DevicePoly {
    private final CudaRing ring;
    private final int qCount;
    private final int pCount;
    private long handle;

    CudaPoly(CudaRing ring, long handle, int qCount, int pCount) {
        this.ring = ring;
        this.handle = handle;
        this.qCount = qCount;
        this.pCount = pCount;
    }

    long handle() {
        if (handle == 0) {
            throw new IllegalStateException("polynomial has been closed");
        }
        return handle;
    }

    CudaRing cudaRing() {
        return ring;
    }

    @Override
    public DeviceRing ring() {
        return ring;
    }

    @Override
    public int qCount() {
        return qCount;
    }

    @Override
    public int pCount() {
        return pCount;
    }

    @Override
    public boolean isClosed() {
        return handle == 0;
    }

    @Override
    public synchronized void close() {
        if (handle != 0) {
            long h = handle;
            handle = 0;
            NativeLibrary.check(NativeApi.olafhe_poly_destroy(h));
        }
    }
}
