// Host emulation of the small part of the CUDA runtime that libolafhe_native uses, for test builds only
// (cmake -DOLAFHE_EMULATE_DEVICE=ON, Maven -Pemulated-device). The kernels run as plain C++ loops over the
// grid, one "thread" after another, and device memory is host memory. This lets the kernels' index
// arithmetic and the launchers' orchestration be checked bit for bit against the Java backend on a machine
// without a GPU. It says nothing about launch limits, memory coalescing or speed on a real GPU.
//
// Kernels that use __shared__ memory and __syncthreads() are launched with OLAFHE_LAUNCH_BLOCK_SYNC: each
// thread of a block becomes a fiber (ucontext) and __syncthreads() returns to a scheduler that resumes the
// block's fibers, in a different pseudo-random order after every barrier, once all have arrived. A missing
// barrier between a write and another thread's read of shared memory therefore gives wrong results (the reader
// runs before the writer for some order), which the bit-exact tests catch; barriers in divergent code abort.
// __shared__ variables are per-OS-thread statics: the fibers of a block share them, blocks run one at a time.
#ifndef OLAFHE_EMULATED_CUDA_RUNTIME_H
#define OLAFHE_EMULATED_CUDA_RUNTIME_H

#include <ucontext.h>

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <vector>

struct dim3 {
    unsigned x, y, z;
    constexpr dim3(unsigned x_ = 1, unsigned y_ = 1, unsigned z_ = 1) : x(x_), y(y_), z(z_) {}
};

namespace olafhe_emulation {
inline thread_local dim3 block_index;
inline thread_local dim3 block_size;
inline thread_local dim3 thread_index;

/** Sets blockDim, then blockIdx for each block of the grid in turn, and runs run_block() for it. */
template <class RunBlock>
void for_each_block(dim3 grid, dim3 block, RunBlock run_block) {
    block_size = block;
    for (unsigned by = 0; by < grid.y; by++) {
        for (unsigned bx = 0; bx < grid.x; bx++) {
            block_index = dim3(bx, by);
            run_block();
        }
    }
}

/** Runs kernel(args...) once per (block, thread) of the grid, sequentially. */
template <class Kernel>
struct Launch {
    Kernel kernel;
    dim3 grid;
    dim3 block;
    template <class... Args>
    void operator()(Args... args) const {
        for_each_block(grid, block, [&] {
            for (unsigned tx = 0; tx < block.x; tx++) {
                thread_index = dim3(tx);
                kernel(args...);
            }
        });
    }
};
[[noreturn]] inline void fail(const char* why) {
    std::fprintf(stderr, "olafhe device emulation: %s\n", why);
    std::abort();
}

/** The block that is running as fibers on this OS thread (null outside OLAFHE_LAUNCH_BLOCK_SYNC). */
struct FiberBlock {
    static constexpr size_t kStackBytes = 64 * 1024;
    ucontext_t scheduler;
    std::vector<ucontext_t> fibers;
    std::vector<std::unique_ptr<char[]>> stacks;  // kept between launches
    std::vector<unsigned char> finished;
    std::vector<unsigned> order;
    const std::function<void()>* body = nullptr;
    unsigned current = 0;
    unsigned long long seed = 0x9E3779B97F4A7C15ull;

    void run(unsigned threads, const std::function<void()>& kernel_call) {
        body = &kernel_call;
        fibers.resize(threads);
        finished.assign(threads, 0);
        order.resize(threads);
        while (stacks.size() < threads) {
            stacks.emplace_back(new char[kStackBytes]);
        }
        for (unsigned t = 0; t < threads; t++) {
            getcontext(&fibers[t]);
            fibers[t].uc_stack.ss_sp = stacks[t].get();
            fibers[t].uc_stack.ss_size = kStackBytes;
            fibers[t].uc_link = &scheduler;
            makecontext(&fibers[t], &FiberBlock::entry, 0);
            order[t] = t;
        }
        unsigned done = 0;
        while (done < threads) {
            shuffle();
            unsigned finished_now = 0;
            unsigned waiting = 0;
            for (unsigned t : order) {
                if (finished[t]) {
                    continue;
                }
                current = t;
                thread_index = dim3(t);
                swapcontext(&scheduler, &fibers[t]);
                if (finished[t]) {
                    finished_now++;
                } else {
                    waiting++;
                }
            }
            if (finished_now > 0 && waiting > 0) {
                fail("__syncthreads() reached by only some threads of a block (barrier in divergent code)");
            }
            done += finished_now;
        }
        body = nullptr;
    }

