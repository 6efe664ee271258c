// Device queries of the C ABI (CUDA build).
#include "../device/check.cuh"

#include <cstring>

namespace {
void require_device(int device) {
    int count = 0;
    OLAFHE_CUDA_CHECK(cudaGetDeviceCount(&count));
    olafhe::require(device >= 0 && device < count,
                    "device " + std::to_string(device) + " does not exist (" + std::to_string(count) + " found)");
}
}  // namespace

extern "C" {

OLAFHE_API int olafhe_runtime_version(int* version) {
    return olafhe::guarded("olafhe_runtime_version", [&] {
        olafhe::require(version != nullptr, "version is null");
        OLAFHE_CUDA_CHECK(cudaRuntimeGetVersion(version));
    });
}

OLAFHE_API int olafhe_driver_version(int* version) {
    return olafhe::guarded("olafhe_driver_version", [&] {
        olafhe::require(version != nullptr, "version is null");
        OLAFHE_CUDA_CHECK(cudaDriverGetVersion(version));  // 0 (and success) when no driver is installed
    });
}

OLAFHE_API int olafhe_device_count(int* count) {
    return olafhe::guarded("olafhe_device_count", [&] {
        olafhe::require(count != nullptr, "count is null");
        int found = 0;
        OLAFHE_CUDA_CHECK(cudaGetDeviceCount(&found));
        if (found == 0) {
            throw olafhe::Error(OLAFHE_ERR_NO_DEVICE, "the CUDA driver reports no GPU");
        }
        *count = found;
    });
}

OLAFHE_API int olafhe_device_name(int device, char* name, int capacity) {
    return olafhe::guarded("olafhe_device_name", [&] {
        olafhe::require(name != nullptr && capacity > 0, "name buffer is null or empty");
        require_device(device);
        cudaDeviceProp properties{};
        OLAFHE_CUDA_CHECK(cudaGetDeviceProperties(&properties, device));
        std::strncpy(name, properties.name, static_cast<size_t>(capacity) - 1);
        name[capacity - 1] = '\0';
    });
}

OLAFHE_API int olafhe_device_memory(int device, uint64_t* free_bytes, uint64_t* total_bytes) {
    return olafhe::guarded("olafhe_device_memory", [&] {
        olafhe::require(free_bytes != nullptr && total_bytes != nullptr, "output is null");
        require_device(device);
        int previous = 0;
        OLAFHE_CUDA_CHECK(cudaGetDevice(&previous));
        OLAFHE_CUDA_CHECK(cudaSetDevice(device));
        size_t free_now = 0;
        size_t total = 0;
        cudaError_t info = cudaMemGetInfo(&free_now, &total);
        OLAFHE_CUDA_CHECK(cudaSetDevice(previous));
        OLAFHE_CUDA_CHECK(info);
        *free_bytes = free_now;
        *total_bytes = total;
    });
}

OLAFHE_API int olafhe_device_compute_capability(int device, int* capability) {
    return olafhe::guarded("olafhe_device_compute_capability", [&] {
        olafhe::require(capability != nullptr, "capability is null");
        require_device(device);
        int major = 0;
        int minor = 0;
        OLAFHE_CUDA_CHECK(cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, device));
        OLAFHE_CUDA_CHECK(cudaDeviceGetAttribute(&minor, cudaDevAttrComputeCapabilityMinor, device));
        *capability = major * 10 + minor;
    });
}

}  // extern "C"
