// Modulus switching within Q: rescale by the last modulus (with rounding) and ModRaise for bootstrapping.
// Formulas are those of the Backend SPI (Backend.rescaleNtt / Backend.modRaise), step for step as in CpuBackend.
#include "kernels.cuh"

namespace olafhe::kernels {
namespace {

// u_l = [shifted]_{q_l} - [h]_{q_l} mod q_l for every remaining limb l
__global__ void spread_kernel(const uint64_t* shifted, uint64_t* u, uint32_t n, uint64_t half,
                              const arith::Modulus* moduli) {
    const uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) {
        return;
    }
    const arith::Modulus& m = moduli[blockIdx.y];
    u[static_cast<size_t>(blockIdx.y) * n + i] =
        arith::sub_mod(arith::reduce64(shifted[i], m), arith::reduce64(half, m), m.value);
}

// out = centred(a mod q_0) reduced mod each out modulus
__global__ void mod_raise_kernel(const uint64_t* source, uint64_t q0, PolyView out, const arith::Modulus* moduli) {
    const uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= out.n) {
        return;
    }
    const int r = out.ring_index(static_cast<int>(blockIdx.y));
    const arith::Modulus& m = moduli[r];
    const uint64_t x = source[i];
    if (x > q0 / 2) {  // negative representative x - q0
        const uint64_t magnitude = arith::reduce64(q0 - x, m);
        out.limb(r)[i] = magnitude == 0 ? 0 : m.value - magnitude;
    } else {
        out.limb(r)[i] = arith::reduce64(x, m);
    }
}

}  // namespace

void rescale_ntt(const Poly& a, const Poly& out) {
    const Ring& ring = out.ring();
    Context& context = ring.context();
    const uint32_t n = ring.n();
    const int last = a.q_count() - 1;
    const int limbs = out.q_count();
    const arith::Modulus& q_last = ring.modulus(last);
    const uint64_t half = q_last.value >> 1;

    // shifted = [c + h]_{q_last} for the last limb in the coefficient domain: one out-of-place inverse NTT
    DeviceBuffer<uint64_t> shifted(context, n);
    ntt_inverse(ring, NttLimbs{a.data(), shifted.get(), {last}, {a.limb_of(last)}, {}}, {}, {half});

    DeviceBuffer<uint64_t> u(context, static_cast<size_t>(limbs) * n);
    OLAFHE_LAUNCH(spread_kernel, grid_for(n, limbs), kThreads, context)(shifted.get(), u.get(), n, half,
                                                                        ring.device_moduli());
    OLAFHE_CHECK_LAUNCH();
    // out_l = (a_l - NTT(u_l)) * q_last^-1 mod q_l, the division in the NTT's last pass (out may be a)
    ntt_forward_subtract_from(ring, u.get(), ring_indices(out), a, out, *ring.last_modulus_inverses(last));
}

void mod_raise(const Poly& a, const Poly& out) {
    const Ring& ring = out.ring();
    Context& context = ring.context();
    const uint32_t n = ring.n();
    DeviceBuffer<uint64_t> source(context, n);  // a copy, so that out may alias a
    copy_async(context.counters(), source.get(), a.data(), n * sizeof(uint64_t), cudaMemcpyDeviceToDevice,
               context.stream());
    OLAFHE_LAUNCH(mod_raise_kernel, grid_for(n, out.limbs()), kThreads, context)(
        source.get(), ring.modulus(0).value, view(out), ring.device_moduli());
    OLAFHE_CHECK_LAUNCH();
}

}  // namespace olafhe::kernels
