// Hybrid key switching's basis conversions: ModUp (one digit of Q extended to the other Q limbs and P) and
// ModDown (divide by P with rounding). Exact formulas of Backend.modUp / Backend.modDown, as in CpuBackend.
// The first step's scaling is folded into the inverse NTT's last pass, ModUp's converted limbs are written and
// transformed in place in the output, and ModDown's division by P is the last pass of its forward NTT.
#include "kernels.cuh"

#include <algorithm>
#include <cmath>

namespace olafhe::kernels {
namespace {

// How convert() removes the conversion's excess u*Q (BasisConverter.overflow): ModDown floors, ModUp centres.
enum Overflow : int { kFloor = 0, kCentred = 1 };

// y limb dst_slot[j] = (sum_i scaled_i * (Q/q_i) - u * Q mod m_j) - subtract_j mod m_j, for the target limbs, with
// u = floor(sum_i scaled_i / q_i [+ 1/2]) summed in double in source order, as BasisConverter.overflow
__global__ void convert_kernel(const uint64_t* scaled, int source_count, uint64_t* y, const int* dst_slot, uint32_t n,
                               const int* target_ring, const uint64_t* q_hat_mod_target,
                               const uint64_t* q_hat_mod_target_shoup, const uint64_t* subtract,
                               const arith::Modulus* moduli, const uint64_t* source_values,
                               const uint64_t* q_mod_target, int overflow) {
    const uint32_t c = blockIdx.x * blockDim.x + threadIdx.x;
    if (c >= n) {
        return;
    }
    const int j = static_cast<int>(blockIdx.y);
    const uint64_t m = moduli[target_ring[j]].value;
    const size_t row = static_cast<size_t>(j) * source_count;
    const uint64_t sum = arith::conversion_sum(scaled + c, n, source_count, q_hat_mod_target + row,
                                               q_hat_mod_target_shoup + row, m);
    double v = 0;
    for (int i = 0; i < source_count; i++) {
        v += static_cast<double>(scaled[static_cast<size_t>(i) * n + c]) / static_cast<double>(source_values[i]);
    }
    const uint64_t u = static_cast<uint64_t>(floor(overflow == kCentred ? v + 0.5 : v));  // small: < source_count + 1
    const uint64_t excess = arith::mul_mod(u, q_mod_target[j], moduli[target_ring[j]]);
    y[static_cast<size_t>(dst_slot[j]) * n + c] = arith::sub_mod(arith::sub_mod(sum, excess, m), subtract[j], m);
}

// ModUp's conversion for several digits in one launch, grid y = row t (one target limb of one digit): row t reads
// the digit's scaled sources [first, first + count) of `scaled` and writes limb `slot` of digit `digit`;
// rows[6t..6t+5] = first, count, target ring index, offset of the row's Q/q_i mod target in q_hat, digit, slot. Same
// arithmetic as convert_kernel (centred overflow, nothing subtracted).
constexpr int kRowInts = 6;
__global__ void convert_digits_kernel(const uint64_t* scaled, uint32_t n, const int* rows, const uint64_t* q_hat,
                                      const uint64_t* q_hat_shoup, const uint64_t* q_mod_target, LimbBases digits,
                                      const arith::Modulus* moduli) {
    const uint32_t c = blockIdx.x * blockDim.x + threadIdx.x;
    if (c >= n) {
        return;
    }
    const int* row = rows + kRowInts * static_cast<size_t>(blockIdx.y);
    const int first = row[0];
    const int count = row[1];
    const arith::Modulus& target = moduli[row[2]];
    const uint64_t* sources = scaled + static_cast<size_t>(first) * n + c;
    const uint64_t sum = arith::conversion_sum(sources, n, count, q_hat + row[3], q_hat_shoup + row[3], target.value);
    double v = 0;
    for (int i = 0; i < count; i++) {
        v += static_cast<double>(sources[static_cast<size_t>(i) * n]) / static_cast<double>(moduli[first + i].value);
    }
    const uint64_t u = static_cast<uint64_t>(floor(v + 0.5));  // small: < count + 1
    const uint64_t excess = arith::mul_mod(u, q_mod_target[blockIdx.y], target);
    digits.p[row[4]][static_cast<size_t>(row[5]) * n + c] = arith::sub_mod(sum, excess, target.value);
}

/**
 * Step 1 of the fast basis conversion, in one out-of-place inverse NTT: the source limbs of `in` (NTT domain) to
 * the coefficient domain, plus `add`, times (Q/q_i)^-1 mod q_i, into a new buffer of contiguous limbs.
 */
DeviceBuffer<uint64_t> scaled_sources(const Ring& ring, const Poly& in, const std::vector<int>& source,
                                      const std::vector<uint64_t>& add) {
    const auto constants = ring.conversion(source, {});
    std::vector<int> slots;
    std::vector<uint64_t> scaled_add;
    for (size_t i = 0; i < source.size(); i++) {
        const arith::Modulus& m = ring.modulus(source[i]);
        slots.push_back(in.limb_of(source[i]));
        scaled_add.push_back(arith::mul_mod(add[i], constants->q_hat_inv[i], m));  // (x + a) c = x c + a c
    }
    DeviceBuffer<uint64_t> scaled(ring.context(), source.size() * ring.n());
    ntt_inverse(ring, NttLimbs{in.data(), scaled.get(), source, slots, {}}, constants->q_hat_inv, scaled_add);
    return scaled;
}

/** Step 2: the scaled sources converted to the target ring indices, written to dst's limbs dst_slot (coefficients). */
void convert(const Ring& ring, const DeviceBuffer<uint64_t>& scaled, const std::vector<int>& source,
             const std::vector<int>& target, const std::vector<uint64_t>& subtract, uint64_t* dst,
             const std::vector<int>& dst_slot, Overflow overflow) {
    if (target.empty()) {
        return;
    }
    Context& context = ring.context();
    const uint32_t n = ring.n();
    const auto constants = ring.conversion(source, target);
    OLAFHE_LAUNCH(convert_kernel, grid_for(n, static_cast<int>(target.size())), kThreads, context)(
        scaled.get(), static_cast<int>(source.size()), dst, ring.cached(dst_slot), n, ring.cached(target),
        ring.cached(constants->q_hat_mod_target), ring.cached(constants->q_hat_mod_target_shoup),
        ring.cached(subtract), ring.device_moduli(), ring.cached(constants->source_values),
        ring.cached(constants->q_mod_target), static_cast<int>(overflow));
    OLAFHE_CHECK_LAUNCH();
}

}  // namespace

// The digit's own limbs are copied as they are; the converted limbs are written straight into out and transformed
// there (no temporary for them, no gather).
void mod_up(const Poly& in, int first_limb, int limb_count, const Poly& out) {
    const Ring& ring = out.ring();
    Context& context = ring.context();
    const uint32_t n = ring.n();
    std::vector<int> source;
    for (int r = first_limb; r < first_limb + limb_count; r++) {
        source.push_back(r);
    }
    // the digit's Q limbs are contiguous and in order in both polys (Q limb r is limb r): one copy
    copy_async(context.counters(), out.data() + static_cast<size_t>(out.limb_of(first_limb)) * n,
               in.data() + static_cast<size_t>(in.limb_of(first_limb)) * n,
               static_cast<size_t>(limb_count) * n * sizeof(uint64_t), cudaMemcpyDeviceToDevice, context.stream());
    std::vector<int> target;
    std::vector<int> target_slot;
    for (int l = 0; l < out.limbs(); l++) {
        const int r = out.ring_index(l);
        if (r < first_limb || r >= first_limb + limb_count) {
            target.push_back(r);
            target_slot.push_back(l);
        }
    }
    DeviceBuffer<uint64_t> scaled = scaled_sources(ring, in, source, std::vector<uint64_t>(source.size(), 0));
    convert(ring, scaled, source, target, std::vector<uint64_t>(target.size(), 0), out.data(), target_slot, kCentred);
    ntt_forward(ring, NttLimbs{out.data(), out.data(), target, target_slot, target_slot});
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
        half_source.push_back(ring.half_p(ring.q_total() + i));
    }
    const std::vector<int> target = ring_indices(out);  // Q limbs 0 .. q_count-1, in order
    std::vector<uint64_t> half_target, p_inv;
    for (int l : target) {
        half_target.push_back(ring.half_p(l));
        p_inv.push_back(ring.p_inverse(l));
    }
    // Rounding: with h = floor(P/2), out = (x + h - (Conv([x + h]_P) - v P)) / P = round(x / P) (v: the conversion's
    // excess, floored); h is added to the P residues and
    // subtracted from the conversion (the x_l + h and - h on the Q side cancel). The division by P is the last
    // pass of the forward NTT of the converted limbs.
    DeviceBuffer<uint64_t> scaled = scaled_sources(ring, in, source, half_source);
    DeviceBuffer<uint64_t> converted(context, target.size() * n);
    convert(ring, scaled, source, target, half_target, converted.get(), target, kFloor);  // target[j] = j: slot j
    ntt_forward_subtract_from(ring, converted.get(), target, in, out, p_inv);
}

