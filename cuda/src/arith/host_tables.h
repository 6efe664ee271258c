// Host-side precomputation for the kernels (plain C++): Barrett/Shoup constants, NTT twiddle tables in the
// layout of dev.olafhe.math.NttTables, basis-conversion constants, and host reference transforms built from
// the same butterflies and index maps the kernels use (so the host tests cover the kernels' arithmetic).
#ifndef OLAFHE_HOST_TABLES_H
#define OLAFHE_HOST_TABLES_H

#include "modarith.h"
#include "ntt_schedule.h"

#include <cstdint>
#include <vector>

namespace olafhe::arith {

/** Validates q (prime below 2^61 is the caller's promise; range checked here) and computes its constants. */
Modulus make_modulus(uint64_t q);

/** floor(w * 2^64 / q) for w in [0, q) (Modulus.shoup). */
uint64_t shoup(uint64_t w, uint64_t q);

uint64_t pow_mod(uint64_t base, uint64_t exponent, const Modulus& m);

/** a^-1 mod q for prime q (a^(q-2)); a must be non-zero mod q. */
uint64_t inverse_mod(uint64_t a, const Modulus& m);

/** Deterministic Miller-Rabin for 64-bit n (host tests and tools pick their own NTT-friendly primes). */
bool is_prime(uint64_t n);

/** The smallest prime q >= 2^bits with q = 1 mod 2N (an NTT-friendly modulus for ring degree N = 2^log_n). */
uint64_t ntt_prime_at_least(int bits, int log_n);

/** Twiddles of one modulus: psi^bitrev(i) and psi^-bitrev(i) in bit-reversed order, with Shoup constants. */
struct NttTables {
    Modulus modulus;
    int log_n;
    std::vector<uint64_t> psi_rev, psi_rev_shoup, psi_inv_rev, psi_inv_rev_shoup;
    uint64_t n_inv, n_inv_shoup;
};

/** Builds the tables for the primitive 2N-th root psi (Java passes Primes.smallestPrimitiveRoot2N). */
NttTables make_ntt_tables(uint64_t q, uint64_t psi, int log_n);

/** Host reference forward NTT (natural order in, bit-reversed out), same stage schedule as the kernel. */
void ntt_forward_host(const NttTables& tables, uint64_t* a);

/** Host reference inverse NTT (bit-reversed in, natural out, times N^-1). */
void ntt_inverse_host(const NttTables& tables, uint64_t* a);

/**
 * The kernels' tiled schedule (ntt_schedule.h) run on the host, tile after tile, for the host tests: same
 * result as ntt_forward_host / ntt_inverse_host for every tile_log >= 1.
 */
void ntt_tiled_host(const NttTables& tables, uint64_t* a, int tile_log, bool inverse);

/**
 * Constants of the fast basis conversion from source moduli to target moduli (BasisConverter.java):
 * q_hat_inv[i] = (Q/q_i)^-1 mod q_i and q_hat_mod_target[j*s + i] = (Q/q_i) mod m_j, with Shoup constants;
 * source_values[i] = q_i and q_mod_target[j] = Q mod m_j (removing the conversion's excess u·Q, BasisConverter.overflow).
 */
struct BasisConversion {
    std::vector<uint64_t> q_hat_inv, q_hat_inv_shoup;
    std::vector<uint64_t> q_hat_mod_target, q_hat_mod_target_shoup;
    std::vector<uint64_t> source_values, q_mod_target;
};

BasisConversion make_basis_conversion(const std::vector<Modulus>& source, const std::vector<Modulus>& target);

}  // namespace olafhe::arith

#endif
