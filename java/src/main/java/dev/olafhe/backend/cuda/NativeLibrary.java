package dev.olafhe.backend.cuda;

import org.bytedeco.javacpp.Loader;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Loads {@code libolafhe_native.so} (and its JNI glue) from the jar once, and turns C ABI statuses into
 * {@link NativeException}s. Loading never throws: {@link #load()} returns the library or the reason it could
 * not be loaded, and that outcome is cached (a failed JNI load cannot be retried in the same class loader).
 */
final class NativeLibrary implements NativeRuntime {
    /** Outcome of loading: the library and where it was loaded from, or why there is none. */
    record Loaded(NativeLibrary library, String path, String failure) {
    }

    private static Loaded loaded;

    private NativeLibrary() {
    }

    /** Loads the native library on first call; later calls return the same outcome. */
    static synchronized Loaded load() {
        if (loaded == null) {
            loaded = tryLoad();
        }
        return loaded;
    }

    private static Loaded tryLoad() {
        try {
            String path = Loader.load(NativeApi.class);
            if (path == null) {
                return new Loaded(null, null, "native library not built: no libjniNativeApi.so for "
                        + Loader.getPlatform() + " in the jar or on java.library.path");
            }
            return new Loaded(new NativeLibrary(), path, null);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            return new Loaded(null, null, "native library not built or not loadable (" + Loader.getPlatform() + "): "
                    + e.getMessage() + " (the build skipped it with -Dolafhe.native.skip=true, or a system library is missing)");
        }
    }

    /**
     * Turns a failed call's status into an exception: {@link IllegalArgumentException} for bad arguments (the
     * native message says which), {@link NativeException} for everything else (device, driver, memory).
     */
    static void check(int status) {
        if (status == NativeApi.ERR_INVALID_ARGUMENT) {
            throw new IllegalArgumentException(NativeApi.olafhe_last_error());
        }
        if (status != NativeApi.OK) {
            throw new NativeException(status, NativeException.statusName(status) + ": " + NativeApi.olafhe_last_error());
        }
    }

    @Override
    public String version() {
        return NativeApi.olafhe_version();
    }

    @Override
    public boolean cudaCompiled() {
        return NativeApi.olafhe_cuda_compiled() == 1;
    }

    @Override
    public String cudaArchitectures() {
        return NativeApi.olafhe_cuda_architectures();
    }

    @Override
    public int deviceCount(int[] count) {
        return NativeApi.olafhe_device_count(count);
    }

    @Override
    public String lastError() {
        return NativeApi.olafhe_last_error();
    }

    @Override
    public String describeDevice(int device) {
        byte[] name = new byte[256];
        check(NativeApi.olafhe_device_name(device, name, name.length));
        int length = 0;
        while (length < name.length && name[length] != 0) {
            length++;
        }
        int[] capability = new int[1];
        check(NativeApi.olafhe_device_compute_capability(device, capability));
        long[] free = new long[1];
        long[] total = new long[1];
        check(NativeApi.olafhe_device_memory(device, free, total));
        int[] driver = new int[1];
        check(NativeApi.olafhe_driver_version(driver));
        int[] runtime = new int[1];
        check(NativeApi.olafhe_runtime_version(runtime));
        return String.format(Locale.ROOT, "GPU %d: %s (sm_%d), %.1f GiB (%.1f GiB free), driver CUDA %s, runtime CUDA %s",
                device, new String(name, 0, length, StandardCharsets.UTF_8), capability[0],
                total[0] / 1073741824.0, free[0] / 1073741824.0, cudaVersion(driver[0]), cudaVersion(runtime[0]));
    }

    /** 13000 -> "13.0". */
    static String cudaVersion(int encoded) {
        return (encoded / 1000) + "." + (encoded % 1000) / 10;
    }
}
