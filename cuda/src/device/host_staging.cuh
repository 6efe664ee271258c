// Page-locked (pinned) host memory through which a context's poly uploads and downloads pass.
#ifndef OLAFHE_HOST_STAGING_CUH
#define OLAFHE_HOST_STAGING_CUH

#include "event.cuh"
#include "work_counters.cuh"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

namespace olafhe {

/**
 * A reusable pinned staging buffer. The residues come from pageable memory (JavaCPP hands over a long[]), which
 * the driver can only copy synchronously through small bounce buffers; from pinned memory the copy engine reads
 * and writes directly. The buffer grows to the largest transfer seen and is freed with its context.
 *
 * Uploads do not wait for their copy: an event marks when the copy has read the buffer, and the next transfer
 * waits for it before writing there. One transfer at a time: use under the context's lock with its device current.
 */
class HostStaging {
public:
    /** A staging buffer whose copies count into `counters`. */
    explicit HostStaging(WorkCounters& counters) : counters_(counters) {}
    HostStaging(const HostStaging&) = delete;
    HostStaging& operator=(const HostStaging&) = delete;

    /** Copies `words` words from host `source` to device `target` on `stream`; `source` is free again on return. */
    void upload(uint64_t* target, const uint64_t* source, size_t words, cudaStream_t stream);

    /** Copies `words` words from device `source` (after the work queued on `stream`) into host `target`. */
    void download(uint64_t* target, const uint64_t* source, size_t words, cudaStream_t stream);

    /** Words the staging buffer holds now (0 until the first transfer). */
    size_t capacity() const { return capacity_; }

private:
    struct FreePinned {
        void operator()(uint64_t* words) const noexcept { cudaFreeHost(words); }  // cannot throw: may only leak
    };

    /** The buffer, at least `words` long, once the last upload has finished reading it. */
    uint64_t* acquire(size_t words);

    WorkCounters& counters_;
    std::unique_ptr<uint64_t, FreePinned> buffer_;
    size_t capacity_ = 0;
    std::optional<Event> last_upload_read_;  // created on first use, on the context's device
};

}  // namespace olafhe

#endif
