package dev.olafhe.backend.cuda;

/**
 * What the availability probe needs from the native library, as an interface so that every probe outcome
 * (no library, no CUDA, no driver, no GPU, a GPU) can be tested on a machine that has only some of them.
 * {@link NativeLibrary} is the real implementation.
 */
interface NativeRuntime {
    /** Library version, e.g. "0.1.0". */
    String version();

    boolean cudaCompiled();

    /** Architectures the kernels were compiled for ("" without CUDA). */
    String cudaArchitectures();

    /** Writes the number of usable GPUs into count[0]; returns the C ABI status. */
    int deviceCount(int[] count);

    /** The native error text of the last failed call on this thread. */
    String lastError();

    /** One line describing a device: name, compute capability, memory, driver and runtime versions. */
    String describeDevice(int device);
}
