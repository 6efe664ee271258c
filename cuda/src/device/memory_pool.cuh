// A per-context device memory pool: freed blocks are kept in exact-size free lists and handed out again
// (CKKS work allocates a handful of distinct sizes, N*limbs words, over and over). All work of a context runs
// on its one stream, so a block released after enqueuing kernels that use it can be reused by later work on
// the same stream without synchronising (stream order). Not thread-safe by itself: the owning Context locks.
#ifndef OLAFHE_MEMORY_POOL_CUH
#define OLAFHE_MEMORY_POOL_CUH

#include "work_counters.cuh"

#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

namespace olafhe {

class MemoryPool {
public:
    /** A pool that counts its cudaMalloc calls and the requests its free lists serve into `counters`. */
    explicit MemoryPool(WorkCounters& counters) : counters_(counters) {}
    MemoryPool(const MemoryPool&) = delete;
    MemoryPool& operator=(const MemoryPool&) = delete;
    ~MemoryPool();

    /** A block of at least `bytes` bytes (a cached one when available, else cudaMalloc; trims and retries once). */
    void* acquire(size_t bytes);

    /** Returns a block obtained from acquire(bytes) to the free list. */
    void release(void* block, size_t bytes) noexcept;

    /** Frees every cached (unused) block. */
    void trim() noexcept;

    uint64_t bytes_in_use() const { return in_use_; }
    uint64_t bytes_cached() const { return cached_; }
    uint64_t peak_bytes() const { return peak_; }

private:
    static size_t rounded(size_t bytes);

    WorkCounters& counters_;
    std::map<size_t, std::vector<void*>> free_;
    uint64_t in_use_ = 0;
    uint64_t cached_ = 0;
    uint64_t peak_ = 0;
};

}  // namespace olafhe

#endif
