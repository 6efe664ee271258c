// Element-wise modular arithmetic on RNS limbs, over every part of a ciphertext in one launch: grid y runs over
// part * limbs + limb (every part has the output's limb count), so a whole-ciphertext op is one launch, not one per part.
#include "kernels.cuh"

namespace olafhe::kernels {
namespace {

__global__ void binary_kernel(Binary op, Parts a, Parts b, Parts out, int limbs, const arith::Modulus* moduli) {
    const uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= out.p[0].n) {
        return;
    }
    const Row row = row_of(out, limbs, blockIdx.y);
    const int r = row.ring_index;
    const arith::Modulus m = moduli[r];
    const uint64_t x = a.p[row.part].limb(r)[i];
    const uint64_t y = b.p[row.part].limb(r)[i];
    uint64_t* o = out.p[row.part].limb(r) + i;
    switch (op) {
        case Binary::Add: *o = arith::add_mod(x, y, m.value); break;
        case Binary::Sub: *o = arith::sub_mod(x, y, m.value); break;
        case Binary::Mul: *o = arith::mul_mod(x, y, m); break;
        case Binary::MulAdd: *o = arith::add_mod(*o, arith::mul_mod(x, y, m), m.value); break;
    }
}

__global__ void negate_kernel(Parts a, Parts out, int limbs, const arith::Modulus* moduli) {
    const uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= out.p[0].n) {
        return;
    }
    const Row row = row_of(out, limbs, blockIdx.y);
    const int r = row.ring_index;
    out.p[row.part].limb(r)[i] = arith::neg_mod(a.p[row.part].limb(r)[i], moduli[r].value);
}

__global__ void scalar_kernel(bool multiply, Parts a, Parts out, int limbs, const arith::Modulus* moduli,
                              const uint64_t* c, const uint64_t* c_shoup) {
    const uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= out.p[0].n) {
        return;
    }
    const Row row = row_of(out, limbs, blockIdx.y);
    const int r = row.ring_index;
    const uint64_t q = moduli[r].value;
    const uint64_t x = a.p[row.part].limb(r)[i];
    out.p[row.part].limb(r)[i] = multiply ? arith::mul_shoup(x, c[r], c_shoup[r], q) : arith::add_mod(x, c[r], q);
}

// source limb index per (part, destination limb), -1 for "zero"
__global__ void copy_kernel(Parts src, Parts dst, int limbs, const int* source_limb) {
    const uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;
    const uint32_t n = dst.p[0].n;
    if (i >= n) {
        return;
    }
    const int part = static_cast<int>(blockIdx.y) / limbs;
    const int l = source_limb[blockIdx.y];
    const size_t d = static_cast<size_t>(static_cast<int>(blockIdx.y) % limbs) * n + i;
    dst.p[part].data[d] = l < 0 ? 0 : src.p[part].data[static_cast<size_t>(l) * n + i];
}

}  // namespace

void binary_parts(Binary op, const std::vector<const Poly*>& a, const std::vector<const Poly*>& b,
                  const std::vector<const Poly*>& out) {
    const Ring& ring = out.front()->ring();
    const int limbs = out.front()->limbs();
    in_chunks(out, [&](size_t first, size_t count) {
        OLAFHE_LAUNCH(binary_kernel, grid_for(ring.n(), limbs * static_cast<int>(count)), kThreads, ring.context())(
            op, parts_of(a, first, count), parts_of(b, first, count), parts_of(out, first, count), limbs,
            ring.device_moduli());
        OLAFHE_CHECK_LAUNCH();
    });
}

void binary(Binary op, const Poly& a, const Poly& b, const Poly& out) {
    binary_parts(op, {&a}, {&b}, {&out});
}

void negate_parts(const std::vector<const Poly*>& a, const std::vector<const Poly*>& out) {
    const Ring& ring = out.front()->ring();
    const int limbs = out.front()->limbs();
    in_chunks(out, [&](size_t first, size_t count) {
        OLAFHE_LAUNCH(negate_kernel, grid_for(ring.n(), limbs * static_cast<int>(count)), kThreads, ring.context())(
            parts_of(a, first, count), parts_of(out, first, count), limbs, ring.device_moduli());
        OLAFHE_CHECK_LAUNCH();
    });
}

void negate(const Poly& a, const Poly& out) {
    negate_parts({&a}, {&out});
}

void scalar_parts(bool multiply, const std::vector<const Poly*>& a, const std::vector<uint64_t>& residues,
                  const std::vector<const Poly*>& out) {
    const Ring& ring = out.front()->ring();
    Context& context = ring.context();
    const int limbs = out.front()->limbs();
    std::vector<uint64_t> shoup(residues.size());
    for (size_t r = 0; r < residues.size(); r++) {
        shoup[r] = arith::shoup(residues[r], ring.modulus(static_cast<int>(r)).value);
    }
    DeviceBuffer<uint64_t> c = to_device(context, residues);
    DeviceBuffer<uint64_t> c_shoup = to_device(context, shoup);
    in_chunks(out, [&](size_t first, size_t count) {
        OLAFHE_LAUNCH(scalar_kernel, grid_for(ring.n(), limbs * static_cast<int>(count)), kThreads, context)(
            multiply, parts_of(a, first, count), parts_of(out, first, count), limbs, ring.device_moduli(), c.get(),
            c_shoup.get());
        OLAFHE_CHECK_LAUNCH();
    });
}

void scalar(bool multiply, const Poly& a, const std::vector<uint64_t>& residues, const Poly& out) {
    scalar_parts(multiply, {&a}, residues, {&out});
}

void copy_parts(const std::vector<const Poly*>& src, const std::vector<const Poly*>& dst) {
    const Ring& ring = dst.front()->ring();
    const int limbs = dst.front()->limbs();
    in_chunks(dst, [&](size_t first, size_t count) {
        std::vector<int> source_limb;
        for (size_t k = first; k < first + count; k++) {
            for (int l = 0; l < limbs; l++) {
                source_limb.push_back(src[k]->limb_of(dst[k]->ring_index(l)));
            }
        }
        OLAFHE_LAUNCH(copy_kernel, grid_for(ring.n(), limbs * static_cast<int>(count)), kThreads, ring.context())(
            parts_of(src, first, count), parts_of(dst, first, count), limbs, ring.cached(source_limb));
        OLAFHE_CHECK_LAUNCH();
    });
}

void copy_limbs(const Poly& src, const Poly& dst) {
    copy_parts({&src}, {&dst});
}

}  // namespace olafhe::kernels
