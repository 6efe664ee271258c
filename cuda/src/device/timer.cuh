// The object behind an olafhe_timer handle: device time between two events recorded on a context's stream.
#ifndef OLAFHE_TIMER_CUH
#define OLAFHE_TIMER_CUH

#include "context.cuh"
#include "event.cuh"

#include <memory>
#include <utility>

namespace olafhe {

/**
 * Measures the device time of the work queued on its context's stream between start() and stop(). Create
 * and use it under the context's lock with the device current (the events belong to that device).
 */
class Timer {
public:
    explicit Timer(std::shared_ptr<Context> context) : context_(std::move(context)) {}

    const std::shared_ptr<Context>& context_shared() const { return context_; }

    /** Starts (or restarts) the measurement after the work queued so far. */
    void start() {
        start_.record(context_->stream());
        started_ = true;
        stopped_ = false;
    }

    void stop() {
        require(started_, "timer stopped before it was started");
        stop_.record(context_->stream());
        stopped_ = true;
    }

    /** Waits for the work before stop() to finish, then returns the milliseconds between start and stop. */
    double elapsed_ms() const {
        require(stopped_, started_ ? "timer is running: stop it before reading the elapsed time"
                                   : "timer was never started");
        stop_.synchronize();
        float ms = 0;
        OLAFHE_CUDA_CHECK(cudaEventElapsedTime(&ms, start_.get(), stop_.get()));
        return ms;
    }

private:
    std::shared_ptr<Context> context_;  // declared first: destroyed last, after the events of its device
    Event start_{cudaEventDefault};
    Event stop_{cudaEventDefault};
    bool started_ = false;
    bool stopped_ = false;
};

}  // namespace olafhe

#endif
