// The work a context queues, counted on the host at the call that queues it (olafhe_context_counters): the same
// code counts on a GPU and in the device emulation, and the counts depend only on the calls made, never on timing.
#ifndef OLAFHE_WORK_COUNTERS_CUH
#define OLAFHE_WORK_COUNTERS_CUH

#include "check.cuh"

#include <array>
#include <cstddef>
#include <cstdint>

namespace olafhe {

/** One value per OLAFHE_COUNTER_* index. Not thread-safe by itself: the owning Context's lock guards it. */
class WorkCounters {
public:
    void add(int counter, uint64_t amount = 1) { values_[static_cast<size_t>(counter)] += amount; }
    uint64_t value(int counter) const { return values_[static_cast<size_t>(counter)]; }
    void reset() { values_.fill(0); }

private:
    std::array<uint64_t, OLAFHE_COUNTER_COUNT> values_{};
};

/** cudaMemcpyAsync on `stream`, counted by direction (host to device, device to host, device to device). */
inline void copy_async(WorkCounters& counters, void* dst, const void* src, size_t bytes, cudaMemcpyKind kind,
                       cudaStream_t stream) {
    OLAFHE_CUDA_CHECK(cudaMemcpyAsync(dst, src, bytes, kind, stream));
    switch (kind) {
        case cudaMemcpyHostToDevice:
            counters.add(OLAFHE_COUNTER_COPIES_TO_DEVICE);
            counters.add(OLAFHE_COUNTER_BYTES_TO_DEVICE, bytes);
            break;
        case cudaMemcpyDeviceToHost:
            counters.add(OLAFHE_COUNTER_COPIES_TO_HOST);
            counters.add(OLAFHE_COUNTER_BYTES_TO_HOST, bytes);
            break;
        default:
            counters.add(OLAFHE_COUNTER_DEVICE_COPIES);
            break;
    }
}

/** cudaMemsetAsync on `stream`, counted. */
inline void memset_async(WorkCounters& counters, void* dst, int value, size_t bytes, cudaStream_t stream) {
    OLAFHE_CUDA_CHECK(cudaMemsetAsync(dst, value, bytes, stream));
    counters.add(OLAFHE_COUNTER_MEMSETS);
}

}  // namespace olafhe

#endif
