// Key-switching inner product and the giant step's sum of products: out0 = sum_j digit_j * keyB_j, out1 = sum_j digit_j * keyA_j (NTT domain),
// both outputs from one pass over the digits (each digit word is read once for both products). The products are
// summed in 128 bits and reduced once per coefficient (every 32 digits at most), as 100x does.
#include "kernels.cuh"

namespace olafhe::kernels {
namespace {

__global__ void inner_product_kernel(const PolyView* digits, const PolyView* key_b, const PolyView* key_a,
                                     int count, PolyView out0, PolyView out1, const arith::Modulus* moduli) {
    const uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= out0.n) {
        return;
    }
    const int r = out0.ring_index(static_cast<int>(blockIdx.y));
    const arith::Modulus m = moduli[r];
    uint64_t hi0 = 0, lo0 = 0, hi1 = 0, lo1 = 0;
    for (int j = 0; j < count; j++) {
        const uint64_t x = digits[j].limb(r)[i];
        arith::add_product(x, key_b[j].limb(r)[i], hi0, lo0);
        arith::add_product(x, key_a[j].limb(r)[i], hi1, lo1);
        if ((j & 31) == 31) {  // 32 products < 2^127: fold before the sum could overflow
            lo0 = arith::fold_sum(hi0, lo0, m);
            lo1 = arith::fold_sum(hi1, lo1, m);
            hi0 = hi1 = 0;
        }
    }
    out0.limb(r)[i] = arith::fold_sum(hi0, lo0, m);
    out1.limb(r)[i] = arith::fold_sum(hi1, lo1, m);
}

// out[i] = sum_k operands[k][i] * factors[k], grid y over part * limbs + limb; operands: count runs of `parts` views
__global__ void sum_of_products_kernel(const PolyView* operands, const PolyView* factors, int count, int parts,
                                       Parts out, int limbs, const arith::Modulus* moduli) {
    const uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= out.p[0].n) {
        return;
    }
    const Row row = row_of(out, limbs, blockIdx.y);
    const int r = row.ring_index;
    const arith::Modulus m = moduli[r];
    uint64_t hi = 0, lo = 0;
    for (int k = 0; k < count; k++) {
        arith::add_product(operands[k * parts + row.part].limb(r)[i], factors[k].limb(r)[i], hi, lo);
        if ((k & 31) == 31) {  // as in the inner product: fold before 32 products could overflow
            lo = arith::fold_sum(hi, lo, m);
            hi = 0;
        }
    }
    out.p[row.part].limb(r)[i] = arith::fold_sum(hi, lo, m);
}

std::vector<PolyView> views(const std::vector<const Poly*>& polys) {
    std::vector<PolyView> v;
    for (const Poly* p : polys) {
        v.push_back(view(*p));
    }
    return v;
}

}  // namespace

void inner_product(const std::vector<const Poly*>& digits, const std::vector<const Poly*>& key_b,
                   const std::vector<const Poly*>& key_a, const Poly& out0, const Poly& out1) {
    const Ring& ring = out0.ring();
    Context& context = ring.context();
    DeviceBuffer<PolyView> d_digits = to_device(context, views(digits));
    DeviceBuffer<PolyView> d_key_b = to_device(context, views(key_b));
    DeviceBuffer<PolyView> d_key_a = to_device(context, views(key_a));
    OLAFHE_LAUNCH(inner_product_kernel, grid_for(ring.n(), out0.limbs()), kThreads, context)(
        d_digits.get(), d_key_b.get(), d_key_a.get(), static_cast<int>(digits.size()), view(out0), view(out1),
        ring.device_moduli());
    OLAFHE_CHECK_LAUNCH();
}

void sum_of_products(const std::vector<std::vector<const Poly*>>& operands, const std::vector<const Poly*>& factors,
                     const std::vector<const Poly*>& out) {
    const Ring& ring = out.front()->ring();
    Context& context = ring.context();
    const int limbs = out.front()->limbs();
    std::vector<PolyView> flat;
    for (const auto& operand : operands) {
        for (const Poly* part : operand) {
            flat.push_back(view(*part));
        }
    }
    DeviceBuffer<PolyView> d_operands = to_device(context, flat);
    DeviceBuffer<PolyView> d_factors = to_device(context, views(factors));
    const int parts = static_cast<int>(out.size());
    in_chunks(out, [&](size_t first, size_t count) {
        OLAFHE_LAUNCH(sum_of_products_kernel, grid_for(ring.n(), limbs * static_cast<int>(count)), kThreads, context)(
            d_operands.get() + first, d_factors.get(), static_cast<int>(operands.size()), parts,
            parts_of(out, first, count), limbs, ring.device_moduli());
        OLAFHE_CHECK_LAUNCH();
    });
}

}  // namespace olafhe::kernels
