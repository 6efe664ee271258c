// Negacyclic NTT / inverse NTT of many limbs, in the convention of dev.olafhe.math.NttTables (see
// arith::butterfly_position). The logN radix-2 stages are grouped into phases (arith/ntt_schedule.h): one launch
// per phase, grid x = tiles of the limb, grid y = limbs; a block loads its tile into shared memory, runs all the
// phase's stages there with a barrier between stages, and writes it back. With 2^11-word tiles a logN-16
// transform takes 2 launches (and 2 passes over global memory) instead of 16. Transforms can read one array and
// write another (saving a copy) and finish the inverse with a per-limb multiply-add (saving a pass: ModUp's and
// ModDown's (Q/q_i)^-1 scaling, rescale's rounding offset).
#include "../arith/ntt_schedule.h"
#include "kernels.cuh"

namespace olafhe::kernels {
namespace {

constexpr int kTileLog = 11;  // 2^11 words = 16 KiB of static shared memory per block

// One phase on every limb (grid y = limb k of the call): the tile is read from src limb src_slot[k] and written to
// dst limb dst_slot[k], so the first phase of a transform can read another array (out of place) and limbs need
// not be contiguous. Cooley-Tukey butterflies with the psi^rev table (forward) or Gentleman-Sande with the psi^-1
// rev table, stages in reverse (inverse). With `factor` set (the inverse's last phase) every output word becomes
// x * factor[k] + addend[k]: N^-1 and whatever scaling the caller folds in. Every thread runs the same number of
// barriers: the loops over tile positions only differ in length.
template <bool Inverse>
__global__ void ntt_phase_kernel(const uint64_t* src, const int* src_slot, uint64_t* dst, const int* dst_slot,
                                 const int* ring_of_limb, int log_n, arith::NttPhase phase, const uint64_t* twiddles,
                                 const uint64_t* twiddles_shoup, const arith::Modulus* moduli, const uint64_t* factor,
                                 const uint64_t* factor_shoup, const uint64_t* addend) {
    __shared__ uint64_t tile[1u << kTileLog];
    const int k = static_cast<int>(blockIdx.y);
    const int r = ring_of_limb[k];
    const uint32_t n = 1u << log_n;
    const uint64_t q = moduli[r].value;
    const uint64_t* w = twiddles + static_cast<size_t>(r) * n;
    const uint64_t* w_shoup = twiddles_shoup + static_cast<size_t>(r) * n;
    const uint64_t* in = src + static_cast<size_t>(src_slot[k]) * n;
    uint64_t* out = dst + static_cast<size_t>(dst_slot[k]) * n;
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
    for (uint32_t i = threadIdx.x; i < size; i += blockDim.x) {
        const uint64_t x = tile[i];
        out[arith::tile_element(blockIdx.x, i, log_n, phase)] =
            factor == nullptr ? x : arith::add_mod(arith::mul_shoup(x, factor[k], factor_shoup[k], q), addend[k], q);
    }
}

std::vector<int> identity(size_t count) {
    std::vector<int> v(count);
    for (size_t i = 0; i < count; i++) {
        v[i] = static_cast<int>(i);
    }
    return v;
}

template <bool Inverse>
void transform(const Ring& ring, const NttLimbs& limbs, const uint64_t* factor, const uint64_t* factor_shoup,
               const uint64_t* addend) {
    const size_t count = limbs.ring_of_limb.size();
    if (count == 0) {
        return;
    }
    require(limbs.src_slot.empty() || limbs.src_slot.size() == count, "NTT: one source slot per limb");
    require(limbs.dst_slot.empty() || limbs.dst_slot.size() == count, "NTT: one destination slot per limb");
    Context& context = ring.context();
    const int* map = ring.cached(limbs.ring_of_limb);
    const int* src_slot = ring.cached(limbs.src_slot.empty() ? identity(count) : limbs.src_slot);
    const int* dst_slot = ring.cached(limbs.dst_slot.empty() ? identity(count) : limbs.dst_slot);
    const int log_n = ring.log_n();
    arith::NttPhase phases[arith::kMaxNttPhases];
    const int phase_count = arith::ntt_phases(log_n, kTileLog, phases);
    for (int step = 0; step < phase_count; step++) {
        const arith::NttPhase& phase = phases[Inverse ? phase_count - 1 - step : step];
        const uint32_t size = arith::tile_size(phase);
        const dim3 grid((1u << log_n) / size, static_cast<unsigned>(count));
        const unsigned threads = size / 2 < kThreads ? size / 2 : kThreads;
        const bool first = step == 0;
        const bool last = step == phase_count - 1;
        OLAFHE_LAUNCH_BLOCK_SYNC(ntt_phase_kernel<Inverse>, grid, threads, context.stream())(
            first ? limbs.src : limbs.dst, first ? src_slot : dst_slot, limbs.dst, dst_slot, map, log_n, phase,
            Inverse ? ring.psi_inv_rev() : ring.psi_rev(), Inverse ? ring.psi_inv_rev_shoup() : ring.psi_rev_shoup(),
            ring.device_moduli(), last ? factor : nullptr, factor_shoup, addend);
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
    transform<false>(ring, limbs, nullptr, nullptr, nullptr);
}

void ntt_inverse(const Ring& ring, const NttLimbs& limbs, const std::vector<uint64_t>& scale,
                 const std::vector<uint64_t>& add) {
    const size_t count = limbs.ring_of_limb.size();
    require(scale.empty() || scale.size() == count, "inverse NTT: one scale factor per limb");
    require(add.empty() || add.size() == count, "inverse NTT: one addend per limb");
    std::vector<uint64_t> factor(count), factor_shoup(count), addend(count);
    for (size_t k = 0; k < count; k++) {
        const int r = limbs.ring_of_limb[k];
        const arith::Modulus& m = ring.modulus(r);
        factor[k] = scale.empty() ? ring.n_inv_host(r) : arith::mul_mod(ring.n_inv_host(r), scale[k], m);
        factor_shoup[k] = arith::shoup(factor[k], m.value);
        addend[k] = add.empty() ? 0 : add[k];
    }
    transform<true>(ring, limbs, ring.cached(factor), ring.cached(factor_shoup), ring.cached(addend));
}

void ntt_forward(const Ring& ring, uint64_t* data, const std::vector<int>& ring_of_limb) {
    ntt_forward(ring, NttLimbs{data, data, ring_of_limb, {}, {}});
}

}  // namespace olafhe::kernels
