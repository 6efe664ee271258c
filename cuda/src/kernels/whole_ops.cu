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

}  // namespace olafhe::kernels
