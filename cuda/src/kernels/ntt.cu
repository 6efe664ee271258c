// Negacyclic NTT / inverse NTT of many limbs, in the convention of dev.olafhe.math.NttTables (see
// arith::butterfly_position). The logN radix-2 stages are grouped into phases (arith/ntt_schedule.h): one launch
// per phase, grid x = tiles of the limb, grid y = limbs; a block loads its tile into shared memory, runs all the
// phase's stages there with a barrier between stages, and writes it back. With 2^11-word tiles a logN-16
// transform takes 2 launches (and 2 passes over global memory) instead of 16. Transforms can read one array and
// write another (saving a copy), and their last pass can apply a per-limb multiply-add (the inverse: N^-1 with
// ModUp's and ModDown's (Q/q_i)^-1 scaling, rescale's rounding offset) or compute (base - x) * c (the forward
// NTT of ModDown and rescale: their division), saving a pass over memory each.
#include "../arith/ntt_schedule.h"
#include "kernels.cuh"

namespace olafhe::kernels {
namespace {

#ifndef OLAFHE_NTT_TILE_LOG
#define OLAFHE_NTT_TILE_LOG 11
#endif
// 2^11 words = 16 KiB of static shared memory per block. The emulated test build uses small tiles (CMakeLists) so
// that the small rings of the tests run several phases; the schedule at this size is checked by CTest.
constexpr int kTileLog = OLAFHE_NTT_TILE_LOG;
#ifndef OLAFHE_NTT_THREADS
#define OLAFHE_NTT_THREADS kThreads
#endif
// Threads per block (each loops over its share of a stage's butterflies); the emulated build uses a few, since
// every emulated thread is a fiber.
constexpr unsigned kNttThreads = OLAFHE_NTT_THREADS;

// What the last phase does with output word x of call limb k (device pointers, indexed by k):
//   factor == null: x;  base == null: x * factor + addend;  else (base[k][i] - x) * factor.
struct Finish {
    const uint64_t* factor = nullptr;
    const uint64_t* factor_shoup = nullptr;
    const uint64_t* addend = nullptr;
    const uint64_t* base = nullptr;
    const int* base_slot = nullptr;
};

// One phase on every limb (grid y = limb k of the call): the tile is read from src limb src_slot[k] and written to
// dst limb dst_slot[k], so the first phase of a transform can read another array (out of place) and limbs need
// not be contiguous. Cooley-Tukey butterflies with the psi^rev table (forward) or Gentleman-Sande with the psi^-1
// rev table, stages in reverse (inverse); the last phase applies `finish`. Every thread runs the same number of
// barriers: the loops over tile positions only differ in length.
template <bool Inverse>
__global__ void ntt_phase_kernel(const uint64_t* src, const int* src_slot, uint64_t* dst, const int* dst_slot,
                                 const int* ring_of_limb, int log_n, arith::NttPhase phase, const uint64_t* twiddles,
                                 const uint64_t* twiddles_shoup, const arith::Modulus* moduli, Finish finish,
                                 const LimbBases bases, const int* base_of_limb) {
    __shared__ uint64_t tile[1u << kTileLog];
    const int k = static_cast<int>(blockIdx.y);
    const int r = ring_of_limb[k];
    const uint32_t n = 1u << log_n;
    const uint64_t q = moduli[r].value;
    const uint64_t* w = twiddles + static_cast<size_t>(r) * n;
    const uint64_t* w_shoup = twiddles_shoup + static_cast<size_t>(r) * n;
    // an in-place transform over several polys: limb k is in poly bases.p[base_of_limb[k]]
    uint64_t* own = base_of_limb == nullptr ? nullptr : bases.p[base_of_limb[k]];
    const uint64_t* in = (own != nullptr ? own : src) + static_cast<size_t>(src_slot[k]) * n;
    uint64_t* out = (own != nullptr ? own : dst) + static_cast<size_t>(dst_slot[k]) * n;
    const uint32_t size = arith::tile_size(phase);
    for (uint32_t i = threadIdx.x; i < size; i += blockDim.x) {
        tile[i] = in[arith::tile_element(blockIdx.x, i, log_n, phase)];
    }
    __syncthreads();
    for (int s = 0; s < phase.stages; s++) {
        const int local = Inverse ? phase.stages - 1 - s : s;
        for (uint32_t b = threadIdx.x; b < size / 2; b += blockDim.x) {
            const arith::TileButterfly f = arith::tile_butterfly(blockIdx.x, b, local, log_n, phase);
            if constexpr (Inverse) {
                arith::gs_butterfly(tile[f.x], tile[f.y], w[f.twiddle], w_shoup[f.twiddle], q);
            } else {
                arith::ct_butterfly(tile[f.x], tile[f.y], w[f.twiddle], w_shoup[f.twiddle], q);
            }
        }
        __syncthreads();
    }
    const uint64_t* base =
        finish.base == nullptr ? nullptr : finish.base + static_cast<size_t>(finish.base_slot[k]) * n;
    for (uint32_t i = threadIdx.x; i < size; i += blockDim.x) {
        const uint32_t e = arith::tile_element(blockIdx.x, i, log_n, phase);
        const uint64_t x = tile[i];
        if (finish.factor == nullptr) {
            out[e] = x;
        } else if (base == nullptr) {
            out[e] = arith::add_mod(arith::mul_shoup(x, finish.factor[k], finish.factor_shoup[k], q),
                                    finish.addend[k], q);
        } else {  // read before the write: base may be out itself
            out[e] = arith::mul_shoup(arith::sub_mod(base[e], x, q), finish.factor[k], finish.factor_shoup[k], q);
        }
    }
}

std::vector<int> identity(size_t count) {
    std::vector<int> v(count);
    for (size_t i = 0; i < count; i++) {
        v[i] = static_cast<int>(i);
    }
    return v;
}

/** Per-limb factors and their Shoup constants on the device, for a Finish. */
Finish scaling(const Ring& ring, const std::vector<int>& ring_of_limb, const std::vector<uint64_t>& factor) {
    std::vector<uint64_t> shoup(factor.size());
    for (size_t k = 0; k < factor.size(); k++) {
        shoup[k] = arith::shoup(factor[k], ring.modulus(ring_of_limb[k]).value);
    }
    Finish f;
    f.factor = ring.cached(factor);
    f.factor_shoup = ring.cached(shoup);
    return f;
}

// The phases of one transform: the first reads limbs.src, the intermediate ones work in `work` (limbs.dst, or the
// source itself when the result must not touch dst before the last pass), the last writes limbs.dst via `finish`.
// With base_of_limb (device, one index per limb) every phase reads and writes limb k at bases.p[base_of_limb[k]] +
// slot * N instead: an in-place transform over limbs of several polys.
template <bool Inverse>
void transform(const Ring& ring, const NttLimbs& limbs, uint64_t* work, const std::vector<int>& work_slot,
               const Finish& finish, const LimbBases& bases = LimbBases{}, const int* base_of_limb = nullptr) {
    const size_t count = limbs.ring_of_limb.size();
    if (count == 0) {
        return;
    }
    require(limbs.src_slot.empty() || limbs.src_slot.size() == count, "NTT: one source slot per limb");
    require(limbs.dst_slot.empty() || limbs.dst_slot.size() == count, "NTT: one destination slot per limb");
    Context& context = ring.context();
    context.counters().add(OLAFHE_COUNTER_NTT_TRANSFORMS);
    const int* map = ring.cached(limbs.ring_of_limb);
    const int* src_slot = ring.cached(limbs.src_slot.empty() ? identity(count) : limbs.src_slot);
    const int* dst_slot = ring.cached(limbs.dst_slot.empty() ? identity(count) : limbs.dst_slot);
    const int* mid_slot = ring.cached(work_slot.empty() ? identity(count) : work_slot);
    const int log_n = ring.log_n();
    arith::NttPhase phases[arith::kMaxNttPhases];
    const int phase_count = arith::ntt_phases(log_n, kTileLog, phases);
    for (int step = 0; step < phase_count; step++) {
        const arith::NttPhase& phase = phases[Inverse ? phase_count - 1 - step : step];
        const uint32_t size = arith::tile_size(phase);
        const dim3 grid((1u << log_n) / size, static_cast<unsigned>(count));
        const unsigned threads = size / 2 < kNttThreads ? size / 2 : kNttThreads;
        const bool first = step == 0;
        const bool last = step == phase_count - 1;
        OLAFHE_LAUNCH_BLOCK_SYNC(ntt_phase_kernel<Inverse>, grid, threads, context)(
            first ? limbs.src : work, first ? src_slot : mid_slot, last ? limbs.dst : work, last ? dst_slot : mid_slot,
            map, log_n, phase, Inverse ? ring.psi_inv_rev() : ring.psi_rev(),
            Inverse ? ring.psi_inv_rev_shoup() : ring.psi_rev_shoup(), ring.device_moduli(),
            last ? finish : Finish{}, bases, base_of_limb);
        OLAFHE_CHECK_LAUNCH();
    }
}

}  // namespace

std::vector<int> ring_indices(const Poly& p) {
    std::vector<int> r(static_cast<size_t>(p.limbs()));
    for (int l = 0; l < p.limbs(); l++) {
        r[static_cast<size_t>(l)] = p.ring_index(l);
    }
    return r;
}

void ntt_forward(const Ring& ring, const NttLimbs& limbs) {
    transform<false>(ring, limbs, limbs.dst, limbs.dst_slot, Finish{});
}

void ntt_inverse(const Ring& ring, const NttLimbs& limbs, const std::vector<uint64_t>& scale,
                 const std::vector<uint64_t>& add) {
    const size_t count = limbs.ring_of_limb.size();
    require(scale.empty() || scale.size() == count, "inverse NTT: one scale factor per limb");
    require(add.empty() || add.size() == count, "inverse NTT: one addend per limb");
    std::vector<uint64_t> factor(count), addend(count);
    for (size_t k = 0; k < count; k++) {
        const int r = limbs.ring_of_limb[k];
        factor[k] = scale.empty() ? ring.n_inv_host(r) : arith::mul_mod(ring.n_inv_host(r), scale[k], ring.modulus(r));
        addend[k] = add.empty() ? 0 : add[k];
    }
    Finish finish = scaling(ring, limbs.ring_of_limb, factor);
    finish.addend = ring.cached(addend);
    transform<true>(ring, limbs, limbs.dst, limbs.dst_slot, finish);
}

void ntt_forward_subtract_from(const Ring& ring, uint64_t* values, const std::vector<int>& ring_of_limb,
                               const Poly& base, const Poly& out, const std::vector<uint64_t>& factor) {
    require(factor.size() == ring_of_limb.size(), "NTT: one factor per limb");
    std::vector<int> out_slot, base_slot;
    for (int r : ring_of_limb) {
        out_slot.push_back(out.limb_of(r));
        base_slot.push_back(base.limb_of(r));
    }
    Finish finish = scaling(ring, ring_of_limb, factor);
    finish.base = base.data();
    finish.base_slot = ring.cached(base_slot);
    // the intermediate phases stay in `values`: out may be base itself, which the last pass still reads
    transform<false>(ring, NttLimbs{values, out.data(), ring_of_limb, {}, out_slot}, values, {}, finish);
}

void ntt_forward_in_place(const Ring& ring, const LimbBases& bases, const std::vector<int>& base_of_limb,
                          const std::vector<int>& slot, const std::vector<int>& ring_of_limb) {
    transform<false>(ring, NttLimbs{nullptr, nullptr, ring_of_limb, slot, slot}, nullptr, slot, Finish{}, bases,
                     ring.cached(base_of_limb));
}

}  // namespace olafhe::kernels
