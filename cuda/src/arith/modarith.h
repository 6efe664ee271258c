// Modular arithmetic on 64-bit RNS words, shared by the CUDA kernels (__device__) and the host tests.
//
// Every function reproduces dev.olafhe.math.Modulus / dev.olafhe.math.NttTables exactly (same Barrett
// and Shoup formulas, same bit widths), so results are bit-identical to the Java backend. Moduli are primes
// below 2^61 (Modulus.MAX_BITS): three bits of head room for lazy sums and Barrett error terms.
#ifndef OLAFHE_MODARITH_H
#define OLAFHE_MODARITH_H

#include <cstdint>

#if defined(__CUDACC__)
#define OLAFHE_HD __host__ __device__ __forceinline__
#else
#define OLAFHE_HD inline
#endif

namespace olafhe::arith {

__extension__ typedef unsigned __int128 u128;  // GCC/nvcc extension; __extension__ keeps -Wpedantic quiet

/** One modulus with its Barrett constant: barrett_mu = floor(2^(2*bits) / q), as in Modulus.java. */
struct Modulus {
    uint64_t value;
    uint64_t barrett_mu;
    int bits;
};

/** High 64 bits of the unsigned 128-bit product a*b. */
OLAFHE_HD uint64_t mul_hi(uint64_t a, uint64_t b) {
#if defined(__CUDA_ARCH__)
    return __umul64hi(a, b);
#else
    return static_cast<uint64_t>((static_cast<u128>(a) * b) >> 64);
#endif
}

OLAFHE_HD uint64_t add_mod(uint64_t a, uint64_t b, uint64_t q) {
    uint64_t s = a + b;
    return s >= q ? s - q : s;
}

OLAFHE_HD uint64_t sub_mod(uint64_t a, uint64_t b, uint64_t q) {
    return a >= b ? a - b : a + q - b;
}

OLAFHE_HD uint64_t neg_mod(uint64_t a, uint64_t q) {
    return a == 0 ? 0 : q - a;
}

/**
 * Barrett reduction of the unsigned 128-bit value hi*2^64 + lo < q^2 (Modulus.reduce128): the quotient
 * estimate is at most 2 too small, hence two conditional subtractions.
 */
OLAFHE_HD uint64_t reduce128(uint64_t hi, uint64_t lo, const Modulus& m) {
    const int k = m.bits;
    const uint64_t x_shifted = (hi << (65 - k)) | (lo >> (k - 1));  // x >> (k-1) < 2^(k+1)
    const uint64_t p_hi = mul_hi(x_shifted, m.barrett_mu);
    const uint64_t p_lo = x_shifted * m.barrett_mu;
    const uint64_t quotient = (p_hi << (63 - k)) | (p_lo >> (k + 1));
    uint64_t r = lo - quotient * m.value;  // exact: the true remainder is below 3q < 2^63
    if (r >= m.value) {
        r -= m.value;
    }
    if (r >= m.value) {
        r -= m.value;
    }
    return r;
}

/** a*b mod q for residues a, b in [0, q) (Modulus.mul). */
OLAFHE_HD uint64_t mul_mod(uint64_t a, uint64_t b, const Modulus& m) {
    return reduce128(mul_hi(a, b), a * b, m);
}

/** v mod q for any 64-bit v: Barrett when q >= 2^32 (then v < 2^64 <= q^2), a division for small test moduli. */
OLAFHE_HD uint64_t reduce64(uint64_t v, const Modulus& m) {
    return m.bits > 32 ? reduce128(0, v, m) : v % m.value;
}

/**
 * A lazily reduced sum of products: (hi, lo) += a*b without any modular reduction, for the key-switching inner
 * product (one reduction per coefficient instead of one per product). Products of residues are below 2^122, so
 * up to 32 of them fit before fold_sum must be called.
 */
OLAFHE_HD void add_product(uint64_t a, uint64_t b, uint64_t& hi, uint64_t& lo) {
    const uint64_t p_lo = a * b;
    lo += p_lo;
    hi += mul_hi(a, b) + (lo < p_lo ? 1 : 0);
}

/** (hi * 2^64 + lo) mod q for any 128-bit value: hi * (2^64 mod q) + lo, each part reduced first. */
OLAFHE_HD uint64_t fold_sum(uint64_t hi, uint64_t lo, const Modulus& m) {
    const uint64_t two_64 = reduce64(0 - m.value, m);  // 2^64 - q = 2^64 mod q
    return add_mod(mul_mod(reduce64(hi, m), two_64, m), reduce64(lo, m), m.value);
}

/** a*w mod q in [0, 2q) with w's Shoup constant floor(w*2^64/q); any a < 2^64 (Modulus.mulShoupLazy). */
OLAFHE_HD uint64_t mul_shoup_lazy(uint64_t a, uint64_t w, uint64_t w_shoup, uint64_t q) {
    return a * w - mul_hi(a, w_shoup) * q;
}

/** a*w mod q in [0, q) (Modulus.mulShoup). */
OLAFHE_HD uint64_t mul_shoup(uint64_t a, uint64_t w, uint64_t w_shoup, uint64_t q) {
    const uint64_t r = mul_shoup_lazy(a, w, w_shoup, q);
    return r >= q ? r - q : r;
}

/** Cooley-Tukey butterfly of the forward NTT: (x, y) -> (x + w*y, x - w*y), fully reduced. */
OLAFHE_HD void ct_butterfly(uint64_t& x, uint64_t& y, uint64_t w, uint64_t w_shoup, uint64_t q) {
    const uint64_t v = mul_shoup(y, w, w_shoup, q);
    const uint64_t u = x;
    x = add_mod(u, v, q);
    y = sub_mod(u, v, q);
}

/** Gentleman-Sande butterfly of the inverse NTT: (x, y) -> (x + y, (x - y)*w), fully reduced. */
OLAFHE_HD void gs_butterfly(uint64_t& x, uint64_t& y, uint64_t w, uint64_t w_shoup, uint64_t q) {
    const uint64_t u = x;
    const uint64_t v = y;
    x = add_mod(u, v, q);
    y = mul_shoup(sub_mod(u, v, q), w, w_shoup, q);
}

/**
 * Index map of butterfly k (0 <= k < N/2) in the stage with m groups of half-size t (m * t = N/2), shared by
 * the forward stages (m = 1, 2, .., N/2; twiddle psi_rev[m + group]) and the inverse stages (m = N/2, .., 1;
 * twiddle psi_inv_rev[m + group]): the butterfly pairs a[j] with a[j + t].
 */
OLAFHE_HD void butterfly_position(uint32_t k, uint32_t t, uint32_t& j, uint32_t& group) {
    group = k / t;
    j = 2 * group * t + (k - group * t);
}

/** Bit reversal of the low `bits` bits. */
OLAFHE_HD uint32_t bit_reverse(uint32_t x, int bits) {
#if defined(__CUDA_ARCH__)
    return __brev(x) >> (32 - bits);
#else
    uint32_t r = 0;
    for (int i = 0; i < bits; i++) {
        r = (r << 1) | ((x >> i) & 1u);
    }
    return r;
#endif
}

/**
 * Source slot of NTT slot k under X -> X^g (NttTables.automorphismNttPermutation): out[k] = in[result].
 * Slot k evaluates at psi^(2*bitrev(k)+1); the automorphism moves exponent e to g*e mod 2N. g must be odd.
 */
OLAFHE_HD uint32_t automorphism_ntt_source(uint32_t k, int log_n, uint64_t g) {
    const uint64_t mask = (2ull << log_n) - 1;  // mod 2N, a power of two
    const uint64_t e = 2ull * bit_reverse(k, log_n) + 1;
    const uint64_t ge = ((g & mask) * e) & mask;
    return bit_reverse(static_cast<uint32_t>((ge - 1) >> 1), log_n);
}

/**
 * Second step of the fast basis conversion for one coefficient and one target modulus m
 * (BasisConverter.accumulateTarget): sum over i of scaled[i*stride] * (Q/q_i mod m), accumulated lazily
 * below 2m with w_shoup = Shoup constants of the (Q/q_i mod m); the scaled values are residues mod q_i,
 * not reduced mod m (Shoup multiplication accepts any 64-bit input).
 */
OLAFHE_HD uint64_t conversion_sum(const uint64_t* scaled, uint64_t stride, int count, const uint64_t* w,
                                  const uint64_t* w_shoup, uint64_t m) {
    const uint64_t two_m = 2 * m;
    uint64_t acc = 0;
    for (int i = 0; i < count; i++) {
        acc += mul_shoup_lazy(scaled[i * stride], w[i], w_shoup[i], m);  // each term < 2m, acc < 4m < 2^63
        if (acc >= two_m) {
            acc -= two_m;
        }
    }
    return acc >= m ? acc - m : acc;
}

}  // namespace olafhe::arith

#endif
