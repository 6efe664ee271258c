// Negacyclic NTT / inverse NTT of many limbs, in the convention of dev.olafhe.math.NttTables (see
// arith::butterfly_position). The logN radix-2 stages are grouped into phases (arith/ntt_schedule.h): one launch
// per phase, grid x = tiles of the limb, grid y = limbs; a block loads its tile into shared memory, runs all the
// phase's stages there with a barrier between stages, and writes it back. With 2^11-word tiles a logN-16
// transform takes 2 launches (and 2 passes over global memory) instead of 16.
#include "../arith/ntt_schedule.h"
#include "kernels.cuh"

namespace olafhe::kernels {
namespace {

constexpr int kTileLog = 11;  // 2^11 words = 16 KiB of static shared memory per block

// One phase on every limb: Cooley-Tukey butterflies with the psi^rev table (forward) or Gentleman-Sande with the
// psi^-1 rev table, stages in reverse (inverse); `scale` multiplies by N^-1 on the way out (the inverse's last
// phase). Every thread runs the same number of barriers: the loops over tile positions only differ in length.
template <bool Inverse>
__global__ void ntt_phase_kernel(uint64_t* data, const int* ring_of_limb, int log_n, arith::NttPhase phase,
                                 const uint64_t* twiddles, const uint64_t* twiddles_shoup,
                                 const arith::Modulus* moduli, const uint64_t* n_inv, const uint64_t* n_inv_shoup,
                                 bool scale) {
    __shared__ uint64_t tile[1u << kTileLog];
    const int r = ring_of_limb[blockIdx.y];
    const uint32_t n = 1u << log_n;
    const uint64_t q = moduli[r].value;
    const uint64_t* w = twiddles + static_cast<size_t>(r) * n;
    const uint64_t* w_shoup = twiddles_shoup + static_cast<size_t>(r) * n;
    uint64_t* a = data + static_cast<size_t>(blockIdx.y) * n;
    const uint32_t size = arith::tile_size(phase);
    for (uint32_t i = threadIdx.x; i < size; i += blockDim.x) {
        tile[i] = a[arith::tile_element(blockIdx.x, i, log_n, phase)];
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
        a[arith::tile_element(blockIdx.x, i, log_n, phase)] =
            scale ? arith::mul_shoup(x, n_inv[r], n_inv_shoup[r], q) : x;
    }
}

template <bool Inverse>
void transform(const Ring& ring, uint64_t* data, const std::vector<int>& ring_of_limb) {
    if (ring_of_limb.empty()) {
        return;
    }
    Context& context = ring.context();
    const int* map = ring.cached(ring_of_limb);
    const int log_n = ring.log_n();
    arith::NttPhase phases[arith::kMaxNttPhases];
    const int count = arith::ntt_phases(log_n, kTileLog, phases);
    for (int step = 0; step < count; step++) {
        const arith::NttPhase& phase = phases[Inverse ? count - 1 - step : step];
        const uint32_t size = arith::tile_size(phase);
        const dim3 grid((1u << log_n) / size, static_cast<unsigned>(ring_of_limb.size()));
        const unsigned threads = size / 2 < kThreads ? size / 2 : kThreads;
        OLAFHE_LAUNCH_BLOCK_SYNC(ntt_phase_kernel<Inverse>, grid, threads, context.stream())(
            data, map, log_n, phase, Inverse ? ring.psi_inv_rev() : ring.psi_rev(),
            Inverse ? ring.psi_inv_rev_shoup() : ring.psi_rev_shoup(), ring.device_moduli(), ring.n_inv(),
            ring.n_inv_shoup(), Inverse && phase.first == 0);
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

void ntt_forward(const Ring& ring, uint64_t* data, const std::vector<int>& ring_of_limb) {
    transform<false>(ring, data, ring_of_limb);
}

void ntt_inverse(const Ring& ring, uint64_t* data, const std::vector<int>& ring_of_limb) {
    transform<true>(ring, data, ring_of_limb);
}

}  // namespace olafhe::kernels
