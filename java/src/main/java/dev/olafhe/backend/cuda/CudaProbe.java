package dev.olafhe.backend.cuda;

import dev.olafhe.backend.Availability;

import java.util.function.Supplier;

/**
 * The CUDA backend's availability probe: each way it can be unavailable gets its own reason, in the order a
 * user would fix them (library, CUDA build, driver, GPU). Never throws.
 */
final class CudaProbe {
    /** Architecture string of a test build whose kernels run on the host (cuda/emulation/). */
    static final String EMULATION = "host-emulation";

    private CudaProbe() {
    }

    /** Probes through the real native library. */
    static Availability probe() {
        return probe(() -> {
            NativeLibrary.Loaded loaded = NativeLibrary.load();
            if (loaded.library() == null) {
                throw new IllegalStateException(loaded.failure());
            }
            return loaded.library();
        });
    }

    /** Probes through {@code runtime}, whose {@code get()} throws with the reason when there is no library. */
    static Availability probe(Supplier<? extends NativeRuntime> runtime) {
        NativeRuntime lib;
        try {
            lib = runtime.get();
        } catch (RuntimeException | LinkageError e) {
            return Availability.no(e.getMessage());
        }
        try {
            if (!lib.cudaCompiled()) {
                return Availability.no("CUDA not compiled in: native library " + lib.version()
                        + " was built without nvcc (or with -Dolafhe.cuda=OFF)");
            }
            if (EMULATION.equals(lib.cudaArchitectures())) {
                return Boolean.getBoolean("olafhe.cuda.allowEmulation")
                        ? Availability.yes("kernels EMULATED on the host (test build, not a GPU): " + lib.describeDevice(0))
                        : Availability.no("native library " + lib.version()
                                + " is a device-emulation test build (-Pemulated-device), not a GPU build");
            }
            int[] count = new int[1];
            int status = lib.deviceCount(count);
            return switch (status) {
                case NativeApi.OK -> Availability.yes(lib.describeDevice(0)
                        + (count[0] > 1 ? " (device 0 of " + count[0] + ")" : ""));
                case NativeApi.ERR_NO_DRIVER -> Availability.no("no usable NVIDIA driver (libcuda.so.1 missing or too old): "
                        + lib.lastError());
                case NativeApi.ERR_NO_DEVICE -> Availability.no("no GPU: " + lib.lastError());
                default -> Availability.no("CUDA device query failed (" + NativeException.statusName(status) + "): "
                        + lib.lastError());
            };
        } catch (RuntimeException | LinkageError e) {
            return Availability.no("CUDA probe failed: " + e);
        }
    }
}
