package dev.olafhe.backend.cuda;

import java.util.function.LongToIntFunction;

/**
 * A handle from the native library (context, ring, poly, timer) that is destroyed exactly once: closing twice is
 * harmless, use after close is an {@link IllegalStateException} that names the object.
 */
final class NativeHandle {
    private final String what;
    private final LongToIntFunction destroy;
    private long value;

    /**
     * @param what    how errors name the object, e.g. "polynomial"
     * @param destroy the native destroy function, returning its status
     */
    NativeHandle(long value, String what, LongToIntFunction destroy) {
        this.value = value;
        this.what = what;
        this.destroy = destroy;
    }

    long get() {
        long v = value;
        if (v == 0) {
            throw new IllegalStateException(what + " has been closed");
        }
        return v;
    }

    boolean isClosed() {
        return value == 0;
    }

    synchronized void close() {
        if (value != 0) {
            long v = value;
            value = 0;
            NativeLibrary.check(destroy.applyAsInt(v));
        }
    }
}
