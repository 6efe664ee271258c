package dev.olafhe.backend.cuda;

import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.NoException;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * JavaCPP binding of {@code cuda/include/olafhe_native.h}, one static native method per C function.
 * Internal to this package: callers go through {@link NativeLibrary} (loading, status codes to exceptions)
 * and {@link CudaBackend}. Every method returns an {@code olafhe_status} unless stated; no C++ exception
 * crosses the C ABI, hence {@code @NoException} (no try/catch in the generated JNI code).
 * Loading is explicit ({@link NativeLibrary}), not in a static initializer, so that a missing library is an
 * availability reason rather than an {@link ExceptionInInitializerError}.
 */
@Platform(include = "olafhe_native.h", link = "olafhe_native")
@NoException
final class NativeApi {
    private NativeApi() {
    }

    static final int OK = 0;
    static final int ERR_INVALID_ARGUMENT = 1;
    static final int ERR_CUDA_NOT_COMPILED = 2;
    static final int ERR_NO_DRIVER = 3;
    static final int ERR_NO_DEVICE = 4;
    static final int ERR_OUT_OF_MEMORY = 5;
    static final int ERR_CUDA = 6;
    static final int ERR_INTERNAL = 7;

    static native String olafhe_last_error();

    static native String olafhe_version();

    /** 1 when the CUDA kernels were compiled in (never fails). */
    static native int olafhe_cuda_compiled();

    static native String olafhe_cuda_architectures();

    static native int olafhe_runtime_version(int[] version);

    static native int olafhe_driver_version(int[] version);

    static native int olafhe_device_count(int[] count);

    static native int olafhe_device_name(int device, @Cast("char*") byte[] name, int capacity);

    static native int olafhe_device_memory(int device, @Cast("uint64_t*") long[] freeBytes,
                                           @Cast("uint64_t*") long[] totalBytes);

    static native int olafhe_device_compute_capability(int device, int[] capability);
}
