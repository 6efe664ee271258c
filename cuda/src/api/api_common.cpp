// Parts of the C ABI that are the same with and without CUDA: error text, version, build facts.
#include "abi_guard.h"

namespace {
thread_local std::string last_error;
}

namespace olafhe {
void set_last_error(const std::string& message) noexcept {
    try {
        last_error = message;
    } catch (...) {
        last_error.clear();  // out of memory while recording an error: keep the status, drop the text
    }
}
}  // namespace olafhe

extern "C" {

OLAFHE_API const char* olafhe_last_error(void) {
    return last_error.c_str();
}

OLAFHE_API const char* olafhe_version(void) {
    return OLAFHE_VERSION_STRING;
}

OLAFHE_API int olafhe_cuda_compiled(void) {
#ifdef OLAFHE_WITH_CUDA
    return 1;
#else
    return 0;
#endif
}

OLAFHE_API const char* olafhe_cuda_architectures(void) {
#ifdef OLAFHE_WITH_CUDA
    return OLAFHE_CUDA_ARCHITECTURES_STRING;
#else
    return "";
#endif
}

}  // extern "C"
