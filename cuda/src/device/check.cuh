// Checked CUDA calls: every runtime call and every kernel launch goes through one of these macros, which
// turn a failure into an olafhe::Error carrying the file, line and call text.
#ifndef OLAFHE_CHECK_CUH
#define OLAFHE_CHECK_CUH

#include "../api/abi_guard.h"

#include <cuda_runtime.h>

#include <string>

namespace olafhe {

/** Maps a CUDA error to the ABI status that lets the Java side explain it. */
inline int status_of(cudaError_t error) {
    switch (error) {
        case cudaErrorInsufficientDriver:
        case cudaErrorStubLibrary:
        case cudaErrorSystemDriverMismatch:
        case cudaErrorCompatNotSupportedOnDevice:
            return OLAFHE_ERR_NO_DRIVER;
        case cudaErrorNoDevice:
        case cudaErrorInvalidDevice:
        case cudaErrorDevicesUnavailable:
            return OLAFHE_ERR_NO_DEVICE;
        case cudaErrorMemoryAllocation:
            return OLAFHE_ERR_OUT_OF_MEMORY;
        default:
            return OLAFHE_ERR_CUDA;
    }
}

[[noreturn]] inline void throw_cuda(cudaError_t error, const char* call, const char* file, int line) {
    throw Error(status_of(error), std::string(file) + ":" + std::to_string(line) + ": " + call + " failed: "
                                      + cudaGetErrorName(error) + " (" + cudaGetErrorString(error) + ")");
}

}  // namespace olafhe

/** Runs a CUDA runtime call and throws olafhe::Error (with file and line) unless it returns cudaSuccess. */
#define OLAFHE_CUDA_CHECK(call)                                                 \
    do {                                                                        \
        cudaError_t olafhe_err_ = (call);                                       \
        if (olafhe_err_ != cudaSuccess) {                                       \
            ::olafhe::throw_cuda(olafhe_err_, #call, __FILE__, __LINE__);       \
        }                                                                       \
    } while (0)

#ifndef OLAFHE_LAUNCH_ON_STREAM
/** Launches a kernel on a stream, uncounted: OLAFHE_LAUNCH_ON_STREAM(kernel, grid, block, stream)(arguments...). */
#define OLAFHE_LAUNCH_ON_STREAM(kernel, grid, block, stream) kernel<<<(grid), (block), 0, (stream)>>>
#endif

#ifndef OLAFHE_LAUNCH_BLOCK_SYNC_ON_STREAM
/**
 * The launch of a kernel that uses __syncthreads(): the same on a GPU; the host emulation runs such blocks as
 * fibers that meet at the barriers (emulation/cuda_runtime.h).
 */
#define OLAFHE_LAUNCH_BLOCK_SYNC_ON_STREAM(kernel, grid, block, stream) kernel<<<(grid), (block), 0, (stream)>>>
#endif

/**
 * Launches a kernel on a Context's stream and counts the launch in the context's work counters (the stream
 * argument is evaluated once, also by the emulation): OLAFHE_LAUNCH(kernel, grid, block, context)(arguments...).
 */
#define OLAFHE_LAUNCH(kernel, grid, block, context) \
    OLAFHE_LAUNCH_ON_STREAM(kernel, grid, block, (context).stream_of_launch())

/** OLAFHE_LAUNCH for a kernel that uses __syncthreads(). */
#define OLAFHE_LAUNCH_BLOCK_SYNC(kernel, grid, block, context) \
    OLAFHE_LAUNCH_BLOCK_SYNC_ON_STREAM(kernel, grid, block, (context).stream_of_launch())

/** Checks the launch that was just made (configuration errors, earlier asynchronous faults). */
#define OLAFHE_CHECK_LAUNCH() OLAFHE_CUDA_CHECK(cudaGetLastError())

#endif
