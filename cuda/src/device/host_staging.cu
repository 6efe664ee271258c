#include "host_staging.cuh"

#include <cstring>

namespace olafhe {

uint64_t* HostStaging::acquire(size_t words) {
    if (last_upload_read_) {
        last_upload_read_->synchronize();
    } else {
        last_upload_read_.emplace(cudaEventDisableTiming);
    }
    if (words > capacity_) {
        buffer_.reset();  // free the old buffer first: it is idle (waited for above), and pinned memory is scarce
        capacity_ = 0;
        void* grown = nullptr;
        OLAFHE_CUDA_CHECK(cudaHostAlloc(&grown, words * sizeof(uint64_t), cudaHostAllocDefault));
        buffer_.reset(static_cast<uint64_t*>(grown));
        capacity_ = words;
    }
    return buffer_.get();
}

void HostStaging::upload(uint64_t* target, const uint64_t* source, size_t words, cudaStream_t stream) {
    uint64_t* staged = acquire(words);
    std::memcpy(staged, source, words * sizeof(uint64_t));
    copy_async(counters_, target, staged, words * sizeof(uint64_t), cudaMemcpyHostToDevice, stream);
    last_upload_read_->record(stream);
}

void HostStaging::download(uint64_t* target, const uint64_t* source, size_t words, cudaStream_t stream) {
    uint64_t* staged = acquire(words);
    copy_async(counters_, staged, source, words * sizeof(uint64_t), cudaMemcpyDeviceToHost, stream);
    OLAFHE_CUDA_CHECK(cudaStreamSynchronize(stream));
    std::memcpy(target, staged, words * sizeof(uint64_t));
}

}  // namespace olafhe
