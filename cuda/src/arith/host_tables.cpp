#include "host_tables.h"

#include "../api/abi_guard.h"

#include <string>

namespace olafhe::arith {

namespace {
int bit_length(uint64_t x) {
    int bits = 0;
    while (x != 0) {
        bits++;
        x >>= 1;
    }
    return bits;
}
}  // namespace

Modulus make_modulus(uint64_t q) {
    const int bits = bit_length(q);
    require(q >= 3 && bits <= 61, "modulus must be in [3, 2^61), got " + std::to_string(q));
    const u128 numerator = static_cast<u128>(1) << (2 * bits);
    return Modulus{q, static_cast<uint64_t>(numerator / q), bits};
}

uint64_t shoup(uint64_t w, uint64_t q) {
    return static_cast<uint64_t>((static_cast<u128>(w) << 64) / q);
}

uint64_t pow_mod(uint64_t base, uint64_t exponent, const Modulus& m) {
    uint64_t result = 1;
    uint64_t b = base % m.value;
    while (exponent > 0) {
        if (exponent & 1) {
            result = mul_mod(result, b, m);
        }
        b = mul_mod(b, b, m);
        exponent >>= 1;
    }
    return result;
}

uint64_t inverse_mod(uint64_t a, const Modulus& m) {
    const uint64_t r = a % m.value;
    require(r != 0, "0 has no inverse mod " + std::to_string(m.value));
    return pow_mod(r, m.value - 2, m);
}

NttTables make_ntt_tables(uint64_t q, uint64_t psi, int log_n) {
    require(log_n >= 1 && log_n <= 17, "logN must be in [1, 17], got " + std::to_string(log_n));
    const Modulus m = make_modulus(q);
    const uint64_t n = 1ull << log_n;
    require((q - 1) % (2 * n) == 0, std::to_string(q) + " is not 1 mod 2N for logN " + std::to_string(log_n));
    require(psi > 0 && psi < q && pow_mod(psi, n, m) == q - 1,
            std::to_string(psi) + " is not a primitive 2N-th root of unity mod " + std::to_string(q));
    NttTables t{m, log_n, std::vector<uint64_t>(n), std::vector<uint64_t>(n), std::vector<uint64_t>(n),
                std::vector<uint64_t>(n), 0, 0};
    const uint64_t psi_inv = inverse_mod(psi, m);
    uint64_t power = 1;
    uint64_t power_inv = 1;
    for (uint64_t i = 0; i < n; i++) {
        const uint32_t r = bit_reverse(static_cast<uint32_t>(i), log_n);
        t.psi_rev[r] = power;
        t.psi_inv_rev[r] = power_inv;
        power = mul_mod(power, psi, m);
        power_inv = mul_mod(power_inv, psi_inv, m);
    }
    for (uint64_t i = 0; i < n; i++) {
        t.psi_rev_shoup[i] = shoup(t.psi_rev[i], q);
        t.psi_inv_rev_shoup[i] = shoup(t.psi_inv_rev[i], q);
    }
    t.n_inv = inverse_mod(n, m);
    t.n_inv_shoup = shoup(t.n_inv, q);
    return t;
}

bool is_prime(uint64_t n) {
    if (n < 2) {
        return false;
    }
    for (uint64_t p : {2ull, 3ull, 5ull, 7ull, 11ull, 13ull, 17ull, 19ull, 23ull, 29ull, 31ull, 37ull}) {
        if (n % p == 0) {
            return n == p;
        }
    }
    uint64_t d = n - 1;
    int r = 0;
    while ((d & 1) == 0) {
        d >>= 1;
        r++;
    }
    auto mul = [n](uint64_t a, uint64_t b) { return static_cast<uint64_t>(static_cast<u128>(a) * b % n); };
    for (uint64_t a : {2ull, 3ull, 5ull, 7ull, 11ull, 13ull, 17ull, 19ull, 23ull, 29ull, 31ull, 37ull}) {
        uint64_t x = 1;
        for (uint64_t e = d, base = a; e > 0; e >>= 1, base = mul(base, base)) {
            if (e & 1) {
                x = mul(x, base);
            }
        }
        if (x == 1 || x == n - 1) {
            continue;
        }
        bool composite = true;
        for (int i = 1; i < r && composite; i++) {
            x = mul(x, x);
            composite = x != n - 1;
        }
        if (composite) {
            return false;
        }
    }
    return true;
}

uint64_t ntt_prime_at_least(int bits, int log_n) {
    const uint64_t two_n = 2ull << log_n;
    uint64_t q = ((1ull << bits) / two_n) * two_n + 1;
    while (!is_prime(q)) {
        q += two_n;
    }
    return q;
}

void ntt_forward_host(const NttTables& tables, uint64_t* a) {
    const uint32_t half = 1u << (tables.log_n - 1);
    const uint64_t q = tables.modulus.value;
    for (uint32_t m = 1, t = half; m <= half; m <<= 1, t >>= 1) {
        for (uint32_t k = 0; k < half; k++) {
            uint32_t j = 0;
            uint32_t group = 0;
            butterfly_position(k, t, j, group);
            ct_butterfly(a[j], a[j + t], tables.psi_rev[m + group], tables.psi_rev_shoup[m + group], q);
        }
    }
}

void ntt_inverse_host(const NttTables& tables, uint64_t* a) {
    const uint32_t half = 1u << (tables.log_n - 1);
    const uint64_t q = tables.modulus.value;
    for (uint32_t m = half, t = 1; m >= 1; m >>= 1, t <<= 1) {
        for (uint32_t k = 0; k < half; k++) {
            uint32_t j = 0;
            uint32_t group = 0;
            butterfly_position(k, t, j, group);
            gs_butterfly(a[j], a[j + t], tables.psi_inv_rev[m + group], tables.psi_inv_rev_shoup[m + group], q);
        }
    }
    for (uint32_t i = 0; i < 2 * half; i++) {
        a[i] = mul_shoup(a[i], tables.n_inv, tables.n_inv_shoup, q);
    }
}

void ntt_tiled_host(const NttTables& tables, uint64_t* a, int tile_log, bool inverse) {
    const uint64_t q = tables.modulus.value;
    const uint32_t n = 1u << tables.log_n;
    NttPhase phases[kMaxNttPhases];
    const int count = ntt_phases(tables.log_n, tile_log, phases);
    for (int step = 0; step < count; step++) {
        const NttPhase& phase = phases[inverse ? count - 1 - step : step];
        const uint32_t size = tile_size(phase);
        std::vector<uint64_t> tile(size);
        for (uint32_t t = 0; t < n / size; t++) {
            for (uint32_t i = 0; i < size; i++) {
                tile[i] = a[tile_element(t, i, tables.log_n, phase)];
            }
            for (int s = 0; s < phase.stages; s++) {
                const int local = inverse ? phase.stages - 1 - s : s;
                for (uint32_t b = 0; b < size / 2; b++) {
                    const TileButterfly f = tile_butterfly(t, b, local, tables.log_n, phase);
                    if (inverse) {
                        gs_butterfly(tile[f.x], tile[f.y], tables.psi_inv_rev[f.twiddle],
                                     tables.psi_inv_rev_shoup[f.twiddle], q);
                    } else {
                        ct_butterfly(tile[f.x], tile[f.y], tables.psi_rev[f.twiddle], tables.psi_rev_shoup[f.twiddle],
                                     q);
                    }
                }
            }
            const bool scale = inverse && phase.first == 0;
            for (uint32_t i = 0; i < size; i++) {
                a[tile_element(t, i, tables.log_n, phase)] =
                    scale ? mul_shoup(tile[i], tables.n_inv, tables.n_inv_shoup, q) : tile[i];
            }
        }
    }
}

BasisConversion make_basis_conversion(const std::vector<Modulus>& source, const std::vector<Modulus>& target) {
    const size_t s = source.size();
    BasisConversion c;
    c.q_hat_inv.resize(s);
    c.q_hat_inv_shoup.resize(s);
    for (size_t i = 0; i < s; i++) {
        uint64_t product = 1;
        for (size_t k = 0; k < s; k++) {
            if (k != i) {
                product = mul_mod(product, source[k].value % source[i].value, source[i]);
            }
        }
        c.q_hat_inv[i] = inverse_mod(product, source[i]);
        c.q_hat_inv_shoup[i] = shoup(c.q_hat_inv[i], source[i].value);
    }
    for (size_t i = 0; i < s; i++) {
        c.source_values.push_back(source[i].value);
    }
    for (size_t j = 0; j < target.size(); j++) {
        uint64_t product = 1;
        for (size_t k = 0; k < s; k++) {
            product = mul_mod(product, source[k].value % target[j].value, target[j]);
        }
        c.q_mod_target.push_back(product);
    }
    c.q_hat_mod_target.resize(target.size() * s);
    c.q_hat_mod_target_shoup.resize(target.size() * s);
    for (size_t j = 0; j < target.size(); j++) {
        for (size_t i = 0; i < s; i++) {
            uint64_t product = 1;
            for (size_t k = 0; k < s; k++) {
                if (k != i) {
                    product = mul_mod(product, source[k].value % target[j].value, target[j]);
                }
            }
            c.q_hat_mod_target[j * s + i] = product;
            c.q_hat_mod_target_shoup[j * s + i] = shoup(product, target[j].value);
        }
    }
    return c;
}

}  // namespace olafhe::arith
