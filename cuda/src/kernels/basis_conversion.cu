// Hybrid key switching's basis conversions: ModUp (one digit of Q extended to the other Q limbs and P) and
// ModDown (divide by P with rounding). Exact formulas of Backend.modUp / Backend.modDown, as in CpuBackend.
#include "kernels.cuh"

namespace olafhe::kernels {
namespace {

// in place: x_i <- ([x_i + add_i]_{q_i}) * (Q/q_i)^-1 mod q_i, for the source limbs (coefficient domain)
__global__ void scale_source_kernel(uint64_t* x, uint32_t n, const int* ring_of_limb, const uint64_t* add,
                                    const uint64_t* q_hat_inv, const uint64_t* q_hat_inv_shoup,
                                    const arith::Modulus* moduli) {
    const uint32_t c = blockIdx.x * blockDim.x + threadIdx.x;
    if (c >= n) {
        return;
    }
    const int i = static_cast<int>(blockIdx.y);
    const uint64_t q = moduli[ring_of_limb[i]].value;
    uint64_t& v = x[static_cast<size_t>(i) * n + c];
    v = arith::mul_shoup(arith::add_mod(v, add[i], q), q_hat_inv[i], q_hat_inv_shoup[i], q);
}

// y_j = (sum_i scaled_i * (Q/q_i) mod m_j) - subtract_j mod m_j, for the target limbs
__global__ void convert_kernel(const uint64_t* scaled, int source_count, uint64_t* y, uint32_t n,
                               const int* target_ring, const uint64_t* q_hat_mod_target,
                               const uint64_t* q_hat_mod_target_shoup, const uint64_t* subtract,
                               const arith::Modulus* moduli) {
    const uint32_t c = blockIdx.x * blockDim.x + threadIdx.x;
    if (c >= n) {
        return;
    }
    const int j = static_cast<int>(blockIdx.y);
    const uint64_t m = moduli[target_ring[j]].value;
    const size_t row = static_cast<size_t>(j) * source_count;
    const uint64_t sum = arith::conversion_sum(scaled + c, n, source_count, q_hat_mod_target + row,
                                               q_hat_mod_target_shoup + row, m);
    y[static_cast<size_t>(j) * n + c] = arith::sub_mod(sum, subtract[j], m);
}

// out limb l <- converted[j] (from[l] = j >= 0) or in's limb -(from[l] + 1)
__global__ void gather_kernel(const uint64_t* converted, PolyView in, PolyView out, const int* from) {
    const uint32_t c = blockIdx.x * blockDim.x + threadIdx.x;
    if (c >= out.n) {
        return;
    }
    const int f = from[blockIdx.y];
    const uint64_t v = f >= 0 ? converted[static_cast<size_t>(f) * out.n + c]
                              : in.data[static_cast<size_t>(-(f + 1)) * in.n + c];
    out.data[static_cast<size_t>(blockIdx.y) * out.n + c] = v;
}

// out_l = (in_l - conv_l) * P^-1 mod q_l
__global__ void divide_by_p_kernel(PolyView in, const uint64_t* conv, PolyView out, const uint64_t* p_inv,
                                   const uint64_t* p_inv_shoup, const arith::Modulus* moduli) {
    const uint32_t c = blockIdx.x * blockDim.x + threadIdx.x;
    if (c >= out.n) {
        return;
    }
    const int l = static_cast<int>(blockIdx.y);
    const uint64_t q = moduli[l].value;
    const uint64_t d = arith::sub_mod(in.limb(l)[c], conv[static_cast<size_t>(l) * out.n + c], q);
    out.limb(l)[c] = arith::mul_shoup(d, p_inv[l], p_inv_shoup[l], q);
}

/** Source limbs (coefficient domain, scaled) converted to the target ring indices, result in NTT domain. */
DeviceBuffer<uint64_t> convert(const Ring& ring, const DeviceBuffer<uint64_t>& scaled,
                               const std::vector<int>& source, const std::vector<int>& target,
                               const std::vector<uint64_t>& subtract) {
    Context& context = ring.context();
    const uint32_t n = ring.n();
    std::vector<arith::Modulus> source_moduli, target_moduli;
    for (int r : source) {
        source_moduli.push_back(ring.modulus(r));
    }
    for (int r : target) {
        target_moduli.push_back(ring.modulus(r));
    }
    const arith::BasisConversion constants = arith::make_basis_conversion(source_moduli, target_moduli);
    DeviceBuffer<uint64_t> converted(context, target.size() * n);
    if (target.empty()) {
        return converted;
    }
    const int* d_target = ring.cached(target);
    const uint64_t* w = ring.cached(constants.q_hat_mod_target);
    const uint64_t* w_shoup = ring.cached(constants.q_hat_mod_target_shoup);
    const uint64_t* d_subtract = ring.cached(subtract);
    OLAFHE_LAUNCH(convert_kernel, grid_for(n, static_cast<int>(target.size())), kThreads, context.stream())(
        scaled.get(), static_cast<int>(source.size()), converted.get(), n, d_target, w, w_shoup, d_subtract,
        ring.device_moduli());
    OLAFHE_CHECK_LAUNCH();
    ntt_forward(ring, converted.get(), target);
    return converted;
}

/**
 * Copies the source limbs (contiguous in `in`, starting at limb `first`), takes them to the coefficient
 * domain, adds `add` and multiplies by (Q/q_i)^-1: step 1 of the fast basis conversion.
 */
DeviceBuffer<uint64_t> scaled_sources(const Ring& ring, const Poly& in, int first, const std::vector<int>& source,
                                      const std::vector<uint64_t>& add) {
    Context& context = ring.context();
    const uint32_t n = ring.n();
    DeviceBuffer<uint64_t> scaled(context, source.size() * n);
    OLAFHE_CUDA_CHECK(cudaMemcpyAsync(scaled.get(), in.data() + static_cast<size_t>(first) * n,
                                      source.size() * n * sizeof(uint64_t), cudaMemcpyDeviceToDevice,
                                      context.stream()));
    ntt_inverse(ring, scaled.get(), source);
    std::vector<arith::Modulus> moduli;
    for (int r : source) {
        moduli.push_back(ring.modulus(r));
    }
    const arith::BasisConversion constants = arith::make_basis_conversion(moduli, {});
    const int* d_source = ring.cached(source);
    const uint64_t* d_add = ring.cached(add);
    const uint64_t* inv = ring.cached(constants.q_hat_inv);
    const uint64_t* inv_shoup = ring.cached(constants.q_hat_inv_shoup);
    OLAFHE_LAUNCH(scale_source_kernel, grid_for(n, static_cast<int>(source.size())), kThreads, context.stream())(
        scaled.get(), n, d_source, d_add, inv, inv_shoup, ring.device_moduli());
    OLAFHE_CHECK_LAUNCH();
    return scaled;
}

/** floor(P/2) mod m for the odd product P of the P moduli: (P - 1)/2 = (P mod m - 1) * 2^-1 mod m. */
uint64_t half_p_mod(const Ring& ring, const arith::Modulus& m) {
    uint64_t p = 1;
    for (int i = 0; i < ring.p_total(); i++) {
        p = arith::mul_mod(p, ring.modulus(ring.q_total() + i).value % m.value, m);
    }
    return arith::mul_mod(arith::sub_mod(p, 1 % m.value, m.value), arith::inverse_mod(2, m), m);
}

}  // namespace

void mod_up(const Poly& in, int first_limb, int limb_count, const Poly& out) {
    const Ring& ring = out.ring();
    Context& context = ring.context();
    const uint32_t n = ring.n();
    std::vector<int> source;
    for (int r = first_limb; r < first_limb + limb_count; r++) {
        source.push_back(r);
    }
    std::vector<int> target;
    std::vector<int> from(static_cast<size_t>(out.limbs()));
    for (int l = 0; l < out.limbs(); l++) {
        const int r = out.ring_index(l);
        if (r >= first_limb && r < first_limb + limb_count) {
            from[static_cast<size_t>(l)] = -(in.limb_of(r) + 1);
        } else {
            from[static_cast<size_t>(l)] = static_cast<int>(target.size());
            target.push_back(r);
        }
    }
    DeviceBuffer<uint64_t> scaled =
        scaled_sources(ring, in, first_limb, source, std::vector<uint64_t>(source.size(), 0));
    DeviceBuffer<uint64_t> converted =
        convert(ring, scaled, source, target, std::vector<uint64_t>(target.size(), 0));
    const int* d_from = ring.cached(from);
    OLAFHE_LAUNCH(gather_kernel, grid_for(n, out.limbs()), kThreads, context.stream())(converted.get(), view(in), view(out),
                                                                              d_from);
    OLAFHE_CHECK_LAUNCH();
}

void mod_down(const Poly& in, const Poly& out) {
    const Ring& ring = out.ring();
    Context& context = ring.context();
    const uint32_t n = ring.n();
    const int k = ring.p_total();
    std::vector<int> source;
    std::vector<uint64_t> half_source;
    for (int i = 0; i < k; i++) {
        source.push_back(ring.q_total() + i);
        half_source.push_back(half_p_mod(ring, ring.modulus(ring.q_total() + i)));
    }
    std::vector<int> target;
    std::vector<uint64_t> half_target, p_inv, p_inv_shoup;
    for (int l = 0; l < out.q_count(); l++) {
        const arith::Modulus& m = ring.modulus(l);
        target.push_back(l);
        half_target.push_back(half_p_mod(ring, m));
        uint64_t p = 1;
        for (int i = 0; i < k; i++) {
            p = arith::mul_mod(p, ring.modulus(ring.q_total() + i).value % m.value, m);
        }
        p_inv.push_back(arith::inverse_mod(p, m));
        p_inv_shoup.push_back(arith::shoup(p_inv.back(), m.value));
    }
    // Rounding: with h = floor(P/2), out = (x + h - Conv([x + h]_P)) / P; h is added to the P residues and
    // subtracted from the conversion (the x_l + h and - h on the Q side cancel).
    DeviceBuffer<uint64_t> scaled = scaled_sources(ring, in, in.q_count(), source, half_source);
    DeviceBuffer<uint64_t> converted = convert(ring, scaled, source, target, half_target);
    const uint64_t* d_p_inv = ring.cached(p_inv);
    const uint64_t* d_p_inv_shoup = ring.cached(p_inv_shoup);
    OLAFHE_LAUNCH(divide_by_p_kernel, grid_for(n, out.q_count()), kThreads, context.stream())(
        view(in), converted.get(), view(out), d_p_inv, d_p_inv_shoup, ring.device_moduli());
    OLAFHE_CHECK_LAUNCH();
}

}  // namespace olafhe::kernels
