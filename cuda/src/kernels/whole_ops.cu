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

/** parts = f_0*parts + sum_k f_k*others[k-1] (+ the constant on parts[0]): the SPI's linear combination, term by term. */
void combine(const LinearStep& step, const std::vector<const Poly*>& parts) {
    const Poly& first = *parts.front();
    std::unique_ptr<Poly> term;
    if (!step.others.empty()) {
        term = std::make_unique<Poly>(first.ring_shared(), first.q_count(), first.p_count(), Poly::Uninitialised{});
    }
    for (size_t i = 0; i < parts.size(); i++) {
        scalar(true, *parts[i], step.factors[0], *parts[i]);
        for (size_t k = 0; k < step.others.size(); k++) {
            if (i < step.others[k].size()) {
                scalar(true, *step.others[k][i], step.factors[k + 1], *term);
                binary(Binary::Add, *parts[i], *term, *parts[i]);
            }
        }
    }
    if (!step.constant.empty()) {
        scalar(false, *parts[0], step.constant, *parts[0]);
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
    std::unique_ptr<Poly> term;
    if (operands.size() > 1) {
        term = std::make_unique<Poly>(first.ring_shared(), limbs, 0, Poly::Uninitialised{});
    }
    for (size_t i = 0; i < sum.size(); i++) {
        scalar(true, *operands[0][i], factors[0], *sum[i]);
        for (size_t k = 1; k < operands.size(); k++) {
            if (i < operands[k].size()) {
                scalar(true, *operands[k][i], factors[k], *term);
                binary(Binary::Add, *sum[i], *term, *sum[i]);
            }
        }
    }
    if (!constant.empty()) {
        scalar(false, *sum[0], constant, *sum[0]);
    }
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
        combine(*step, d);
    }
    std::vector<const Poly*> e = d;
    if (relinearize) {
        e = rescale ? fresh(2) : out;
        key_switch(*d[2], digit_size, key_b, key_a, *e[0], *e[1]);
        binary(Binary::Add, *e[0], *d[0], *e[0]);
        binary(Binary::Add, *e[1], *d[1], *e[1]);
    }
    if (step != nullptr && step->after_relinearization) {
        combine(*step, e);
    }
    if (rescale) {
        rescale_parts(e, out);
    }
}

}  // namespace olafhe::kernels
