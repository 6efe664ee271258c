// CUDA events: an RAII owner, and a Timer made of two of them that measures work on a context's stream.
#ifndef OLAFHE_EVENT_CUH
#define OLAFHE_EVENT_CUH

#include "check.cuh"

namespace olafhe {

/** Owns one CUDA event, created on the current device; not copyable or movable (hold it by value). */
class Event {
public:
    /** flags: cudaEventDefault (records timestamps) or cudaEventDisableTiming (cheaper, ordering only). */
    explicit Event(unsigned flags) { OLAFHE_CUDA_CHECK(cudaEventCreateWithFlags(&event_, flags)); }
    Event(const Event&) = delete;
    Event& operator=(const Event&) = delete;
    ~Event() { cudaEventDestroy(event_); }  // cannot throw: a failure here can only leak

    cudaEvent_t get() const { return event_; }

    /** Completes once the work queued on `stream` so far has finished. */
    void record(cudaStream_t stream) { OLAFHE_CUDA_CHECK(cudaEventRecord(event_, stream)); }

    /** Waits for the last recording to complete (at once if the event was never recorded). */
    void synchronize() const { OLAFHE_CUDA_CHECK(cudaEventSynchronize(event_)); }

private:
    cudaEvent_t event_ = nullptr;
};

}  // namespace olafhe

#endif
