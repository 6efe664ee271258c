// Tensor product of two degree-1 ciphertexts in the NTT domain.
#include "kernels.cuh"

namespace olafhe::kernels {
namespace {

__global__ void tensor_kernel(PolyView a0, PolyView a1, PolyView b0, PolyView b1, PolyView d0, PolyView d1,
                              PolyView d2, const arith::Modulus* moduli) {
    const uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= d0.n) {
        return;
    }
    const int r = d0.ring_index(static_cast<int>(blockIdx.y));
    const arith::Modulus m = moduli[r];
    const uint64_t u0 = a0.limb(r)[i];
    const uint64_t u1 = a1.limb(r)[i];
    const uint64_t v0 = b0.limb(r)[i];
    const uint64_t v1 = b1.limb(r)[i];
    d0.limb(r)[i] = arith::mul_mod(u0, v0, m);
    d1.limb(r)[i] = arith::add_mod(arith::mul_mod(u0, v1, m), arith::mul_mod(u1, v0, m), m.value);
    d2.limb(r)[i] = arith::mul_mod(u1, v1, m);
}

}  // namespace

void tensor(const Poly& a0, const Poly& a1, const Poly& b0, const Poly& b1, const Poly& d0, const Poly& d1,
            const Poly& d2) {
    const Ring& ring = d0.ring();
    OLAFHE_LAUNCH(tensor_kernel, grid_for(ring.n(), d0.limbs()), kThreads, ring.context())(
        view(a0), view(a1), view(b0), view(b1), view(d0), view(d1), view(d2), ring.device_moduli());
    OLAFHE_CHECK_LAUNCH();
}

}  // namespace olafhe::kernels
