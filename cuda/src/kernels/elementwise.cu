// Element-wise modular arithmetic on RNS limbs.
#include "kernels.cuh"

namespace olafhe::kernels {
namespace {

__global__ void binary_kernel(Binary op, PolyView a, PolyView b, PolyView out, const arith::Modulus* moduli) {
    const uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= out.n) {
        return;
    }
    const int r = out.ring_index(static_cast<int>(blockIdx.y));
    const arith::Modulus m = moduli[r];
    const uint64_t x = a.limb(r)[i];
    const uint64_t y = b.limb(r)[i];
    uint64_t* o = out.limb(r) + i;
    switch (op) {
        case Binary::Add: *o = arith::add_mod(x, y, m.value); break;
        case Binary::Sub: *o = arith::sub_mod(x, y, m.value); break;
        case Binary::Mul: *o = arith::mul_mod(x, y, m); break;
        case Binary::MulAdd: *o = arith::add_mod(*o, arith::mul_mod(x, y, m), m.value); break;
    }
}

__global__ void negate_kernel(PolyView a, PolyView out, const arith::Modulus* moduli) {
    const uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= out.n) {
        return;
    }
    const int r = out.ring_index(static_cast<int>(blockIdx.y));
    out.limb(r)[i] = arith::neg_mod(a.limb(r)[i], moduli[r].value);
}

__global__ void scalar_kernel(bool multiply, PolyView a, PolyView out, const arith::Modulus* moduli,
                              const uint64_t* c, const uint64_t* c_shoup) {
    const uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= out.n) {
        return;
    }
    const int r = out.ring_index(static_cast<int>(blockIdx.y));
    const uint64_t q = moduli[r].value;
    const uint64_t x = a.limb(r)[i];
    out.limb(r)[i] = multiply ? arith::mul_shoup(x, c[r], c_shoup[r], q) : arith::add_mod(x, c[r], q);
}

// source limb index per destination limb, -1 for "zero"
__global__ void copy_kernel(PolyView src, PolyView dst, const int* source_limb) {
    const uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= dst.n) {
        return;
    }
    const int l = source_limb[blockIdx.y];
    dst.data[static_cast<size_t>(blockIdx.y) * dst.n + i] = l < 0 ? 0 : src.data[static_cast<size_t>(l) * src.n + i];
}

}  // namespace

void binary(Binary op, const Poly& a, const Poly& b, const Poly& out) {
    const Ring& ring = out.ring();
    OLAFHE_LAUNCH(binary_kernel, grid_for(ring.n(), out.limbs()), kThreads, ring.context())(
        op, view(a), view(b), view(out), ring.device_moduli());
    OLAFHE_CHECK_LAUNCH();
}

void negate(const Poly& a, const Poly& out) {
    const Ring& ring = out.ring();
    OLAFHE_LAUNCH(negate_kernel, grid_for(ring.n(), out.limbs()), kThreads, ring.context())(view(a), view(out),
                                                                                           ring.device_moduli());
    OLAFHE_CHECK_LAUNCH();
}

void scalar(bool multiply, const Poly& a, const std::vector<uint64_t>& residues, const Poly& out) {
    const Ring& ring = out.ring();
    Context& context = ring.context();
    std::vector<uint64_t> shoup(residues.size());
    for (size_t r = 0; r < residues.size(); r++) {
        shoup[r] = arith::shoup(residues[r], ring.modulus(static_cast<int>(r)).value);
    }
    DeviceBuffer<uint64_t> c = to_device(context, residues);
    DeviceBuffer<uint64_t> c_shoup = to_device(context, shoup);
    OLAFHE_LAUNCH(scalar_kernel, grid_for(ring.n(), out.limbs()), kThreads, context)(
        multiply, view(a), view(out), ring.device_moduli(), c.get(), c_shoup.get());
    OLAFHE_CHECK_LAUNCH();
}

void copy_limbs(const Poly& src, const Poly& dst) {
    std::vector<int> source_limb(static_cast<size_t>(dst.limbs()));
    for (int l = 0; l < dst.limbs(); l++) {
        source_limb[static_cast<size_t>(l)] = src.limb_of(dst.ring_index(l));
    }
    Context& context = dst.context();
    const int* map = dst.ring().cached(source_limb);
    OLAFHE_LAUNCH(copy_kernel, grid_for(dst.ring().n(), dst.limbs()), kThreads, context)(view(src), view(dst), map);
    OLAFHE_CHECK_LAUNCH();
}

}  // namespace olafhe::kernels
