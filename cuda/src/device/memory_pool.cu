#include "memory_pool.cuh"

#include "check.cuh"

namespace olafhe {

size_t MemoryPool::rounded(size_t bytes) {
    const size_t granule = 256;  // cudaMalloc's alignment; equal requests map to one free list
    return (bytes + granule - 1) / granule * granule;
}

void* MemoryPool::acquire(size_t bytes) {
    const size_t size = rounded(bytes == 0 ? 1 : bytes);
    auto it = free_.find(size);
    void* block = nullptr;
    if (it != free_.end() && !it->second.empty()) {
        block = it->second.back();
        it->second.pop_back();
        cached_ -= size;
        counters_.add(OLAFHE_COUNTER_POOL_REUSES);
    } else {
        cudaError_t status = cudaMalloc(&block, size);
        if (status == cudaErrorMemoryAllocation) {
            (void)cudaGetLastError();  // clear the sticky-free allocation error before retrying
            trim();
            status = cudaMalloc(&block, size);
        }
        if (status != cudaSuccess) {
            throw_cuda(status, "cudaMalloc(pool block)", __FILE__, __LINE__);
        }
        counters_.add(OLAFHE_COUNTER_DEVICE_ALLOCATIONS);
    }
    in_use_ += size;
    peak_ = in_use_ > peak_ ? in_use_ : peak_;
    return block;
}

void MemoryPool::release(void* block, size_t bytes) noexcept {
    if (block == nullptr) {
        return;
    }
    const size_t size = rounded(bytes == 0 ? 1 : bytes);
    try {
        free_[size].push_back(block);
        cached_ += size;
    } catch (...) {
        cudaFree(block);  // no host memory for the free list: give the block back to the driver instead
    }
    in_use_ -= size;
}

void MemoryPool::trim() noexcept {
    // cached blocks may still be read by queued kernels (blocks are reused in stream order), so wait first
    cudaDeviceSynchronize();
    for (auto& entry : free_) {
        for (void* block : entry.second) {
            cudaFree(block);  // a failure here leaks at worst; trim runs on error paths too
        }
        cached_ -= entry.first * entry.second.size();
        entry.second.clear();
    }
}

MemoryPool::~MemoryPool() {
    trim();
}

}  // namespace olafhe
