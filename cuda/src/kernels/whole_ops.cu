// Whole SPI operations on the device: one ABI call runs every stage with no host round trip in between. The
// stages are the primitives' kernels, so the results are theirs bit for bit; temporaries come from the context's
// pool (stream-ordered reuse) and are not zero-filled, since every stage writes all limbs of its output.
#include "kernels.cuh"

#include <algorithm>
#include <memory>

namespace olafhe::kernels {

void rescale_parts(const std::vector<const Poly*>& in, const std::vector<const Poly*>& out) {
    for (size_t i = 0; i < in.size(); i++) {
        rescale_ntt(*in[i], *out[i]);
    }
}

void mod_down_parts(const std::vector<const Poly*>& in, const std::vector<const Poly*>& out) {
    for (size_t i = 0; i < in.size(); i++) {
        mod_down(*in[i], *out[i]);
    }
}

void sum_of_products_mod_down(const std::vector<std::vector<const Poly*>>& operands,
                              const std::vector<const Poly*>& factors, const std::vector<const Poly*>& out) {
    const Poly& first = *out.front();
    std::vector<std::unique_ptr<Poly>> sums;
    std::vector<const Poly*> sum;
    for (size_t i = 0; i < out.size(); i++) {
        sums.push_back(std::make_unique<Poly>(first.ring_shared(), first.q_count(), first.ring().p_total(),
                                              Poly::Uninitialised{}));
        sum.push_back(sums.back().get());
    }
    sum_of_products(operands, factors, sum);
    mod_down_parts(sum, out);
}

// term by term, as the SPI's default composition (modular arithmetic is exact: the order does not matter)
void linear_combination(const std::vector<const Poly*>& first, const std::vector<std::vector<const Poly*>>& others,
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
    linear_combination(operands[0], others, factors, constant, sum);
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
        linear_combination(d, step->others, step->factors, step->constant, d);
    }
    std::vector<const Poly*> e = d;
    if (relinearize) {
        e = rescale ? fresh(2) : out;
        key_switch_add(*d[2], digit_size, key_b, key_a, *d[0], *d[1], *e[0], *e[1]);
    }
    if (step != nullptr && step->after_relinearization) {
        linear_combination(e, step->others, step->factors, step->constant, e);
    }
    if (rescale) {
        rescale_parts(e, out);
    }
}

}  // namespace olafhe::kernels
