package dev.olafhe.backend.cuda;

import dev.olafhe.backend.PolyShape;

/** An RNS polynomial in GPU memory (a native poly handle); closing frees the device memory at once. */
final class CudaPoly extends PolyShape<CudaRing> {
    private long handle;

    CudaPoly(CudaRing ring, long handle, int qCount, int pCount) {
        super(ring, qCount, pCount);
        this.handle = handle;
    }

    long handle() {
        if (handle == 0) {
            throw new IllegalStateException("polynomial has been closed");
        }
        return handle;
    }

    CudaRing cudaRing() {
        return ring();
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
