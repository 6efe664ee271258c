// The device part of the C ABI in a library built without CUDA: every call reports that CUDA is not
// compiled in, so the Java probe can say why the CUDA backend is unavailable.
#include "abi_guard.h"

#include <string>

namespace {
int not_compiled(const char* function) {
    olafhe::set_last_error(std::string(function)
                           + ": CUDA not compiled in (the native library was built without nvcc or with "
                             "-Dolafhe.cuda=OFF)");
    return OLAFHE_ERR_CUDA_NOT_COMPILED;
}
}  // namespace

extern "C" {

OLAFHE_API int olafhe_runtime_version(int*) { return not_compiled("olafhe_runtime_version"); }
OLAFHE_API int olafhe_driver_version(int*) { return not_compiled("olafhe_driver_version"); }
OLAFHE_API int olafhe_device_count(int*) { return not_compiled("olafhe_device_count"); }
OLAFHE_API int olafhe_device_name(int, char*, int) { return not_compiled("olafhe_device_name"); }
OLAFHE_API int olafhe_device_memory(int, uint64_t*, uint64_t*) { return not_compiled("olafhe_device_memory"); }
OLAFHE_API int olafhe_device_compute_capability(int, int*) {
    return not_compiled("olafhe_device_compute_capability");
}

}  // extern "C"
