// Negacyclic NTT / inverse NTT of many limbs in one launch per stage (grid y = limb), in the convention of
// dev.olafhe.math.NttTables (see arith::butterfly_position). One kernel per radix-2 stage through global
// memory: simple and exact; staging several stages through shared memory is the next optimisation.
#include "kernels.cuh"

namespace olafhe::kernels {
namespace {

// One radix-2 stage on every limb: Cooley-Tukey butterflies with the psi^rev table (forward) or Gentleman-Sande
// with the psi^-1 rev table (inverse); the tables are indexed the same way.
template <bool Inverse>
__global__ void radix2_stage(uint64_t* data, const int* ring_of_limb, uint32_t n, uint32_t m, uint32_t t,
                             const uint64_t* twiddles, const uint64_t* twiddles_shoup, const arith::Modulus* moduli) {
    const uint32_t k = blockIdx.x * blockDim.x + threadIdx.x;
    if (k >= n / 2) {
        return;
    }
    const int r = ring_of_limb[blockIdx.y];
    uint64_t* a = data + static_cast<size_t>(blockIdx.y) * n;
    uint32_t j = 0;
    uint32_t group = 0;
    arith::butterfly_position(k, t, j, group);
    const size_t w = static_cast<size_t>(r) * n + m + group;
    if constexpr (Inverse) {
        arith::gs_butterfly(a[j], a[j + t], twiddles[w], twiddles_shoup[w], moduli[r].value);
    } else {
        arith::ct_butterfly(a[j], a[j + t], twiddles[w], twiddles_shoup[w], moduli[r].value);
    }
}

__global__ void scale_by_n_inverse(uint64_t* data, const int* ring_of_limb, uint32_t n, const uint64_t* n_inv,
                                   const uint64_t* n_inv_shoup, const arith::Modulus* moduli) {
    const uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) {
        return;
    }
    const int r = ring_of_limb[blockIdx.y];
    uint64_t& x = data[static_cast<size_t>(blockIdx.y) * n + i];
    x = arith::mul_shoup(x, n_inv[r], n_inv_shoup[r], moduli[r].value);
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
    if (ring_of_limb.empty()) {
        return;
    }
    Context& context = ring.context();
    const int* map = ring.cached(ring_of_limb);
    const uint32_t n = ring.n();
    const dim3 grid = grid_for(n / 2, static_cast<int>(ring_of_limb.size()));
    for (uint32_t m = 1, t = n / 2; m < n; m <<= 1, t >>= 1) {
        OLAFHE_LAUNCH(radix2_stage<false>, grid, kThreads, context.stream())(data, map, n, m, t, ring.psi_rev(),
                                                               ring.psi_rev_shoup(), ring.device_moduli());
        OLAFHE_CHECK_LAUNCH();
    }
}

void ntt_inverse(const Ring& ring, uint64_t* data, const std::vector<int>& ring_of_limb) {
    if (ring_of_limb.empty()) {
        return;
    }
    Context& context = ring.context();
    const int* map = ring.cached(ring_of_limb);
    const uint32_t n = ring.n();
    const int limbs = static_cast<int>(ring_of_limb.size());
    for (uint32_t m = n / 2, t = 1; m >= 1; m >>= 1, t <<= 1) {
        OLAFHE_LAUNCH(radix2_stage<true>, grid_for(n / 2, limbs), kThreads, context.stream())(
            data, map, n, m, t, ring.psi_inv_rev(), ring.psi_inv_rev_shoup(), ring.device_moduli());
        OLAFHE_CHECK_LAUNCH();
    }
    OLAFHE_LAUNCH(scale_by_n_inverse, grid_for(n, limbs), kThreads, context.stream())(
        data, map, n, ring.n_inv(), ring.n_inv_shoup(), ring.device_moduli());
    OLAFHE_CHECK_LAUNCH();
}

}  // namespace olafhe::kernels
