// The C ABI over contexts, rings, polys, timers and the Backend SPI primitives (CUDA build); the whole operations are
// in api_whole_ops.cu. Every call validates shapes (api_internal.cuh), then runs the kernels under the context's lock.
#include "api_internal.cuh"

#include <initializer_list>

using namespace olafhe::api;
namespace kernels = olafhe::kernels;

namespace {

int binary(const char* function, kernels::Binary op, int64_t ha, int64_t hb, int64_t hout) {
    return olafhe::guarded(function, [&] {
        auto a = poly(ha);
        auto b = poly(hb);
        auto out = poly(hout);
        require_limbs(*a, *out, "a");
        require_limbs(*b, *out, "b");
        run(out->context(), [&] { kernels::binary(op, *a, *b, *out); });
    });
}

int scalar(const char* function, bool multiply, int64_t ha, const uint64_t* values, int count, int64_t hout) {
    return olafhe::guarded(function, [&] {
        auto a = poly(ha);
        auto out = poly(hout);
        require_limbs(*a, *out, "a");
        const std::vector<uint64_t> r = residues(out->ring(), values, count);
        run(out->context(), [&] { kernels::scalar(multiply, *a, r, *out); });
    });
}

// Forward / inverse NTT of every limb of out, read from the limb of a with the same modulus: out of place, so a
// distinct output costs no copy first.
template <bool Inverse>
int transform(const char* function, int64_t ha, int64_t hout) {
    return olafhe::guarded(function, [&] {
        auto a = poly(ha);
        auto out = poly(hout);
        require_limbs(*a, *out, "a");
        run(out->context(), [&] {
            kernels::NttLimbs limbs{a->data(), out->data(), kernels::ring_indices(*out), {}, {}};
            for (int r : limbs.ring_of_limb) {
                limbs.src_slot.push_back(a->limb_of(r));
            }
            if constexpr (Inverse) {
                kernels::ntt_inverse(out->ring(), limbs, {}, {});
            } else {
                kernels::ntt_forward(out->ring(), limbs);
            }
        });
    });
}

// X -> X^g on a poly (NTT or coefficient form, as the kernel takes it) into a distinct output.
template <class Automorphism>
int automorphism(const char* function, const char* op, int64_t ha, int64_t galois_element, int64_t hout,
                 Automorphism kernel) {
    return olafhe::guarded(function, [&] {
        auto a = poly(ha);
        auto out = poly(hout);
        require_limbs(*a, *out, "a");
        require_distinct(*a, *out, op);
        const uint64_t g = galois(out->ring(), galois_element);
        run(out->context(), [&] { kernel(*a, g, *out); });
    });
}

}  // namespace

