// Launchers of the device kernels, grouped by primitive (one .cu file each). Every launcher enqueues on the
// context's stream and checks the launch (OLAFHE_CHECK_LAUNCH); shape checks happen in the C ABI layer.
//
// Limb addressing: a poly holds Q limbs 0..qc-1 then P limbs; an output limb with ring index r reads the
// input limb holding r (see PolyView::limb). Kernels use 2-D grids: x over the N coefficients, y over limbs.
#ifndef OLAFHE_KERNELS_CUH
#define OLAFHE_KERNELS_CUH

#include "../arith/modarith.h"
#include "../device/context.cuh"

#include <vector>

namespace olafhe::kernels {

/** What a kernel needs to address a poly's limbs. */
struct PolyView {
    uint64_t* data;
    int q_count;
    int q_total;
    uint32_t n;

    /** The limb that holds ring modulus `ring_index` (the caller checked it exists). */
    OLAFHE_HD uint64_t* limb(int ring_index) const {
        const int l = ring_index < q_total ? ring_index : q_count + (ring_index - q_total);
        return data + static_cast<size_t>(l) * n;
    }
    OLAFHE_HD int ring_index(int limb_index) const {
        return limb_index < q_count ? limb_index : q_total + (limb_index - q_count);
    }
};

inline PolyView view(const Poly& p) {
    return PolyView{p.data(), p.q_count(), p.ring().q_total(), p.ring().n()};
}

constexpr int kThreads = 256;

inline dim3 grid_for(uint32_t elements, int limbs) {
    return dim3((elements + kThreads - 1) / kThreads, static_cast<unsigned>(limbs));
}

// ---- every part of a ciphertext in one launch -------------------------------------------------------------
// A kernel over parts takes their views by value (no upload) and runs grid y over part * limbs + limb, every part
// with the first output's limb count; more than kMaxParts parts take one launch per chunk of kMaxParts.
constexpr size_t kMaxParts = 4;

struct Parts {
    PolyView p[kMaxParts];
};

/** Part and ring index of grid row y (= part * limbs + limb) of the outputs `out`. */
struct Row {
    int part;
    int ring_index;
};
OLAFHE_HD Row row_of(const Parts& out, int limbs, unsigned y) {
    const int part = static_cast<int>(y) / limbs;
    return Row{part, out.p[part].ring_index(static_cast<int>(y) % limbs)};
}

/** Views of polys[first, first + count); a single poly (a broadcast operand) fills every slot. */
inline Parts parts_of(const std::vector<const Poly*>& polys, size_t first, size_t count) {
    Parts parts{};
    for (size_t k = 0; k < count; k++) {
        parts.p[k] = view(*polys[polys.size() == 1 ? 0 : first + k]);
    }
    return parts;
}

/** Runs launch(first, count) over out's parts in chunks of at most kMaxParts, one launch each. */
template <class Launch>
void in_chunks(const std::vector<const Poly*>& out, Launch launch) {
    for (size_t first = 0; first < out.size(); first += kMaxParts) {
        launch(first, out.size() - first < kMaxParts ? out.size() - first : kMaxParts);
    }
}

// ---- elementwise.cu -------------------------------------------------------------------------------------
enum class Binary { Add, Sub, Mul, MulAdd };

/** out = a (op) b on out's limbs; MulAdd: out += a*b. */
void binary(Binary op, const Poly& a, const Poly& b, const Poly& out);
/** binary() of every part in one launch: out[i] = a[i] (op) b[i]; b may be one poly for every part. */
void binary_parts(Binary op, const std::vector<const Poly*>& a, const std::vector<const Poly*>& b,
                  const std::vector<const Poly*>& out);
/** out = -a. */
void negate(const Poly& a, const Poly& out);
void negate_parts(const std::vector<const Poly*>& a, const std::vector<const Poly*>& out);
/** out = a*c or a + c with c given per ring index (residues), on out's limbs. */
void scalar(bool multiply, const Poly& a, const std::vector<uint64_t>& residues, const Poly& out);
void scalar_parts(bool multiply, const std::vector<const Poly*>& a, const std::vector<uint64_t>& residues,
                  const std::vector<const Poly*>& out);
/** Copies dst's limbs from src by ring index; limbs src lacks become zero. */
void copy_limbs(const Poly& src, const Poly& dst);
void copy_parts(const std::vector<const Poly*>& src, const std::vector<const Poly*>& dst);
/**
 * out[i] = sum_k operands[k][i] * factors[k] (operands: count runs of out.size() parts), every part in one launch;
 * the products summed in 128 bits and reduced once per coefficient, as the inner product.
 */
void sum_of_products(const std::vector<std::vector<const Poly*>>& operands, const std::vector<const Poly*>& factors,
                     const std::vector<const Poly*>& out);

// ---- tensor.cu ------------------------------------------------------------------------------------------
/** d0 = a0*b0, d1 = a0*b1 + a1*b0, d2 = a1*b1. */
void tensor(const Poly& a0, const Poly& a1, const Poly& b0, const Poly& b1, const Poly& d0, const Poly& d1,
            const Poly& d2);

// ---- ntt.cu ---------------------------------------------------------------------------------------------
/**
 * The limbs of one transform: limb k (ring modulus ring_of_limb[k]) is read at src + src_slot[k] * N and written
 * at dst + dst_slot[k] * N; an empty slot list means slot k. src == dst with equal slots transforms in place.
 */
struct NttLimbs {
    const uint64_t* src;
    uint64_t* dst;
    std::vector<int> ring_of_limb;
    std::vector<int> src_slot;
    std::vector<int> dst_slot;
};
void ntt_forward(const Ring& ring, const NttLimbs& limbs);
/** Inverse NTT (times N^-1), then limb k times scale[k] plus add[k] (empty: 1 and 0) in the same pass. */
void ntt_inverse(const Ring& ring, const NttLimbs& limbs, const std::vector<uint64_t>& scale,
                 const std::vector<uint64_t>& add);
/**
 * out limb r = (base limb r - NTT(values limb k)) * factor[k] for r = ring_of_limb[k], the division step of ModDown
 * and rescale in the NTT's last pass; `values` (contiguous limbs) is overwritten, out may be base.
 */
void ntt_forward_subtract_from(const Ring& ring, uint64_t* values, const std::vector<int>& ring_of_limb,
                               const Poly& base, const Poly& out, const std::vector<uint64_t>& factor);
/** The arrays of up to kMaxBases polys, passed to a kernel by value (no upload); limbs name theirs by index. */
constexpr int kMaxBases = 16;
struct LimbBases {
    uint64_t* p[kMaxBases];
};
/**
 * Forward NTT in place of limbs of several polys: limb k (ring modulus ring_of_limb[k]) at bases.p[base_of_limb[k]] +
 * slot[k] * N. The index lists depend only on shapes, so they are cached with the ring like other constants.
 */
void ntt_forward_in_place(const Ring& ring, const LimbBases& bases, const std::vector<int>& base_of_limb,
                          const std::vector<int>& slot, const std::vector<int>& ring_of_limb);
/** The ring indices of a poly's limbs, in order. */
std::vector<int> ring_indices(const Poly& p);

// ---- automorphism.cu ------------------------------------------------------------------------------------
void automorphism_ntt(const Poly& a, uint64_t galois_element, const Poly& out);
/** automorphism_ntt of every part in one launch (out[i] distinct from every a[j]). */
void automorphism_ntt_parts(const std::vector<const Poly*>& a, uint64_t galois_element,
                            const std::vector<const Poly*>& out);
void automorphism_coeff(const Poly& a, uint64_t galois_element, const Poly& out);

// ---- rescale.cu (modulus switching) -----------------------------------------------------------------
void rescale_ntt(const Poly& a, const Poly& out);
void mod_raise(const Poly& a, const Poly& out);

// ---- basis_conversion.cu (ModUp / ModDown) -----------------------------------------------------------
void mod_up(const Poly& in, int first_limb, int limb_count, const Poly& out);
/**
 * mod_up of every digit of digit_size limbs of `in` into digits[j] (Backend.decompose), batched: one inverse NTT over
 * all of in's limbs, one conversion launch for every digit's targets, one forward NTT over all converted limbs (more
 * than kMaxBases digits: mod_up digit by digit).
 */
void mod_up_digits(const Poly& in, int digit_size, const std::vector<const Poly*>& digits);
void mod_down(const Poly& in, const Poly& out);

// ---- key_switch.cu ---------------------------------------------------------------------------------------
void inner_product(const std::vector<const Poly*>& digits, const std::vector<const Poly*>& key_b,
                   const std::vector<const Poly*>& key_a, const Poly& out0, const Poly& out1);

// ---- whole_ops.cu (whole SPI operations: the primitives above in one call, temporaries from the pool) --------
/**
 * Hybrid key switch of `in` (Q limbs 0..l, NTT): ModUp of every digit of digit_size limbs into Q_l u P, the inner
 * product with the keys' first digits, ModDown of both sums into out0 and out1 (Q limbs 0..l).
 */
void key_switch(const Poly& in, int digit_size, const std::vector<const Poly*>& key_b,
                const std::vector<const Poly*>& key_a, const Poly& out0, const Poly& out1);
/** rescale_ntt of every part of a ciphertext. */
void rescale_parts(const std::vector<const Poly*>& in, const std::vector<const Poly*>& out);
/** mod_down of every part (each part still its own ModDown stages: not batched over parts yet). */
void mod_down_parts(const std::vector<const Poly*>& in, const std::vector<const Poly*>& out);
/** sum_of_products into Q_l u P temporaries from the pool, then mod_down_parts into out (Backend.sumOfProductsModDown). */
void sum_of_products_mod_down(const std::vector<std::vector<const Poly*>>& operands,
                              const std::vector<const Poly*>& factors, const std::vector<const Poly*>& out);
/**
 * Backend.linearCombination: dst[i] = f_0*first[i] + sum_k f_{k+1}*others[k][i] (a missing part counts as zero), plus
 * the constant (empty: none) on dst[0]; first may be dst.
 */
void linear_combination(const std::vector<const Poly*>& first, const std::vector<std::vector<const Poly*>>& others,
                        const std::vector<std::vector<uint64_t>>& factors, const std::vector<uint64_t>& constant,
                        const std::vector<const Poly*>& dst);

// ---- whole_rotations.cu (decomposition, key switches from it, hoisted automorphism batches) ------------------
/** ModUp of every digit of digit_size limbs of `in` (Q limbs 0..l) into digits[j] (Q_l u P): Backend.decompose. */
void decompose(const Poly& in, int digit_size, const std::vector<const Poly*>& digits);
/** Inner product of the digits with the keys' first digits, ModDown of both sums: Backend.keySwitchDecomposed. */
void key_switch_decomposed(const std::vector<const Poly*>& digits, const std::vector<const Poly*>& key_b,
                           const std::vector<const Poly*>& key_a, const Poly& out0, const Poly& out1);
/** key_switch of `in` plus (c0, c1) in one launch; out may alias c, not in (Backend.keySwitchAdd). */
void key_switch_add(const Poly& in, int digit_size, const std::vector<const Poly*>& key_b,
                    const std::vector<const Poly*>& key_a, const Poly& c0, const Poly& c1, const Poly& out0,
                    const Poly& out1);
/**
 * A hoisted batch: for each r, with (k0, k1) the key switch from the digits with key r (key_b[r], key_a[r]: the first
 * digits.size() digits), out0[r] = sigma_r(k0 + c0), out1[r] = sigma_r(k1). Lazy (p_residues not empty: P mod every
 * ring modulus): no ModDown, out0[r] = sigma_r(sum_j d_j b_rj + P c0), out1[r] = sigma_r(sum_j d_j a_rj) over Q_l u P.
 */
void automorphisms_hoisted(const Poly& c0, const std::vector<const Poly*>& digits, const std::vector<uint64_t>& galois,
                           const std::vector<std::vector<const Poly*>>& key_b,
                           const std::vector<std::vector<const Poly*>>& key_a, const std::vector<uint64_t>& p_residues,
                           const std::vector<const Poly*>& out0, const std::vector<const Poly*>& out1);
/** decompose of c1 into pool temporaries (keys' P limbs), then automorphisms_hoisted (not lazy): Backend.automorphisms. */
void automorphisms(const Poly& c0, const Poly& c1, int digit_size, const std::vector<uint64_t>& galois,
                   const std::vector<std::vector<const Poly*>>& key_b, const std::vector<std::vector<const Poly*>>& key_a,
                   const std::vector<const Poly*>& out0, const std::vector<const Poly*>& out1);
/**
 * acc (Q and P limbs) += sum_r lazy automorphisms of in[r] with Galois element r (decompose, then automorphisms_hoisted
 * with p_residues: no ModDown): Backend.automorphismsAccumulate.
 */
void automorphisms_accumulate(const std::vector<std::vector<const Poly*>>& in, int digit_size,
                              const std::vector<uint64_t>& galois, const std::vector<std::vector<const Poly*>>& key_b,
                              const std::vector<std::vector<const Poly*>>& key_a, const std::vector<uint64_t>& p_residues,
                              const std::vector<const Poly*>& acc);

/**
 * Backend.linearCombinationRescale: sum_k factors[k]*operands[k] (a missing part counts as zero; the constant on part 0)
 * over out's Q limbs and one more, then rescale_parts into out; the sum in temporaries from the pool.
 */
void linear_combination_rescale(const std::vector<std::vector<const Poly*>>& operands,
                                const std::vector<std::vector<uint64_t>>& factors, const std::vector<uint64_t>& constant,
                                const std::vector<const Poly*>& out);

/** The linear step of multiply_relinearize (Backend.multiplyRelinearize's ProductCombination), residues per ring modulus. */
struct LinearStep {
    std::vector<std::vector<const Poly*>> others;  // the other operands' parts (a prefix of the step's parts)
    std::vector<std::vector<uint64_t>> factors;    // the product's factor first, then one per other operand
    std::vector<uint64_t> constant;                // added to part 0; empty: none
    bool after_relinearization;
};
/**
 * Tensor of the degree-1 ciphertexts a and b over out's Q limbs (one more when rescale), the linear step (null: none)
 * before or after relinearization, relinearization (key switch of d_2 added to d_0, d_1) when key_b is not empty, and
 * rescale_parts when rescale: the primitives above back to back, temporaries from the pool.
 */
void multiply_relinearize(const std::vector<const Poly*>& a, const std::vector<const Poly*>& b, const LinearStep* step,
                          int digit_size, const std::vector<const Poly*>& key_b, const std::vector<const Poly*>& key_a,
                          bool rescale, const std::vector<const Poly*>& out);

}  // namespace olafhe::kernels

#endif
