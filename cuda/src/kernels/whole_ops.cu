// Whole SPI operations on the device: one ABI call runs every stage with no host round trip in between. The
// stages are the primitives' kernels, so the results are theirs bit for bit; temporaries come from the context's
// pool (stream-ordered reuse) and are not zero-filled, since every stage writes all limbs of its output.
#include "kernels.cuh"

#include <algorithm>
#include <memory>

namespace olafhe::kernels {

void key_switch(const Poly& in, int digit_size, const std::vector<const Poly*>& key_b,
                const std::vector<const Poly*>& key_a, const Poly& out0, const Poly& out1) {
    const std::shared_ptr<Ring>& ring = in.ring_shared();
    const int q = in.q_count();
    const int k = ring->p_total();
    const int count = (q + digit_size - 1) / digit_size;
    std::vector<std::unique_ptr<Poly>> digits;
    std::vector<const Poly*> d;
    for (int j = 0; j < count; j++) {
        digits.push_back(std::make_unique<Poly>(ring, q, k, Poly::Uninitialised{}));
        const int first = j * digit_size;
        mod_up(in, first, std::min(digit_size, q - first), *digits.back());
        d.push_back(digits.back().get());
    }
    Poly sum0(ring, q, k, Poly::Uninitialised{});
    Poly sum1(ring, q, k, Poly::Uninitialised{});
    inner_product(d, std::vector<const Poly*>(key_b.begin(), key_b.begin() + count),
                  std::vector<const Poly*>(key_a.begin(), key_a.begin() + count), sum0, sum1);
    mod_down(sum0, out0);
    mod_down(sum1, out1);
}

void rescale_parts(const std::vector<const Poly*>& in, const std::vector<const Poly*>& out) {
    for (size_t i = 0; i < in.size(); i++) {
        rescale_ntt(*in[i], *out[i]);
    }
}

namespace {

/**
 * dst[i] = f_0*first[i] + sum_k f_{k+1}*others[k][i] (an operand with fewer parts counts as zero there), plus the
 * constant on dst[0]: the SPI's linear combination, term by term. first may be dst.
 */
void combine(const std::vector<const Poly*>& first, const std::vector<std::vector<const Poly*>>& others,
             const std::vector<std::vector<uint64_t>>& factors, const std::vector<uint64_t>& constant,
             const std::vector<const Poly*>& dst) {
    std::unique_ptr<Poly> term;
    if (!others.empty()) {
        const Poly& d0 = *dst.front();
        term = std::make_unique<Poly>(d0.ring_shared(), d0.q_count(), d0.p_count(), Poly::Uninitialised{});
    }
    for (size_t i = 0; i < dst.size(); i++) {
        scalar(true, *first[i], factors[0], *dst[i]);
        for (size_t k = 0; k < others.size(); k++) {
            if (i < others[k].size()) {
                scalar(true, *others[k][i], factors[k + 1], *term);
                binary(Binary::Add, *dst[i], *term, *dst[i]);
            }
        }
    }
    if (!constant.empty()) {
        scalar(false, *dst[0], constant, *dst[0]);
    }
}

}  // namespace

void linear_combination_rescale(const std::vector<std::vector<const Poly*>>& operands,
                                const std::vector<std::vector<uint64_t>>& factors, const std::vector<uint64_t>& constant,
                                const std::vector<const Poly*>& out) {
    const Poly& first = *out.front();
    const int limbs = first.q_count() + 1;
    std::vector<std::unique_ptr<Poly>> sums;
    std::vector<const Poly*> sum;
    for (size_t i = 0; i < out.size(); i++) {
        sums.push_back(std::make_unique<Poly>(first.ring_shared(), limbs, 0, Poly::Uninitialised{}));
        sum.push_back(sums.back().get());
    }
    const std::vector<std::vector<const Poly*>> others(operands.begin() + 1, operands.end());
    combine(operands[0], others, factors, constant, sum);
    rescale_parts(sum, out);
}

void multiply_relinearize(const std::vector<const Poly*>& a, const std::vector<const Poly*>& b, const LinearStep* step,
                          int digit_size, const std::vector<const Poly*>& key_b, const std::vector<const Poly*>& key_a,
                          bool rescale, const std::vector<const Poly*>& out) {
    const bool relinearize = !key_b.empty();
    const std::shared_ptr<Ring>& ring = out.front()->ring_shared();
    const int limbs = out.front()->q_count() + (rescale ? 1 : 0);
    std::vector<std::unique_ptr<Poly>> temporaries;
    auto fresh = [&](int count) {
        std::vector<const Poly*> polys;
        for (int i = 0; i < count; i++) {
            temporaries.push_back(std::make_unique<Poly>(ring, limbs, 0, Poly::Uninitialised{}));
            polys.push_back(temporaries.back().get());
        }
        return polys;
    };
    const std::vector<const Poly*> d = relinearize || rescale ? fresh(3) : out;
    tensor(*a[0], *a[1], *b[0], *b[1], *d[0], *d[1], *d[2]);
    if (step != nullptr && !step->after_relinearization) {
        combine(d, step->others, step->factors, step->constant, d);
    }
    std::vector<const Poly*> e = d;
    if (relinearize) {
        e = rescale ? fresh(2) : out;
        key_switch(*d[2], digit_size, key_b, key_a, *e[0], *e[1]);
        binary(Binary::Add, *e[0], *d[0], *e[0]);
        binary(Binary::Add, *e[1], *d[1], *e[1]);
    }
    if (step != nullptr && step->after_relinearization) {
        combine(e, step->others, step->factors, step->constant, e);
    }
    if (rescale) {
        rescale_parts(e, out);
    }
}

}  // namespace olafhe::kernels
