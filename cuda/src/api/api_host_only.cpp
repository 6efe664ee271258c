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

// One stub per device function of the header, with unnamed parameters.
#define OLAFHE_NOT_COMPILED(name, ...) \
    OLAFHE_API int name(__VA_ARGS__) { return not_compiled(#name); }

extern "C" {

OLAFHE_NOT_COMPILED(olafhe_runtime_version, int*)
OLAFHE_NOT_COMPILED(olafhe_driver_version, int*)
OLAFHE_NOT_COMPILED(olafhe_device_count, int*)
OLAFHE_NOT_COMPILED(olafhe_device_name, int, char*, int)
OLAFHE_NOT_COMPILED(olafhe_device_memory, int, uint64_t*, uint64_t*)
OLAFHE_NOT_COMPILED(olafhe_device_compute_capability, int, int*)
OLAFHE_NOT_COMPILED(olafhe_context_create, int, int64_t*)
OLAFHE_NOT_COMPILED(olafhe_context_destroy, int64_t)
OLAFHE_NOT_COMPILED(olafhe_context_synchronize, int64_t)
OLAFHE_NOT_COMPILED(olafhe_context_memory, int64_t, uint64_t*, uint64_t*, uint64_t*)
OLAFHE_NOT_COMPILED(olafhe_context_counters, int64_t, uint64_t*, int, int*)
OLAFHE_NOT_COMPILED(olafhe_context_counters_reset, int64_t)
OLAFHE_NOT_COMPILED(olafhe_ring_create, int64_t, int, const uint64_t*, const uint64_t*, int, int, int64_t*)
OLAFHE_NOT_COMPILED(olafhe_ring_destroy, int64_t)
OLAFHE_NOT_COMPILED(olafhe_poly_create, int64_t, int, int, int64_t*)
OLAFHE_NOT_COMPILED(olafhe_poly_destroy, int64_t)
OLAFHE_NOT_COMPILED(olafhe_poly_views, int64_t, int, const int*, const int*, int64_t*)
OLAFHE_NOT_COMPILED(olafhe_poly_upload, int64_t, const uint64_t*, int64_t)
OLAFHE_NOT_COMPILED(olafhe_poly_download, int64_t, uint64_t*, int64_t)
OLAFHE_NOT_COMPILED(olafhe_timer_create, int64_t, int64_t*)
OLAFHE_NOT_COMPILED(olafhe_timer_destroy, int64_t)
OLAFHE_NOT_COMPILED(olafhe_timer_start, int64_t)
OLAFHE_NOT_COMPILED(olafhe_timer_stop, int64_t)
OLAFHE_NOT_COMPILED(olafhe_timer_elapsed_ms, int64_t, double*)
OLAFHE_NOT_COMPILED(olafhe_copy, int64_t, int64_t)
OLAFHE_NOT_COMPILED(olafhe_add, int64_t, int64_t, int64_t)
OLAFHE_NOT_COMPILED(olafhe_sub, int64_t, int64_t, int64_t)
OLAFHE_NOT_COMPILED(olafhe_mul, int64_t, int64_t, int64_t)
OLAFHE_NOT_COMPILED(olafhe_mul_add, int64_t, int64_t, int64_t)
OLAFHE_NOT_COMPILED(olafhe_neg, int64_t, int64_t)
OLAFHE_NOT_COMPILED(olafhe_mul_scalar, int64_t, const uint64_t*, int, int64_t)
OLAFHE_NOT_COMPILED(olafhe_add_scalar, int64_t, const uint64_t*, int, int64_t)
OLAFHE_NOT_COMPILED(olafhe_tensor, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t)
OLAFHE_NOT_COMPILED(olafhe_ntt, int64_t, int64_t)
OLAFHE_NOT_COMPILED(olafhe_intt, int64_t, int64_t)
OLAFHE_NOT_COMPILED(olafhe_automorphism_ntt, int64_t, int64_t, int64_t)
OLAFHE_NOT_COMPILED(olafhe_automorphism_coeff, int64_t, int64_t, int64_t)
OLAFHE_NOT_COMPILED(olafhe_rescale_ntt, int64_t, int64_t)
OLAFHE_NOT_COMPILED(olafhe_mod_raise, int64_t, int64_t)
OLAFHE_NOT_COMPILED(olafhe_mod_up, int64_t, int, int, int64_t)
OLAFHE_NOT_COMPILED(olafhe_inner_product, const int64_t*, int, const int64_t*, const int64_t*, int, int64_t, int64_t)
OLAFHE_NOT_COMPILED(olafhe_mod_down, int64_t, int64_t)
OLAFHE_NOT_COMPILED(olafhe_key_switch, int64_t, int, const int64_t*, const int64_t*, int, int64_t, int64_t)
OLAFHE_NOT_COMPILED(olafhe_rescale_parts, const int64_t*, const int64_t*, int)
OLAFHE_NOT_COMPILED(olafhe_linear_combination_rescale, const int64_t*, int, int, const uint64_t*, const uint64_t*, int,
                    const int64_t*)
OLAFHE_NOT_COMPILED(olafhe_multiply_relinearize, const int64_t*, const int64_t*, int, const int64_t*, const uint64_t*,
                    const uint64_t*, int, int, int, const int64_t*, const int64_t*, int, int, const int64_t*, int)
OLAFHE_NOT_COMPILED(olafhe_linear_combination, const int64_t*, int, int, const uint64_t*, const uint64_t*, int,
                    const int64_t*)
OLAFHE_NOT_COMPILED(olafhe_binary_parts, int, const int64_t*, const int64_t*, int, const int64_t*, int)
OLAFHE_NOT_COMPILED(olafhe_neg_parts, const int64_t*, const int64_t*, int)
OLAFHE_NOT_COMPILED(olafhe_mul_scalar_parts, const int64_t*, const uint64_t*, int, const int64_t*, int)
OLAFHE_NOT_COMPILED(olafhe_copy_parts, const int64_t*, const int64_t*, int)
OLAFHE_NOT_COMPILED(olafhe_mod_down_parts, const int64_t*, const int64_t*, int)
OLAFHE_NOT_COMPILED(olafhe_sum_of_products, const int64_t*, const int64_t*, int, int, int, const int64_t*)
OLAFHE_NOT_COMPILED(olafhe_decompose, int64_t, int, const int64_t*, int)
OLAFHE_NOT_COMPILED(olafhe_key_switch_decomposed, const int64_t*, int, const int64_t*, const int64_t*, int, int64_t,
                    int64_t)
OLAFHE_NOT_COMPILED(olafhe_key_switch_add, int64_t, int, const int64_t*, const int64_t*, int, int64_t, int64_t, int64_t,
                    int64_t)
OLAFHE_NOT_COMPILED(olafhe_automorphisms_hoisted, int64_t, const int64_t*, int, const int64_t*, int, const int64_t*,
                    const int64_t*, int, const uint64_t*, int, const int64_t*, const int64_t*)
OLAFHE_NOT_COMPILED(olafhe_automorphisms, int64_t, int64_t, int, const int64_t*, int, const int64_t*, const int64_t*, int,
                    const int64_t*, const int64_t*)
OLAFHE_NOT_COMPILED(olafhe_automorphisms_accumulate, const int64_t*, int, const int64_t*, int, const int64_t*,
                    const int64_t*, int, const uint64_t*, int, const int64_t*)

}  // extern "C"
