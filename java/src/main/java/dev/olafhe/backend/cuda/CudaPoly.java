package dev.olafhe.backend.cuda;

import dev.olafhe.backend.PolyShape;

/** An RNS polynomial in GPU memory (a native poly handle); closing frees the device memory at once. */
final class CudaPoly extends PolyShape<CudaRing> {
    private final NativeHandle handle;

    CudaPoly(CudaRing ring, long handle, int qCount, int pCount) {
        super(ring, qCount, pCount);
        this.handle = new NativeHandle(handle, "polynomial", NativeApi::olafhe_poly_destroy);
    }

    long handle() {
        return handle.get();
    }

    CudaRing cudaRing() {
        return ring();
    }

    @Override
    public boolean isClosed() {
        return handle.isClosed();
    }

    @Override
    public void close() {
        handle.close();
    }
}
