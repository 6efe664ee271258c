// Automorphisms X -> X^g: an index permutation in the NTT domain, a signed permutation of coefficients.
#include "kernels.cuh"

namespace olafhe::kernels {
namespace {

__global__ void automorphism_ntt_kernel(Parts a, Parts out, int limbs, int log_n, uint64_t g) {
    const uint32_t k = blockIdx.x * blockDim.x + threadIdx.x;
    if (k >= out.p[0].n) {
        return;
    }
    const Row row = row_of(out, limbs, blockIdx.y);
    const int r = row.ring_index;
    out.p[row.part].limb(r)[k] = a.p[row.part].limb(r)[arith::automorphism_ntt_source(k, log_n, g)];
}

__global__ void automorphism_coeff_kernel(PolyView a, PolyView out, uint64_t g, const arith::Modulus* moduli) {
    const uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= out.n) {
        return;
    }
    const int r = out.ring_index(static_cast<int>(blockIdx.y));
    const uint64_t two_n = 2ull * out.n;
    // X^i -> X^(i*g) = +-X^(i*g mod N), X^N = -1; 2N is a power of two (a mask, not a division)
    const uint64_t e = (static_cast<uint64_t>(i) * g) & (two_n - 1);
    const uint64_t x = a.limb(r)[i];
    if (e < out.n) {
        out.limb(r)[e] = x;
    } else {
        out.limb(r)[e - out.n] = arith::neg_mod(x, moduli[r].value);
    }
}

}  // namespace

void automorphism_ntt_parts(const std::vector<const Poly*>& a, uint64_t galois_element,
                            const std::vector<const Poly*>& out) {
    const Ring& ring = out.front()->ring();
    const int limbs = out.front()->limbs();
    in_chunks(out, [&](size_t first, size_t count) {
        OLAFHE_LAUNCH(automorphism_ntt_kernel, grid_for(ring.n(), limbs * static_cast<int>(count)), kThreads,
                      ring.context())(parts_of(a, first, count), parts_of(out, first, count), limbs, ring.log_n(),
                                      galois_element);
        OLAFHE_CHECK_LAUNCH();
    });
}

void automorphism_ntt(const Poly& a, uint64_t galois_element, const Poly& out) {
    automorphism_ntt_parts({&a}, galois_element, {&out});
}

void automorphism_coeff(const Poly& a, uint64_t galois_element, const Poly& out) {
    const Ring& ring = out.ring();
    OLAFHE_LAUNCH(automorphism_coeff_kernel, grid_for(ring.n(), out.limbs()), kThreads, ring.context())(
        view(a), view(out), galois_element, ring.device_moduli());
    OLAFHE_CHECK_LAUNCH();
}

}  // namespace olafhe::kernels
