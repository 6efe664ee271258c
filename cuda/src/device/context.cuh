// Device-side objects behind the C ABI handles: a Context (device, stream, memory pool, pinned staging), a Ring (moduli and
// NTT tables in device memory) and a Poly (limbs of one RNS polynomial). Rings keep their context alive and
// polys keep their ring alive (shared_ptr), so destroying handles in any order never leaves a dangling table.
#ifndef OLAFHE_CONTEXT_CUH
#define OLAFHE_CONTEXT_CUH

#include "../arith/host_tables.h"
#include "check.cuh"
#include "host_staging.cuh"
#include "memory_pool.cuh"
#include "work_counters.cuh"

#include <map>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace olafhe {

class Context {
public:
    explicit Context(int device);
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;
    ~Context();

    int device() const { return device_; }
    cudaStream_t stream() const { return stream_; }
    MemoryPool& pool() { return pool_; }
    /** Pinned host memory for poly uploads and downloads; use under the lock. */
    HostStaging& staging() { return staging_; }
    /** Serialises use of the pool and stream by threads sharing this context. */
    std::mutex& mutex() { return mutex_; }
    /** What this context's calls queued (olafhe_context_counters); use under the lock. */
    WorkCounters& counters() { return counters_; }
    /** The stream, counting one kernel launch on it: for the launch macros (check.cuh) only. */
    cudaStream_t stream_of_launch() {
        counters_.add(OLAFHE_COUNTER_LAUNCHES);
        return stream_;
    }

    /** Makes this context's device current on the calling thread. */
    void activate() const { OLAFHE_CUDA_CHECK(cudaSetDevice(device_)); }

private:
    int device_;
    cudaStream_t stream_ = nullptr;
    WorkCounters counters_;  // declared before the pool and the staging buffer, which count into it
    MemoryPool pool_{counters_};
    HostStaging staging_{counters_};  // destroyed after ~Context() has synchronised the stream: no copy still uses it
    std::mutex mutex_;
};

/** RAII device array from a context's pool; move-only, and releasing twice is harmless. */
template <class T>
class DeviceBuffer {
public:
    DeviceBuffer() = default;
    DeviceBuffer(Context& context, size_t count)
        : context_(&context), count_(count), data_(static_cast<T*>(context.pool().acquire(count * sizeof(T)))) {}
    DeviceBuffer(const DeviceBuffer&) = delete;
    DeviceBuffer& operator=(const DeviceBuffer&) = delete;
    DeviceBuffer(DeviceBuffer&& other) noexcept { swap(other); }
    DeviceBuffer& operator=(DeviceBuffer&& other) noexcept {
        reset();
        swap(other);
        return *this;
    }
    ~DeviceBuffer() { reset(); }

    void reset() noexcept {
        if (data_ != nullptr) {
            context_->pool().release(data_, count_ * sizeof(T));
        }
        data_ = nullptr;
        count_ = 0;
    }

    T* get() const { return data_; }
    size_t size() const { return count_; }

    /** Asynchronous copy from host memory on the context's stream (pageable sources are staged at once). */
    void upload(const T* host, size_t count, size_t offset = 0) {
        require(offset + count <= count_, "upload past the end of a device buffer");
        copy_async(context_->counters(), data_ + offset, host, count * sizeof(T), cudaMemcpyHostToDevice,
                   context_->stream());
    }

private:
    void swap(DeviceBuffer& other) noexcept {
        std::swap(context_, other.context_);
        std::swap(count_, other.count_);
        std::swap(data_, other.data_);
    }

    Context* context_ = nullptr;
    size_t count_ = 0;
    T* data_ = nullptr;
};

/** Uploads a small host vector (constants of one call) into a pooled device buffer. */
template <class T>
DeviceBuffer<T> to_device(Context& context, const std::vector<T>& values) {
    DeviceBuffer<T> buffer(context, values.size());
    buffer.upload(values.data(), values.size());
    return buffer;
}

class Ring {
public:
    Ring(std::shared_ptr<Context> context, int log_n, const uint64_t* moduli, const uint64_t* psi, int q_total,
         int p_total);

    Context& context() const { return *context_; }
    const std::shared_ptr<Context>& context_shared() const { return context_; }
    int log_n() const { return log_n_; }
    uint32_t n() const { return 1u << log_n_; }
    int q_total() const { return q_total_; }
    int p_total() const { return p_total_; }
    int total() const { return q_total_ + p_total_; }
    const arith::Modulus& modulus(int ring_index) const { return moduli_[ring_index]; }
    const std::vector<arith::Modulus>& moduli() const { return moduli_; }

    const arith::Modulus* device_moduli() const { return d_moduli_.get(); }
    const uint64_t* psi_rev() const { return psi_rev_.get(); }
    const uint64_t* psi_rev_shoup() const { return psi_rev_shoup_.get(); }
    const uint64_t* psi_inv_rev() const { return psi_inv_rev_.get(); }
    const uint64_t* psi_inv_rev_shoup() const { return psi_inv_rev_shoup_.get(); }
    /** N^-1 mod the ring modulus, on the host (for constants that fold it in). */
    uint64_t n_inv_host(int ring_index) const { return n_inv_host_[static_cast<size_t>(ring_index)]; }

