// Host tests of the kernel arithmetic (no GPU): the __host__ __device__ functions of modarith.h and the host
// tables are checked bit for bit against vectors that dev.olafhe.math produced
// (java/src/test/java/dev/olafhe/backend/cuda/NativeArithmeticVectorsTest.java writes and re-checks them),
// plus self-contained round trips and edge cases.
#include "arith/host_tables.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace olafhe::arith;

namespace {
int failures = 0;
int checks = 0;

void expect_equal(uint64_t expected, uint64_t actual, const std::string& what) {
    checks++;
    if (expected != actual) {
        if (failures < 20) {
            std::cerr << "MISMATCH " << what << ": expected " << expected << ", got " << actual << "\n";
        }
        failures++;
    }
}

std::vector<uint64_t> read(std::istringstream& in, size_t count) {
    std::vector<uint64_t> v(count);
    for (auto& x : v) {
        in >> x;
    }
    return v;
}

void check_line(const std::string& line, int number) {
    std::istringstream in(line);
    std::string kind;
    in >> kind;
    const std::string where = "line " + std::to_string(number) + " (" + kind + ")";
    if (kind == "mul") {
        uint64_t q, a, b, expected;
        in >> q >> a >> b >> expected;
        expect_equal(expected, mul_mod(a, b, make_modulus(q)), where);
    } else if (kind == "shoup") {
        uint64_t q, w, w_shoup, a, expected;
        in >> q >> w >> w_shoup >> a >> expected;
        expect_equal(w_shoup, shoup(w, q), where + " constant");
        expect_equal(expected, mul_shoup(a, w, w_shoup, q), where);
    } else if (kind == "ntt" || kind == "intt") {
        uint64_t q, psi;
        int log_n;
        in >> q >> log_n >> psi;
        const size_t n = size_t{1} << log_n;
        std::vector<uint64_t> data = read(in, n);
        const std::vector<uint64_t> expected = read(in, n);
        const NttTables tables = make_ntt_tables(q, psi, log_n);
        // the kernels' tiled schedule, for every tile size (one phase up to one stage per phase)
        for (int tile_log = 1; tile_log <= log_n + 1; tile_log++) {
            std::vector<uint64_t> tiled = data;
            ntt_tiled_host(tables, tiled.data(), tile_log, kind == "intt");
            for (size_t i = 0; i < n; i++) {
                expect_equal(expected[i], tiled[i],
                             where + " tiles of 2^" + std::to_string(tile_log) + ", slot " + std::to_string(i));
            }
        }
        if (kind == "ntt") {
            ntt_forward_host(tables, data.data());
        } else {
            ntt_inverse_host(tables, data.data());
        }
        for (size_t i = 0; i < n; i++) {
            expect_equal(expected[i], data[i], where + " slot " + std::to_string(i));
        }
    } else if (kind == "perm") {
        int log_n;
        uint64_t g;
        in >> log_n >> g;
        const std::vector<uint64_t> expected = read(in, size_t{1} << log_n);
        for (uint32_t k = 0; k < expected.size(); k++) {
            expect_equal(expected[k], automorphism_ntt_source(k, log_n, g), where + " slot " + std::to_string(k));
        }
    } else if (kind == "bconv") {
        size_t s, t;
        in >> s >> t;
        std::vector<Modulus> source, target;
        for (uint64_t q : read(in, s)) {
            source.push_back(make_modulus(q));
        }
        for (uint64_t q : read(in, t)) {
            target.push_back(make_modulus(q));
        }
        const std::vector<uint64_t> x = read(in, s);
        const std::vector<uint64_t> expected = read(in, t);
        const BasisConversion c = make_basis_conversion(source, target);
        std::vector<uint64_t> scaled(s);
        for (size_t i = 0; i < s; i++) {
            scaled[i] = mul_shoup(x[i], c.q_hat_inv[i], c.q_hat_inv_shoup[i], source[i].value);
        }
        for (size_t j = 0; j < t; j++) {
            expect_equal(expected[j],
                         conversion_sum(scaled.data(), 1, static_cast<int>(s), &c.q_hat_mod_target[j * s],
                                        &c.q_hat_mod_target_shoup[j * s], target[j].value),
                         where + " target " + std::to_string(j));
        }
    } else {
        std::cerr << "unknown vector kind at " << where << "\n";
        failures++;
    }
}

void self_contained_checks() {
    // Barrett at the edges: (q-1)^2 is the largest product of residues
    for (uint64_t q : {3ull, 65537ull, 2305843009213693951ull /* 2^61 - 1, the widest modulus */}) {
        const Modulus m = make_modulus(q);
        const u128 big = static_cast<u128>(q - 1) * (q - 1);
        expect_equal(static_cast<uint64_t>(big % q), mul_mod(q - 1, q - 1, m), "Barrett (q-1)^2 mod " + std::to_string(q));
    }
    // lazily summed products (the inner product's accumulator) against 128-bit division, for a test-size
    // modulus (division path) and Barrett-size ones, up to the 32 products allowed between folds
    std::mt19937_64 sums(11);
    for (uint64_t q : {65537ull, 4294967311ull, 1125899906842817ull, 2305843009213693921ull, 2305843009213693951ull}) {
        const Modulus m = make_modulus(q);
        for (int trial = 0; trial < 2000; trial++) {
            const int count = 1 + trial % 32;
            uint64_t hi = 0, lo = 0;
            uint64_t expected = 0;
            for (int k = 0; k < count; k++) {
                const uint64_t a = trial < 10 ? q - 1 : sums() % q;
                const uint64_t b = trial < 10 ? q - 1 : sums() % q;
                add_product(a, b, hi, lo);
                expected = static_cast<uint64_t>((static_cast<u128>(expected) + static_cast<u128>(a) * b % q) % q);
            }
            expect_equal(expected, fold_sum(hi, lo, m), "sum of " + std::to_string(count) + " products mod " + std::to_string(q));
        }
    }
    // random products against 128-bit division
    std::mt19937_64 rng(7);
    const uint64_t q = 2305843009213693951ull;
    const Modulus m = make_modulus(q);
    for (int i = 0; i < 100000; i++) {
        const uint64_t a = rng() % q;
        const uint64_t b = rng() % q;
        expect_equal(static_cast<uint64_t>(static_cast<u128>(a) * b % q), mul_mod(a, b, m), "random Barrett");
    }
}
// The kernels' schedule at the sizes they run (2^11-word tiles, logN 12..17: several phases with rows > 1),
// against the reference transforms, which the Java vectors pin down at small sizes; plus the round trip.
void large_ring_schedule_checks() {
    std::mt19937_64 rng(5);
    for (int log_n : {12, 16, 17}) {
        const uint64_t two_n = 2ull << log_n;
        const uint64_t q = ntt_prime_at_least(60, log_n);
        const Modulus m = make_modulus(q);
        uint64_t psi = 0;
        for (uint64_t g = 2; psi == 0; g++) {
            const uint64_t candidate = pow_mod(g, (q - 1) / two_n, m);
            if (pow_mod(candidate, two_n / 2, m) == q - 1) {  // order exactly 2N
                psi = candidate;
            }
        }
        const NttTables tables = make_ntt_tables(q, psi, log_n);
        std::vector<uint64_t> x(size_t{1} << log_n);
        for (auto& v : x) {
            v = rng() % q;
        }
        std::vector<uint64_t> reference = x;
        ntt_forward_host(tables, reference.data());
        for (int tile_log : {4, 11}) {
            std::vector<uint64_t> tiled = x;
            ntt_tiled_host(tables, tiled.data(), tile_log, false);
            const std::string where = "logN " + std::to_string(log_n) + " tiles 2^" + std::to_string(tile_log);
            for (size_t i = 0; i < x.size(); i++) {
                expect_equal(reference[i], tiled[i], where + " forward slot " + std::to_string(i));
            }
            ntt_tiled_host(tables, tiled.data(), tile_log, true);
            for (size_t i = 0; i < x.size(); i++) {
                expect_equal(x[i], tiled[i], where + " round trip slot " + std::to_string(i));
            }
        }
    }
}
}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: arith_test VECTORS_FILE\n";
        return 2;
    }
    std::ifstream file(argv[1]);
    if (!file) {
        std::cerr << "cannot read " << argv[1] << "\n";
        return 2;
    }
    std::string line;
    int number = 0;
    int vectors = 0;
    while (std::getline(file, line)) {
        number++;
        if (line.empty() || line[0] == '#') {
            continue;
        }
        check_line(line, number);
        vectors++;
    }
    self_contained_checks();
    large_ring_schedule_checks();
    std::printf("arith_test: %d vectors from %s, %d checks, %d failures\n", vectors, argv[1], checks, failures);
    return failures == 0 && vectors > 0 ? 0 : 1;
}