    void shuffle() {  // Fisher-Yates with a 64-bit LCG: deterministic, different after every barrier
        for (size_t i = order.size(); i > 1; i--) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            const size_t k = static_cast<size_t>((seed >> 33) % i);
            const unsigned tmp = order[i - 1];
            order[i - 1] = order[k];
            order[k] = tmp;
        }
    }

    static void entry();
};

inline thread_local FiberBlock fiber_block;
inline thread_local bool in_fiber_block = false;

inline void FiberBlock::entry() {
    FiberBlock& b = fiber_block;
    (*b.body)();
    b.finished[b.current] = 1;  // returning resumes uc_link, the scheduler
}

inline void sync_threads() {
    if (!in_fiber_block) {
        fail("__syncthreads() in a kernel launched without OLAFHE_LAUNCH_BLOCK_SYNC");
    }
    FiberBlock& b = fiber_block;
    swapcontext(&b.fibers[b.current], &b.scheduler);
}

/** Like Launch, but every block runs its threads as fibers that meet at __syncthreads(). */
template <class Kernel>
struct BlockSyncLaunch {
    Kernel kernel;
    dim3 grid;
    dim3 block;
    template <class... Args>
    void operator()(Args... args) const {
        if (block.x * block.y * block.z > 1024) {
            fail("more than 1024 threads per block");
        }
        const std::function<void()> call = [&] { kernel(args...); };
        in_fiber_block = true;
        for_each_block(grid, block, [&] { fiber_block.run(block.x, call); });
        in_fiber_block = false;
    }
};
}  // namespace olafhe_emulation

#define blockIdx ::olafhe_emulation::block_index
#define blockDim ::olafhe_emulation::block_size
#define threadIdx ::olafhe_emulation::thread_index
#define __global__
#define __shared__ static thread_local
#define __syncthreads() ::olafhe_emulation::sync_threads()
#define OLAFHE_LAUNCH_ON_STREAM(kernel, grid, block, stream) \
    (static_cast<void>(stream), ::olafhe_emulation::Launch<decltype(&kernel)>{&kernel, dim3(grid), dim3(block)})
#define OLAFHE_LAUNCH_BLOCK_SYNC_ON_STREAM(kernel, grid, block, stream)                                \
    (static_cast<void>(stream),                                                                     \
     ::olafhe_emulation::BlockSyncLaunch<decltype(&kernel)>{&kernel, dim3(grid), dim3(block)})

enum cudaError_t {
    cudaSuccess = 0,
    cudaErrorMemoryAllocation = 2,
    cudaErrorStubLibrary = 34,
    cudaErrorInsufficientDriver = 35,
    cudaErrorDevicesUnavailable = 46,
    cudaErrorNoDevice = 100,
    cudaErrorInvalidDevice = 101,
    cudaErrorSystemDriverMismatch = 803,
    cudaErrorCompatNotSupportedOnDevice = 804,
};
enum cudaMemcpyKind { cudaMemcpyHostToDevice, cudaMemcpyDeviceToHost, cudaMemcpyDeviceToDevice };
enum cudaDeviceAttr { cudaDevAttrComputeCapabilityMajor, cudaDevAttrComputeCapabilityMinor };
using cudaStream_t = struct olafhe_emulated_stream*;
constexpr unsigned cudaStreamNonBlocking = 1;
struct cudaDeviceProp {
    char name[256];
};

