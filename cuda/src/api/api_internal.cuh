// Shared by the C ABI's translation units (CUDA build): the handle registries (a stale handle is reported, not
// dereferenced), the shape checks with messages that say what is wrong, and run(), which queues a call's device
// work under its context's lock.
#ifndef OLAFHE_API_INTERNAL_CUH
#define OLAFHE_API_INTERNAL_CUH

#include "../device/timer.cuh"
#include "../kernels/kernels.cuh"

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace olafhe::api {

using olafhe::Context;
using olafhe::Poly;
using olafhe::Ring;
using olafhe::Timer;
using olafhe::require;

inline int64_t next_handle() {
    static std::mutex mutex;
    static int64_t next = 1;
    std::lock_guard<std::mutex> lock(mutex);
    return next++;
}

template <class T>
class Registry {
public:
    explicit Registry(const char* kind) : kind_(kind) {}

    int64_t add(std::shared_ptr<T> object) {
        const int64_t id = next_handle();
        std::lock_guard<std::mutex> lock(mutex_);
        live_.emplace(id, std::move(object));
        return id;
    }

    std::shared_ptr<T> get(int64_t id) {
        std::lock_guard<std::mutex> lock(mutex_);
        auto it = live_.find(id);
        require(it != live_.end(), std::string("unknown or destroyed ") + kind_ + " handle " + std::to_string(id));
        return it->second;
    }

    std::shared_ptr<T> remove(int64_t id) {
        std::lock_guard<std::mutex> lock(mutex_);
        auto it = live_.find(id);
        require(it != live_.end(), std::string("unknown or destroyed ") + kind_ + " handle " + std::to_string(id));
        std::shared_ptr<T> object = std::move(it->second);
        live_.erase(it);
        return object;
    }

private:
    const char* kind_;
    std::mutex mutex_;
    std::unordered_map<int64_t, std::shared_ptr<T>> live_;
};

// Leaked on purpose: no static destructor may race JVM threads still calling in at exit.
inline Registry<Context>& contexts() {
    static auto* registry = new Registry<Context>("context");
    return *registry;
}
inline Registry<Ring>& rings() {
    static auto* registry = new Registry<Ring>("ring");
    return *registry;
}
inline Registry<Poly>& polys() {
    static auto* registry = new Registry<Poly>("poly");
    return *registry;
}
inline Registry<Timer>& timers() {
    static auto* registry = new Registry<Timer>("timer");
    return *registry;
}

inline std::shared_ptr<Poly> poly(int64_t handle) {
    return polys().get(handle);
}

inline std::string shape(const Poly& p) {
    return "q=" + std::to_string(p.q_count()) + ", p=" + std::to_string(p.p_count());
}

inline void same_ring(const Poly& a, const Poly& b) {
    require(&a.ring() == &b.ring(), "polys belong to different rings");
}

/** The limb rule of the SPI: `in` must hold every limb of `out` (same ring index). */
inline void require_limbs(const Poly& in, const Poly& out, const char* name) {
    same_ring(in, out);
    for (int l = 0; l < out.limbs(); l++) {
        const int r = out.ring_index(l);
        require(in.limb_of(r) >= 0, std::string("operand ") + name + " lacks the limb for ring modulus "
                                        + std::to_string(r) + " (it has " + shape(in) + ", the output " + shape(out)
                                        + ")");
    }
}

inline void require_distinct(const Poly& a, const Poly& out, const char* operation) {
    require(&a != &out, std::string(operation) + ": the output must not alias the input");
}

inline void same_shape(const Poly& a, const Poly& b, const std::string& what) {
    require(a.q_count() == b.q_count() && a.p_count() == b.p_count(),
            what + " must have the same limbs (" + shape(a) + " vs " + shape(b) + ")");
}

/** Runs device work of one ABI call under the context's lock with its device current; counts the call. */
template <class Work>
void run(Context& context, Work&& work) {
    std::lock_guard<std::mutex> lock(context.mutex());
    context.counters().add(OLAFHE_COUNTER_CALLS);
    context.activate();
    work();
}

/** Destroys an object under its context's lock, keeping the context alive until the lock is released. */
template <class T>
void destroy(std::shared_ptr<T> object, std::shared_ptr<Context> keep) {
    run(*keep, [&] { object.reset(); });
}

inline std::vector<uint64_t> residues(const Ring& ring, const uint64_t* values, int count) {
    require(values != nullptr && count == ring.total(),
            "expected one residue per ring modulus (" + std::to_string(ring.total()) + "), got " + std::to_string(count));
    std::vector<uint64_t> r(values, values + count);
    for (int i = 0; i < count; i++) {
        require(r[static_cast<size_t>(i)] < ring.modulus(i).value, "residue " + std::to_string(r[static_cast<size_t>(i)])
                                                                     + " is not below modulus "
                                                                     + std::to_string(ring.modulus(i).value));
    }
    return r;
}

inline uint64_t galois(const Ring& ring, int64_t element) {
    const int64_t two_n = 2 * static_cast<int64_t>(ring.n());
    const int64_t g = ((element % two_n) + two_n) % two_n;
    require((g & 1) == 1, "Galois element must be odd, got " + std::to_string(element));
    return static_cast<uint64_t>(g);
}

}  // namespace olafhe::api

#endif