extern "C" {

OLAFHE_API int olafhe_context_create(int device, int64_t* context) {
    return olafhe::guarded("olafhe_context_create", [&] {
        require(context != nullptr, "context is null");
        *context = contexts().add(std::make_shared<Context>(device));
    });
}

OLAFHE_API int olafhe_context_destroy(int64_t context) {
    return olafhe::guarded("olafhe_context_destroy", [&] { contexts().remove(context).reset(); });
}

OLAFHE_API int olafhe_context_synchronize(int64_t context) {
    return olafhe::guarded("olafhe_context_synchronize", [&] {
        auto c = contexts().get(context);
        run(*c, [&] { OLAFHE_CUDA_CHECK(cudaStreamSynchronize(c->stream())); });
    });
}

OLAFHE_API int olafhe_context_memory(int64_t context, uint64_t* in_use, uint64_t* cached, uint64_t* peak) {
    return olafhe::guarded("olafhe_context_memory", [&] {
        require(in_use != nullptr && cached != nullptr && peak != nullptr, "output is null");
        auto c = contexts().get(context);
        std::lock_guard<std::mutex> lock(c->mutex());
        *in_use = c->pool().bytes_in_use();
        *cached = c->pool().bytes_cached();
        *peak = c->pool().peak_bytes();
    });
}

OLAFHE_API int olafhe_context_counters(int64_t context, uint64_t* values, int capacity, int* count) {
    return olafhe::guarded("olafhe_context_counters", [&] {
        require(values != nullptr && count != nullptr && capacity >= 0, "values or count is null");
        auto c = contexts().get(context);
        std::lock_guard<std::mutex> lock(c->mutex());
        for (int i = 0; i < capacity && i < OLAFHE_COUNTER_COUNT; i++) {
            values[i] = c->counters().value(i);
        }
        *count = OLAFHE_COUNTER_COUNT;
    });
}

OLAFHE_API int olafhe_context_counters_reset(int64_t context) {
    return olafhe::guarded("olafhe_context_counters_reset", [&] {
        auto c = contexts().get(context);
        std::lock_guard<std::mutex> lock(c->mutex());
        c->counters().reset();
    });
}

OLAFHE_API int olafhe_ring_create(int64_t context, int log_n, const uint64_t* moduli, const uint64_t* psi,
                                  int q_total, int p_total, int64_t* ring) {
    return olafhe::guarded("olafhe_ring_create", [&] {
        require(moduli != nullptr && psi != nullptr && ring != nullptr, "moduli, psi or ring is null");
        auto c = contexts().get(context);
        std::shared_ptr<Ring> created;
        run(*c, [&] { created = std::make_shared<Ring>(c, log_n, moduli, psi, q_total, p_total); });
        *ring = rings().add(std::move(created));
    });
}

OLAFHE_API int olafhe_ring_destroy(int64_t ring) {
    return olafhe::guarded("olafhe_ring_destroy", [&] {
        auto r = rings().remove(ring);
        auto keep = r->context_shared();
        destroy(std::move(r), std::move(keep));
    });
}

OLAFHE_API int olafhe_poly_create(int64_t ring, int q_count, int p_count, int64_t* poly_handle) {
    return olafhe::guarded("olafhe_poly_create", [&] {
        require(poly_handle != nullptr, "poly is null");
        auto r = rings().get(ring);
        std::shared_ptr<Poly> created;
        run(r->context(), [&] { created = std::make_shared<Poly>(r, q_count, p_count); });
        *poly_handle = polys().add(std::move(created));
    });
}

OLAFHE_API int olafhe_poly_views(int64_t poly_handle, int count, const int* q_counts, const int* p_counts,
                                 int64_t* views) {
    return olafhe::guarded("olafhe_poly_views", [&] {
        require(count >= 0 && (count == 0 || (q_counts != nullptr && p_counts != nullptr && views != nullptr)),
                "views: null arrays");
        std::shared_ptr<const Poly> base = poly(poly_handle);
        std::vector<std::shared_ptr<Poly>> made;
        run(base->context(), [&] {  // no device work: the lock only guards the call counter
            for (int r = 0; r < count; r++) {
                made.push_back(std::make_shared<Poly>(base, q_counts[r], p_counts[r]));
            }
        });
        for (int r = 0; r < count; r++) {
            views[r] = polys().add(std::move(made[r]));
        }
    });
}

OLAFHE_API int olafhe_poly_destroy(int64_t poly_handle) {
    return olafhe::guarded("olafhe_poly_destroy", [&] {
        auto p = polys().remove(poly_handle);
        auto keep = p->ring().context_shared();
        destroy(std::move(p), std::move(keep));
    });
}

OLAFHE_API int olafhe_poly_upload(int64_t poly_handle, const uint64_t* values, int64_t count) {
    return olafhe::guarded("olafhe_poly_upload", [&] {
        auto p = poly(poly_handle);
        const uint32_t n = p->ring().n();
        require(values != nullptr && count == static_cast<int64_t>(p->limbs()) * n,
                "expected " + std::to_string(static_cast<int64_t>(p->limbs()) * n) + " residues (" + shape(*p)
                    + " limbs of N=" + std::to_string(n) + "), got " + std::to_string(count));
        for (int l = 0; l < p->limbs(); l++) {
            const uint64_t q = p->ring().modulus(p->ring_index(l)).value;
            for (uint32_t i = 0; i < n; i++) {
                const uint64_t v = values[static_cast<size_t>(l) * n + i];
                require(v < q, "residue " + std::to_string(v) + " of limb " + std::to_string(l) + " is not below "
                                   + std::to_string(q));
            }
        }
        Context& c = p->context();
        run(c, [&] { c.staging().upload(p->data(), values, static_cast<size_t>(count), c.stream()); });
    });
}

OLAFHE_API int olafhe_poly_download(int64_t poly_handle, uint64_t* values, int64_t count) {
    return olafhe::guarded("olafhe_poly_download", [&] {
        auto p = poly(poly_handle);
        require(values != nullptr && count == static_cast<int64_t>(p->limbs()) * p->ring().n(),
                "download buffer has " + std::to_string(count) + " words, the poly "
                    + std::to_string(static_cast<int64_t>(p->limbs()) * p->ring().n()));
        Context& c = p->context();
        run(c, [&] { c.staging().download(values, p->data(), static_cast<size_t>(count), c.stream()); });
    });
}

OLAFHE_API int olafhe_timer_create(int64_t context, int64_t* timer) {
    return olafhe::guarded("olafhe_timer_create", [&] {
        require(timer != nullptr, "timer is null");
        auto c = contexts().get(context);
        std::shared_ptr<Timer> created;
        run(*c, [&] { created = std::make_shared<Timer>(c); });
        *timer = timers().add(std::move(created));
    });
}

OLAFHE_API int olafhe_timer_destroy(int64_t timer) {
    return olafhe::guarded("olafhe_timer_destroy", [&] {
        auto t = timers().remove(timer);
        auto keep = t->context_shared();
        destroy(std::move(t), std::move(keep));
    });
}

OLAFHE_API int olafhe_timer_start(int64_t timer) {
    return olafhe::guarded("olafhe_timer_start", [&] {
        auto t = timers().get(timer);
        run(*t->context_shared(), [&] { t->start(); });
    });
}

OLAFHE_API int olafhe_timer_stop(int64_t timer) {
    return olafhe::guarded("olafhe_timer_stop", [&] {
        auto t = timers().get(timer);
        run(*t->context_shared(), [&] { t->stop(); });
    });
}

OLAFHE_API int olafhe_timer_elapsed_ms(int64_t timer, double* milliseconds) {
    return olafhe::guarded("olafhe_timer_elapsed_ms", [&] {
        require(milliseconds != nullptr, "milliseconds is null");
        auto t = timers().get(timer);
        double elapsed = 0;
        run(*t->context_shared(), [&] { elapsed = t->elapsed_ms(); });
        *milliseconds = elapsed;
    });
}

OLAFHE_API int olafhe_copy(int64_t src, int64_t dst) {
    return olafhe::guarded("olafhe_copy", [&] {
        auto s = poly(src);
        auto d = poly(dst);
        same_ring(*s, *d);
        if (s != d) {
            run(d->context(), [&] { kernels::copy_limbs(*s, *d); });
        }
    });
}

OLAFHE_API int olafhe_add(int64_t a, int64_t b, int64_t out) {
    return binary("olafhe_add", kernels::Binary::Add, a, b, out);
}
OLAFHE_API int olafhe_sub(int64_t a, int64_t b, int64_t out) {
    return binary("olafhe_sub", kernels::Binary::Sub, a, b, out);
}
OLAFHE_API int olafhe_mul(int64_t a, int64_t b, int64_t out) {
    return binary("olafhe_mul", kernels::Binary::Mul, a, b, out);
}
OLAFHE_API int olafhe_mul_add(int64_t a, int64_t b, int64_t acc) {
    return binary("olafhe_mul_add", kernels::Binary::MulAdd, a, b, acc);
}

OLAFHE_API int olafhe_neg(int64_t ha, int64_t hout) {
    return olafhe::guarded("olafhe_neg", [&] {
        auto a = poly(ha);
        auto out = poly(hout);
        require_limbs(*a, *out, "a");
        run(out->context(), [&] { kernels::negate(*a, *out); });
    });
}

OLAFHE_API int olafhe_mul_scalar(int64_t a, const uint64_t* residues_, int count, int64_t out) {
    return scalar("olafhe_mul_scalar", true, a, residues_, count, out);
}
OLAFHE_API int olafhe_add_scalar(int64_t a, const uint64_t* residues_, int count, int64_t out) {
    return scalar("olafhe_add_scalar", false, a, residues_, count, out);
}

OLAFHE_API int olafhe_tensor(int64_t a0, int64_t a1, int64_t b0, int64_t b1, int64_t d0, int64_t d1, int64_t d2) {
    return olafhe::guarded("olafhe_tensor", [&] {
        std::shared_ptr<Poly> in[] = {poly(a0), poly(a1), poly(b0), poly(b1)};
        std::shared_ptr<Poly> out[] = {poly(d0), poly(d1), poly(d2)};
        for (auto& o : out) {
            same_shape(*o, *out[0], "tensor outputs");
            for (auto& i : in) {
                require_limbs(*i, *o, "of tensor");
                require_distinct(*i, *o, "tensor");
            }
        }
        run(out[0]->context(), [&] { kernels::tensor(*in[0], *in[1], *in[2], *in[3], *out[0], *out[1], *out[2]); });
    });
}

OLAFHE_API int olafhe_ntt(int64_t a, int64_t out) {
    return transform<false>("olafhe_ntt", a, out);
}
OLAFHE_API int olafhe_intt(int64_t a, int64_t out) {
    return transform<true>("olafhe_intt", a, out);
}

OLAFHE_API int olafhe_automorphism_ntt(int64_t ha, int64_t galois_element, int64_t hout) {
    return automorphism("olafhe_automorphism_ntt", "automorphismNtt", ha, galois_element, hout,
                        kernels::automorphism_ntt);
}

OLAFHE_API int olafhe_automorphism_coeff(int64_t ha, int64_t galois_element, int64_t hout) {
    return automorphism("olafhe_automorphism_coeff", "automorphismCoeff", ha, galois_element, hout,
                        kernels::automorphism_coeff);
}

OLAFHE_API int olafhe_rescale_ntt(int64_t ha, int64_t hout) {
    return olafhe::guarded("olafhe_rescale_ntt", [&] {
        auto a = poly(ha);
        auto out = poly(hout);
        same_ring(*a, *out);
        require_distinct(*a, *out, "rescaleNtt");
        require(a->p_count() == 0 && out->p_count() == 0 && a->q_count() >= 2 && out->q_count() == a->q_count() - 1,
                "rescaleNtt: input needs Q limbs 0..l (l >= 1), output 0..l-1; got " + shape(*a) + " -> " + shape(*out));
        run(out->context(), [&] { kernels::rescale_ntt(*a, *out); });
    });
}

OLAFHE_API int olafhe_mod_raise(int64_t ha, int64_t hout) {
    return olafhe::guarded("olafhe_mod_raise", [&] {
        auto a = poly(ha);
        auto out = poly(hout);
        same_ring(*a, *out);
        require(a->q_count() == 1 && a->p_count() == 0, "modRaise: input must hold exactly the q_0 limb, has " + shape(*a));
        run(out->context(), [&] { kernels::mod_raise(*a, *out); });
    });
}

OLAFHE_API int olafhe_mod_up(int64_t hin, int first_limb, int limb_count, int64_t hout) {
    return olafhe::guarded("olafhe_mod_up", [&] {
        auto in = poly(hin);
        auto out = poly(hout);
        same_ring(*in, *out);
        require_distinct(*in, *out, "modUp");
        require(first_limb >= 0 && limb_count >= 1 && first_limb + limb_count <= in->q_count() && in->p_count() == 0,
                "modUp: digit [" + std::to_string(first_limb) + ", " + std::to_string(first_limb + limb_count)
                    + ") is not inside the input's Q limbs (" + shape(*in) + ")");
        require(out->q_count() >= first_limb + limb_count, "modUp: the output (" + shape(*out)
                                                               + ") lacks Q limbs of the digit it extends");
        run(out->context(), [&] { kernels::mod_up(*in, first_limb, limb_count, *out); });
    });
}

OLAFHE_API int olafhe_inner_product(const int64_t* digits, int digit_count, const int64_t* key_b,
                                    const int64_t* key_a, int key_digits, int64_t hout0, int64_t hout1) {
    return olafhe::guarded("olafhe_inner_product", [&] {
        require(digits != nullptr && key_b != nullptr && key_a != nullptr, "digit or key arrays are null");
        require(digit_count >= 1 && digit_count <= key_digits,
                "innerProduct: " + std::to_string(digit_count) + " digits for a key with " + std::to_string(key_digits)
                    + " digits");
        auto out0 = poly(hout0);
        auto out1 = poly(hout1);
        same_shape(*out0, *out1, "innerProduct outputs");
        same_ring(*out0, *out1);
        std::vector<std::shared_ptr<Poly>> keep;
        std::vector<const Poly*> d, b, a;
        for (int j = 0; j < digit_count; j++) {
            keep.push_back(poly(digits[j]));
            d.push_back(keep.back().get());
            keep.push_back(poly(key_b[j]));
            b.push_back(keep.back().get());
            keep.push_back(poly(key_a[j]));
            a.push_back(keep.back().get());
            require_limbs(*d.back(), *out0, "digit");
            require_limbs(*b.back(), *out0, "keyB");
            require_limbs(*a.back(), *out0, "keyA");
        }
        run(out0->context(), [&] { kernels::inner_product(d, b, a, *out0, *out1); });
    });
}

OLAFHE_API int olafhe_mod_down(int64_t hin, int64_t hout) {
    return olafhe::guarded("olafhe_mod_down", [&] {
        auto in = poly(hin);
        auto out = poly(hout);
        same_ring(*in, *out);
        require_distinct(*in, *out, "modDown");
        const int k = out->ring().p_total();
        require(in->p_count() == k && k > 0 && out->p_count() == 0 && out->q_count() <= in->q_count(),
                "modDown: input needs all " + std::to_string(k) + " P limbs and at least the output's Q limbs; got "
                    + shape(*in) + " -> " + shape(*out));
        run(out->context(), [&] { kernels::mod_down(*in, *out); });
    });
}

}  // extern "C"