inline const char* cudaGetErrorName(cudaError_t e) { return e == cudaSuccess ? "cudaSuccess" : "cudaError(emulated)"; }
inline const char* cudaGetErrorString(cudaError_t e) { return e == cudaSuccess ? "no error" : "emulated failure"; }
inline cudaError_t cudaGetLastError() { return cudaSuccess; }
inline cudaError_t cudaMalloc(void** p, size_t bytes) {
    *p = std::malloc(bytes);
    return *p != nullptr ? cudaSuccess : cudaErrorMemoryAllocation;
}
inline cudaError_t cudaFree(void* p) {
    std::free(p);
    return cudaSuccess;
}
inline cudaError_t cudaMemcpyAsync(void* dst, const void* src, size_t bytes, cudaMemcpyKind, cudaStream_t) {
    std::memmove(dst, src, bytes);
    return cudaSuccess;
}
inline cudaError_t cudaMemsetAsync(void* p, int value, size_t bytes, cudaStream_t) {
    std::memset(p, value, bytes);
    return cudaSuccess;
}
inline cudaError_t cudaStreamCreateWithFlags(cudaStream_t* s, unsigned) {
    *s = nullptr;
    return cudaSuccess;
}
inline cudaError_t cudaStreamSynchronize(cudaStream_t) { return cudaSuccess; }
inline cudaError_t cudaStreamDestroy(cudaStream_t) { return cudaSuccess; }
inline cudaError_t cudaDeviceSynchronize() { return cudaSuccess; }
inline cudaError_t cudaSetDevice(int) { return cudaSuccess; }
inline cudaError_t cudaGetDevice(int* d) {
    *d = 0;
    return cudaSuccess;
}
inline cudaError_t cudaGetDeviceCount(int* c) {
    *c = 1;
    return cudaSuccess;
}
inline cudaError_t cudaRuntimeGetVersion(int* v) {
    *v = 0;
    return cudaSuccess;
}
inline cudaError_t cudaDriverGetVersion(int* v) {
    *v = 0;
    return cudaSuccess;
}
inline cudaError_t cudaGetDeviceProperties(cudaDeviceProp* p, int) {
    std::strcpy(p->name, "host emulation (not a GPU)");
    return cudaSuccess;
}
inline cudaError_t cudaMemGetInfo(size_t* free_bytes, size_t* total) {
    *free_bytes = 0;
    *total = 0;
    return cudaSuccess;
}
inline cudaError_t cudaDeviceGetAttribute(int* value, cudaDeviceAttr, int) {
    *value = 0;
    return cudaSuccess;
}

// ==== pinned host memory and events (host staging of uploads and downloads, olafhe_timer_*) ==============
// Pinned memory is plain heap memory. Events read the host clock (std::chrono::steady_clock) when recorded;
// emulated kernels run to completion inside their launch, so an emulated elapsed time is the HOST time the
// emulated work took, never a GPU time.
#include <chrono>
#include <new>

#define cudaHostAllocDefault 0x00
#define cudaEventDefault 0x00
#define cudaEventDisableTiming 0x02
struct olafhe_emulated_event {
    std::chrono::steady_clock::time_point recorded;
};
using cudaEvent_t = olafhe_emulated_event*;

inline cudaError_t cudaHostAlloc(void** p, size_t bytes, unsigned) {
    *p = std::malloc(bytes);
    return *p != nullptr ? cudaSuccess : cudaErrorMemoryAllocation;
}
inline cudaError_t cudaFreeHost(void* p) {
    std::free(p);
    return cudaSuccess;
}
inline cudaError_t cudaEventCreateWithFlags(cudaEvent_t* e, unsigned) {
    *e = new (std::nothrow) olafhe_emulated_event{std::chrono::steady_clock::now()};
    return *e != nullptr ? cudaSuccess : cudaErrorMemoryAllocation;
}
inline cudaError_t cudaEventDestroy(cudaEvent_t e) {
    delete e;
    return cudaSuccess;
}
inline cudaError_t cudaEventRecord(cudaEvent_t e, cudaStream_t) {
    e->recorded = std::chrono::steady_clock::now();
    return cudaSuccess;
}
inline cudaError_t cudaEventSynchronize(cudaEvent_t) { return cudaSuccess; }
inline cudaError_t cudaEventElapsedTime(float* ms, cudaEvent_t start, cudaEvent_t end) {
    *ms = std::chrono::duration<float, std::milli>(end->recorded - start->recorded).count();
    return cudaSuccess;
}
// ==== end of pinned memory and events ====================================================================

#endif