    /**
     * A device copy of `values`, uploaded once per distinct content and kept with the ring: limb maps and
     * per-level constants (basis conversion, rescale, ModDown) recur on every call, so steady-state calls
     * upload nothing. Call under the context's lock.
     */
    const int* cached(const std::vector<int>& values) const { return lookup(int_cache_, values); }
    const uint64_t* cached(const std::vector<uint64_t>& values) const { return lookup(word_cache_, values); }

    /**
     * Host constants that the kernels' launchers derive from the moduli, computed once instead of per call (at
     * GPU speeds the per-call modular inversions cost as much as the kernels): the fast basis conversion from
     * `source` to `target` ring indices, memoised; floor(P/2) mod every modulus and P^-1 mod every Q modulus
     * (ModDown), from the constructor; q_last^-1 mod q_l for l < last (rescale), memoised. Call under the
     * context's lock.
     */
    std::shared_ptr<const arith::BasisConversion> conversion(const std::vector<int>& source,
                                                             const std::vector<int>& target) const;
    uint64_t half_p(int ring_index) const { return half_p_[static_cast<size_t>(ring_index)]; }
    uint64_t p_inverse(int q_index) const { return p_inverse_[static_cast<size_t>(q_index)]; }
    std::shared_ptr<const std::vector<uint64_t>> last_modulus_inverses(int last) const;

private:
    // Bounded: distinct contents grow with levels and shapes, not with calls. A full cache is retired, not freed:
    // pointers it handed out in the current call stay valid (and their pooled blocks unused) until the next
    // overflow, thousands of insertions later.
    template <class T>
    struct ConstantCache {
        std::map<std::vector<T>, DeviceBuffer<T>> live;
        std::map<std::vector<T>, DeviceBuffer<T>> retired;
    };
    template <class T>
    const T* lookup(ConstantCache<T>& cache, const std::vector<T>& values) const {
        auto it = cache.live.find(values);
        if (it == cache.live.end()) {
            if (cache.live.size() >= kCacheEntries) {
                cache.retired = std::move(cache.live);
                cache.live.clear();
            }
            it = cache.live.emplace(values, to_device(*context_, values)).first;
        }
        return it->second.get();
    }
    static constexpr size_t kCacheEntries = 4096;

    std::shared_ptr<Context> context_;  // declared first: destroyed last, after the buffers below
    int log_n_;
    int q_total_;
    int p_total_;
    std::vector<arith::Modulus> moduli_;
    DeviceBuffer<arith::Modulus> d_moduli_;
    DeviceBuffer<uint64_t> psi_rev_, psi_rev_shoup_, psi_inv_rev_, psi_inv_rev_shoup_;  // [ring index][N]
    std::vector<uint64_t> n_inv_host_;                                                  // [ring index]
    std::vector<uint64_t> half_p_;     // [ring index] floor(P/2) mod q_r
    std::vector<uint64_t> p_inverse_;  // [Q index] P^-1 mod q_l
    mutable ConstantCache<int> int_cache_;
    mutable ConstantCache<uint64_t> word_cache_;
    mutable std::map<std::pair<std::vector<int>, std::vector<int>>, std::shared_ptr<const arith::BasisConversion>>
        conversions_;
    mutable std::vector<std::shared_ptr<const std::vector<uint64_t>>> last_inverses_;  // [last]
};

class Poly {
public:
    /** Tag of the constructor that leaves the limbs unset: for temporaries that an operation overwrites whole. */
    struct Uninitialised {};

    Poly(std::shared_ptr<Ring> ring, int q_count, int p_count);
    Poly(std::shared_ptr<Ring> ring, int q_count, int p_count, Uninitialised);
    /** A view: limbs q_0..q_{q_count-1}, p_0..p_{p_count-1} over the first limbs of `base`'s memory (kept alive). */
    Poly(std::shared_ptr<const Poly> base, int q_count, int p_count);

    Ring& ring() const { return *ring_; }
    const std::shared_ptr<Ring>& ring_shared() const { return ring_; }
    Context& context() const { return ring_->context(); }
    int q_count() const { return q_count_; }
    int p_count() const { return p_count_; }
    int limbs() const { return q_count_ + p_count_; }
    uint64_t* data() const { return base_ ? base_->data() : data_.get(); }

    /** Ring index (position in Q then P) of limb `limb`. */
    int ring_index(int limb) const { return limb < q_count_ ? limb : ring_->q_total() + (limb - q_count_); }

    /** Limb holding ring modulus `ring_index`, or -1 when this poly lacks it. */
    int limb_of(int ring_index) const {
        if (ring_index < ring_->q_total()) {
            return ring_index < q_count_ ? ring_index : -1;
        }
        const int p = ring_index - ring_->q_total();
        return p < p_count_ ? q_count_ + p : -1;
    }

private:
    std::shared_ptr<Ring> ring_;  // declared first: destroyed last
    int q_count_;
    int p_count_;
    DeviceBuffer<uint64_t> data_;  // limb-major: limb l at data + l*N (empty in a view)
    std::shared_ptr<const Poly> base_;  // a view's buffer, else null
};

}  // namespace olafhe

#endif
