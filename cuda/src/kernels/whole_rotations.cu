// Whole SPI operations of hybrid key switching and rotations: the decomposition, key switches from it, and hoisted
// automorphism batches, each in one ABI call with no host round trip. Every stage is a primitive's kernels (the
// element-wise steps and the automorphism over both parts in one launch), so the results are the primitives' bit for
// bit; temporaries come from the context's pool without zero-fill (every stage writes all limbs of its output).
//
// The decomposition is batched over its digits (basis_conversion.cu: mod_up_digits). Not done yet: ModDown runs per
// part and a batch runs one inner product per rotation.
#include "kernels.cuh"

#include <algorithm>
#include <memory>

namespace olafhe::kernels {
namespace {

/** `count` pool temporaries of shape (q, p) that the caller overwrites whole, and their pointers. */
struct Temporaries {
    std::vector<std::unique_ptr<Poly>> owned;
    std::vector<const Poly*> polys;

    Temporaries(const std::shared_ptr<Ring>& ring, size_t count, int q, int p) {
        for (size_t i = 0; i < count; i++) {
            owned.push_back(std::make_unique<Poly>(ring, q, p, Poly::Uninitialised{}));
            polys.push_back(owned.back().get());
        }
    }
    const Poly& operator[](size_t i) const { return *polys[i]; }
};

/** in's digits of digit_size limbs over its Q limbs and every P limb (decompose), in fresh temporaries. */
Temporaries decomposed(const Poly& in, int digit_size) {
    const int q = in.q_count();
    Temporaries digits(in.ring_shared(), static_cast<size_t>((q + digit_size - 1) / digit_size), q, in.ring().p_total());
    decompose(in, digit_size, digits.polys);
    return digits;
}

std::vector<const Poly*> first_digits(const std::vector<const Poly*>& key, size_t count) {
    return std::vector<const Poly*>(key.begin(), key.begin() + static_cast<std::ptrdiff_t>(count));
}

}  // namespace

void decompose(const Poly& in, int digit_size, const std::vector<const Poly*>& digits) {
    mod_up_digits(in, digit_size, digits);
}

void key_switch_decomposed(const std::vector<const Poly*>& digits, const std::vector<const Poly*>& key_b,
                           const std::vector<const Poly*>& key_a, const Poly& out0, const Poly& out1) {
    const Poly& d = *digits.front();
    Temporaries sums(d.ring_shared(), 2, d.q_count(), d.p_count());
    inner_product(digits, first_digits(key_b, digits.size()), first_digits(key_a, digits.size()), sums[0], sums[1]);
    mod_down(sums[0], out0);
    mod_down(sums[1], out1);
}

void key_switch(const Poly& in, int digit_size, const std::vector<const Poly*>& key_b,
                const std::vector<const Poly*>& key_a, const Poly& out0, const Poly& out1) {
    const Temporaries digits = decomposed(in, digit_size);
    key_switch_decomposed(digits.polys, key_b, key_a, out0, out1);
}

void key_switch_add(const Poly& in, int digit_size, const std::vector<const Poly*>& key_b,
                    const std::vector<const Poly*>& key_a, const Poly& c0, const Poly& c1, const Poly& out0,
                    const Poly& out1) {
    const bool aliased = &out0 == &c0 || &out0 == &c1 || &out1 == &c0 || &out1 == &c1;
    std::unique_ptr<Temporaries> scratch;
    std::vector<const Poly*> switched{&out0, &out1};
    if (aliased) {
        scratch = std::make_unique<Temporaries>(out0.ring_shared(), 2, out0.q_count(), out0.p_count());
        switched = scratch->polys;
    }
    key_switch(in, digit_size, key_b, key_a, *switched[0], *switched[1]);
    if (&out0 == &c1 || &out1 == &c0) {  // crossed outputs: part by part, in the default composition's order
        binary(Binary::Add, *switched[0], c0, out0);
        binary(Binary::Add, *switched[1], c1, out1);
    } else {
        binary_parts(Binary::Add, switched, {&c0, &c1}, {&out0, &out1});
    }
}

void automorphisms_hoisted(const Poly& c0, const std::vector<const Poly*>& digits, const std::vector<uint64_t>& galois,
                           const std::vector<std::vector<const Poly*>>& key_b,
                           const std::vector<std::vector<const Poly*>>& key_a, const std::vector<uint64_t>& p_residues,
                           const std::vector<const Poly*>& out0, const std::vector<const Poly*>& out1) {
    const Poly& d = *digits.front();
    const bool lazy = !p_residues.empty();
    const int p = lazy ? d.p_count() : 0;
    Temporaries sums(d.ring_shared(), 2, d.q_count(), p);  // lazy: the inner product's sums, else the key switch
    std::unique_ptr<Temporaries> c0_times_p;
    if (lazy) {
        c0_times_p = std::make_unique<Temporaries>(d.ring_shared(), 1, d.q_count(), p);
        copy_limbs(c0, (*c0_times_p)[0]);  // P limbs become 0, which is P*c0 mod p_j
        scalar(true, (*c0_times_p)[0], p_residues, (*c0_times_p)[0]);
    }
    for (size_t r = 0; r < galois.size(); r++) {
        if (lazy) {
            inner_product(digits, first_digits(key_b[r], digits.size()), first_digits(key_a[r], digits.size()),
                          sums[0], sums[1]);
            binary(Binary::Add, sums[0], (*c0_times_p)[0], sums[0]);
        } else {
            key_switch_decomposed(digits, key_b[r], key_a[r], sums[0], sums[1]);
            binary(Binary::Add, sums[0], c0, sums[0]);
        }
        automorphism_ntt_parts(sums.polys, galois[r], {out0[r], out1[r]});
    }
}

void automorphisms(const Poly& c0, const Poly& c1, int digit_size, const std::vector<uint64_t>& galois,
                   const std::vector<std::vector<const Poly*>>& key_b, const std::vector<std::vector<const Poly*>>& key_a,
                   const std::vector<const Poly*>& out0, const std::vector<const Poly*>& out1) {
    const Temporaries digits = decomposed(c1, digit_size);
    automorphisms_hoisted(c0, digits.polys, galois, key_b, key_a, {}, out0, out1);
}

void automorphisms_accumulate(const std::vector<std::vector<const Poly*>>& in, int digit_size,
                              const std::vector<uint64_t>& galois, const std::vector<std::vector<const Poly*>>& key_b,
                              const std::vector<std::vector<const Poly*>>& key_a, const std::vector<uint64_t>& p_residues,
                              const std::vector<const Poly*>& acc) {
    const Poly& a = *acc.front();
    Temporaries rotated(a.ring_shared(), 2, a.q_count(), a.p_count());
    for (size_t r = 0; r < galois.size(); r++) {
        const Temporaries digits = decomposed(*in[r][1], digit_size);
        automorphisms_hoisted(*in[r][0], digits.polys, {galois[r]}, {key_b[r]}, {key_a[r]}, p_residues,
                              {rotated.polys[0]}, {rotated.polys[1]});
        binary_parts(Binary::Add, acc, rotated.polys, acc);
    }
}

}  // namespace olafhe::kernels
