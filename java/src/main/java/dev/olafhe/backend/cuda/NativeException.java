package dev.olafhe.backend.cuda;

/** A failed call into the native library: the C ABI status and the library's error text. */
public final class NativeException extends RuntimeException {
    private final int status;

    NativeException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The {@code olafhe_status} code (see {@code cuda/include/olafhe_native.h}). */
    public int status() {
        return status;
    }

    /** Symbolic name of a status code, for messages. */
    static String statusName(int status) {
        return switch (status) {
            case NativeApi.OK -> "OK";
            case NativeApi.ERR_INVALID_ARGUMENT -> "INVALID_ARGUMENT";
            case NativeApi.ERR_CUDA_NOT_COMPILED -> "CUDA_NOT_COMPILED";
            case NativeApi.ERR_NO_DRIVER -> "NO_DRIVER";
            case NativeApi.ERR_NO_DEVICE -> "NO_DEVICE";
            case NativeApi.ERR_OUT_OF_MEMORY -> "OUT_OF_MEMORY";
            case NativeApi.ERR_CUDA -> "CUDA";
            case NativeApi.ERR_INTERNAL -> "INTERNAL";
            default -> "status " + status;
        };
    }
}
