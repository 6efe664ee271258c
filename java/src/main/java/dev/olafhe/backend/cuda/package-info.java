/**
 * The CUDA backend: {@link dev.olafhe.backend.cuda.CudaBackend} implements the backend SPI with the kernel
 * library in {@code cuda/} (C ABI {@code olafhe_native.h}, bound with JavaCPP in the package-private
 * {@code NativeApi}); {@link dev.olafhe.backend.cuda.CudaBackendProvider} registers it with an availability
 * probe that names the missing piece (native library, CUDA build, driver, GPU) so that auto selection falls
 * back to the CPU backend with a reason.
 */
package dev.olafhe.backend.cuda;
