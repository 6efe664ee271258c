// Host time of the constants that the kernels' launchers derive from the moduli, per call, at the benchmark
// parameters (logN 16, 27 Q primes, 4 P primes, digits of 4): ModUp's basis conversion (one digit to the other
// limbs) and ModDown's (P to Q, plus floor(P/2) and P^-1 per Q modulus). Ring (device/context.cu) now computes
// them once; this measures what each call paid before, i.e. what the memoisation saves per call.
// Not a test: cmake --build <dir> --target constants_cost && <dir>/constants_cost
#include "arith/host_tables.h"

#include <chrono>
#include <cstdio>
#include <vector>

using namespace olafhe::arith;

namespace {
std::vector<Modulus> primes(int count, int bits, int log_n, uint64_t& next) {
    std::vector<Modulus> m;
    if (next == 0) {
        next = ntt_prime_at_least(bits, log_n);
    }
    while (static_cast<int>(m.size()) < count) {
        if (is_prime(next)) {
            m.push_back(make_modulus(next));
        }
        next += 2ull << log_n;
    }
    return m;
}

template <class Work>
double micros_per_call(int reps, Work work) {
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < reps; i++) {
        work();
    }
    return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count() / reps;
}
}  // namespace

int main() {
    const int log_n = 16;
    uint64_t next_q = 0, next_p = 0;
    const std::vector<Modulus> q = primes(27, 45, log_n, next_q);
    const std::vector<Modulus> p = primes(4, 60, log_n, next_p);
    const std::vector<Modulus> digit(q.begin(), q.begin() + 4);
    std::vector<Modulus> others(q.begin() + 4, q.end());
    others.insert(others.end(), p.begin(), p.end());
    volatile uint64_t sink = 0;
    const int reps = 2000;
    const double mod_up = micros_per_call(reps, [&] { sink = sink + make_basis_conversion(digit, others).q_hat_inv[0]; });
    const double mod_down = micros_per_call(reps, [&] {
        sink = sink + make_basis_conversion(p, q).q_hat_inv[0];
        for (const Modulus& m : q) {  // floor(P/2) and P^-1 mod m, as ModDown computed them per call
            uint64_t product = 1;
            for (const Modulus& pm : p) {
                product = mul_mod(product, pm.value % m.value, m);
            }
            sink = sink + mul_mod(sub_mod(product, 1, m.value), inverse_mod(2, m), m) + inverse_mod(product, m);
        }
    });
    std::printf("constants per call (logN %d, %zu Q + %zu P primes, digit of %zu): ModUp %.1f us, ModDown %.1f us\n",
                log_n, q.size(), p.size(), digit.size(), mod_up, mod_down);
    return 0;
}