// long: the three batched stages and the per-row tables they read, in the order ModUp runs them
void mod_up_digits(const Poly& in, int digit_size, const std::vector<const Poly*>& digits) {
    const Ring& ring = in.ring();
    Context& context = ring.context();
    const uint32_t n = ring.n();
    const int q = in.q_count();
    if (digits.size() > static_cast<size_t>(kMaxBases)) {  // more digits than a kernel takes by value
        for (size_t j = 0; j < digits.size(); j++) {
            const int first = static_cast<int>(j) * digit_size;
            mod_up(in, first, std::min(digit_size, q - first), *digits[j]);
        }
        return;
    }
    LimbBases bases{};
    std::vector<int> all, rows, digit_of_row, slot_of_row, ring_of_row;
    std::vector<uint64_t> scale, q_hat, q_hat_shoup, q_mod_target;
    for (size_t j = 0; j < digits.size(); j++) {
        const Poly& digit = *digits[j];
        bases.p[j] = digit.data();
        const int first = static_cast<int>(j) * digit_size;
        const int count = std::min(digit_size, q - first);
        std::vector<int> source, target, slot;
        for (int r = first; r < first + count; r++) {
            source.push_back(r);
            all.push_back(r);
        }
        // the digit's own limbs as they are: Q limb r is limb r in both polys
        copy_async(context.counters(), digit.data() + static_cast<size_t>(first) * n,
                   in.data() + static_cast<size_t>(first) * n, static_cast<size_t>(count) * n * sizeof(uint64_t),
                   cudaMemcpyDeviceToDevice, context.stream());
        for (int l = 0; l < digit.limbs(); l++) {
            const int r = digit.ring_index(l);
            if (r < first || r >= first + count) {
                target.push_back(r);
                slot.push_back(l);
            }
        }
        const auto constants = ring.conversion(source, target);
        scale.insert(scale.end(), constants->q_hat_inv.begin(), constants->q_hat_inv.end());
        for (size_t t = 0; t < target.size(); t++) {
            const int table = static_cast<int>(q_hat.size() + t * source.size());
            rows.insert(rows.end(), {first, count, target[t], table, static_cast<int>(j), slot[t]});
            digit_of_row.push_back(static_cast<int>(j));
            slot_of_row.push_back(slot[t]);
            ring_of_row.push_back(target[t]);
            q_mod_target.push_back(constants->q_mod_target[t]);
        }
        q_hat.insert(q_hat.end(), constants->q_hat_mod_target.begin(), constants->q_hat_mod_target.end());
        q_hat_shoup.insert(q_hat_shoup.end(), constants->q_hat_mod_target_shoup.begin(),
                           constants->q_hat_mod_target_shoup.end());
    }
    // step 1 for every digit at once: in's limbs to coefficients, each times (Q_j/q_i)^-1 of its digit j
    DeviceBuffer<uint64_t> scaled(context, static_cast<size_t>(q) * n);
    ntt_inverse(ring, NttLimbs{in.data(), scaled.get(), all, all, {}}, scale, std::vector<uint64_t>(all.size(), 0));
    OLAFHE_LAUNCH(convert_digits_kernel, grid_for(n, static_cast<int>(ring_of_row.size())), kThreads, context)(
        scaled.get(), n, ring.cached(rows), ring.cached(q_hat), ring.cached(q_hat_shoup), ring.cached(q_mod_target),
        bases, ring.device_moduli());
    OLAFHE_CHECK_LAUNCH();
    ntt_forward_in_place(ring, bases, digit_of_row, slot_of_row, ring_of_row);
}

}  // namespace olafhe::kernels
