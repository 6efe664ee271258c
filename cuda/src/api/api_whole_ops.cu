// The C ABI of the SPI's whole operations (CUDA build): one call each, every stage on the device, no host round trip
// (kernels/whole_ops.cu, kernels/whole_rotations.cu). Shapes are validated here with messages that say what is wrong.
#include "api_internal.cuh"

#include <algorithm>

using namespace olafhe::api;
namespace kernels = olafhe::kernels;

static_assert(static_cast<int>(kernels::Binary::Add) == OLAFHE_PARTS_ADD
                  && static_cast<int>(kernels::Binary::Sub) == OLAFHE_PARTS_SUB
                  && static_cast<int>(kernels::Binary::Mul) == OLAFHE_PARTS_MUL
                  && static_cast<int>(kernels::Binary::MulAdd) == OLAFHE_PARTS_MUL_ADD,
              "olafhe_binary_parts passes its op code as the kernels' Binary");

namespace {

/** Polys of one call, kept alive until it returns. */
class Handles {
public:
    const Poly* take(int64_t handle) {
        keep_.push_back(poly(handle));
        return keep_.back().get();
    }
    std::vector<const Poly*> take(const int64_t* handles, int count, const char* what) {
        require(handles != nullptr && count >= 1, std::string(what) + ": no polys");
        std::vector<const Poly*> polys;
        for (int i = 0; i < count; i++) {
            polys.push_back(take(handles[i]));
        }
        return polys;
    }

private:
    std::vector<std::shared_ptr<Poly>> keep_;
};

/** Checks that every output has the first one's shape (a launch over parts uses one limb count). */
void one_shape(const std::vector<const Poly*>& out, const char* what) {
    for (const Poly* o : out) {
        same_ring(*o, *out.front());
        same_shape(*o, *out.front(), std::string(what) + " outputs");
    }
}

/** Whether an output aliases another part's input (or a broadcast input of several parts). */
bool crossed(const std::vector<const Poly*>& in, const std::vector<const Poly*>& out) {
    for (size_t i = 0; i < out.size(); i++) {
        for (size_t j = 0; j < in.size(); j++) {
            if (out[i] == in[j] && (in.size() == 1 ? out.size() > 1 : i != j)) {
                return true;
            }
        }
    }
    return false;
}

std::vector<const Poly*> slice(const std::vector<const Poly*>& polys, size_t first, size_t count) {
    if (polys.size() == 1) {
        return polys;  // broadcast
    }
    return std::vector<const Poly*>(polys.begin() + static_cast<std::ptrdiff_t>(first),
                                    polys.begin() + static_cast<std::ptrdiff_t>(first + count));
}

/** Runs op(first, count) over all parts at once, or part by part (the default composition's order) when crossed. */
template <class Op>
void over_parts(bool one_by_one, size_t count, Op op) {
    if (!one_by_one) {
        op(0, count);
        return;
    }
    for (size_t i = 0; i < count; i++) {
        op(i, 1);
    }
}

/**
 * The first `needed` digits of each of `rows` keys (row r at key[r * key_digits ...]), each checked to be a Q u P poly
 * of the ring covering Q limbs 0..limbs-1.
 */
std::vector<std::vector<const Poly*>> key_rows(Handles& h, const int64_t* key, int rows, int key_digits, int needed,
                                               const Poly& like, int limbs, const char* op) {
    require(key != nullptr && needed >= 1 && needed <= key_digits,
            std::string(op) + ": " + std::to_string(needed) + " digits for keys with " + std::to_string(key_digits));
    const int k = like.ring().p_total();
    std::vector<std::vector<const Poly*>> out(static_cast<size_t>(rows));
    for (int r = 0; r < rows; r++) {
        for (int j = 0; j < needed; j++) {
            const Poly* p = h.take(key[static_cast<size_t>(r) * key_digits + j]);
            same_ring(*p, like);
            require(k > 0 && p->q_count() >= limbs && p->p_count() == k,
                    std::string(op) + ": key digit " + std::to_string(j) + " (" + shape(*p) + ") lacks limbs of Q_"
                        + std::to_string(limbs - 1) + " u P");
            out[static_cast<size_t>(r)].push_back(p);
        }
    }
    return out;
}

/** Digits of a decomposition: one shape, Q limbs and every P limb of the ring. */
void check_digits(const std::vector<const Poly*>& digits, const char* op) {
    one_shape(digits, op);
    const Poly& d = *digits.front();
    require(d.p_count() == d.ring().p_total() && d.p_count() > 0,
            std::string(op) + ": digits need every P limb of the ring; got " + shape(d));
}

int digit_count(int limbs, int digit_size) {
    require(digit_size >= 1, "digit size " + std::to_string(digit_size));
    return (limbs + digit_size - 1) / digit_size;
}

std::vector<uint64_t> galois_elements(const Ring& ring, const int64_t* galois, int count) {
    require(galois != nullptr && count >= 1, "no Galois elements");
    std::vector<uint64_t> g;
    for (int r = 0; r < count; r++) {
        g.push_back(olafhe::api::galois(ring, galois[r]));
    }
    return g;
}

/** A linear combination's operands (count runs of `parts` handles, 0: a missing part), factors, constant and outputs. */
struct Combination {
    std::vector<std::vector<const Poly*>> operands;
    std::vector<std::vector<uint64_t>> factors;
    std::vector<uint64_t> constant;
    std::vector<const Poly*> out;
};

// long: one validation per rule of the two SPI operations (rescaled or not, which operand may alias the output)
Combination combination(Handles& h, const char* op, const int64_t* operands, int count, int parts,
                        const uint64_t* factors, const uint64_t* constant, int constant_count, const int64_t* hout,
                        bool rescale) {
    require(operands != nullptr && factors != nullptr && count >= 1 && parts >= 1,
            std::string(op) + ": no operands, factors or outputs");
    Combination c;
    c.out = h.take(hout, parts, op);
    one_shape(c.out, op);
    const Poly& first = *c.out.front();
    const int limbs = first.q_count() + (rescale ? 1 : 0);
    require(!rescale || first.p_count() == 0, std::string(op) + ": outputs need Q limbs only; got " + shape(first));
    const int total = first.ring().total();
    for (int k = 0; k < count; k++) {
        std::vector<const Poly*> operand;
        for (int i = 0; i < parts && operands[static_cast<size_t>(k) * parts + i] != 0; i++) {
            const Poly* p = h.take(operands[static_cast<size_t>(k) * parts + i]);
            same_ring(*p, first);
            if (rescale) {
                require(p->q_count() >= limbs, std::string(op) + ": operand " + std::to_string(k) + " (" + shape(*p)
                                                   + ") lacks Q limbs of the sum's " + std::to_string(limbs));
            } else {
                require_limbs(*p, first, "of the combination");
            }
            for (size_t o = 0; o < c.out.size(); o++) {  // only operand 0 may be the output, part for part
                if (rescale || k > 0 || o != static_cast<size_t>(i)) {
                    require_distinct(*p, *c.out[o], op);
                }
            }
            operand.push_back(p);
        }
        require(!operand.empty() && (k > 0 || static_cast<int>(operand.size()) == parts),
                std::string(op) + ": operand " + std::to_string(k) + " has " + std::to_string(operand.size())
                    + " of the " + std::to_string(parts) + " parts");
        c.operands.push_back(operand);
        c.factors.push_back(residues(first.ring(), factors + static_cast<size_t>(k) * total, total));
    }
    if (constant_count > 0) {
        c.constant = residues(first.ring(), constant, constant_count);
    }
    return c;
}

/** The outputs of a batch of `count` rotations: each pair of one shape, every output distinct from the inputs. */
void batch_outputs(Handles& h, const int64_t* hout0, const int64_t* hout1, int count,
                   const std::vector<const Poly*>& inputs, std::vector<const Poly*>& out0,
                   std::vector<const Poly*>& out1, const char* op) {
    out0 = h.take(hout0, count, op);
    out1 = h.take(hout1, count, op);
    for (int r = 0; r < count; r++) {
        one_shape({out0[static_cast<size_t>(r)], out1[static_cast<size_t>(r)]}, op);
        for (const Poly* in : inputs) {
            require_distinct(*in, *out0[static_cast<size_t>(r)], op);
            require_distinct(*in, *out1[static_cast<size_t>(r)], op);
        }
    }
}

}  // namespace

extern "C" {

OLAFHE_API int olafhe_key_switch(int64_t hin, int digit_size, const int64_t* key_b, const int64_t* key_a,
                                 int key_digits, int64_t hout0, int64_t hout1) {
    return olafhe::guarded("olafhe_key_switch", [&] {
        require(key_b != nullptr && key_a != nullptr, "key arrays are null");
        auto in = poly(hin);
        auto out0 = poly(hout0);
        auto out1 = poly(hout1);
        same_ring(*in, *out0);
        same_shape(*out0, *out1, "keySwitch outputs");
        same_shape(*in, *out0, "keySwitch input and outputs");
        require_distinct(*in, *out0, "keySwitch");
        require_distinct(*in, *out1, "keySwitch");
        require_distinct(*out0, *out1, "keySwitch");
        const int k = in->ring().p_total();
        require(in->p_count() == 0 && k > 0 && digit_size >= 1,
                "keySwitch: the input needs Q limbs only, the ring P moduli, the digits at least one limb; got "
                    + shape(*in) + ", digit size " + std::to_string(digit_size));
        const int count = digit_count(in->q_count(), digit_size);
        Handles h;
        const auto b = key_rows(h, key_b, 1, key_digits, count, *in, in->q_count(), "keySwitch");
        const auto a = key_rows(h, key_a, 1, key_digits, count, *in, in->q_count(), "keySwitch");
        run(out0->context(), [&] { kernels::key_switch(*in, digit_size, b[0], a[0], *out0, *out1); });
    });
}

OLAFHE_API int olafhe_rescale_parts(const int64_t* in, const int64_t* out, int count) {
    return olafhe::guarded("olafhe_rescale_parts", [&] {
        require(in != nullptr && out != nullptr && count >= 1, "rescaleParts: no parts");
        std::vector<std::shared_ptr<Poly>> keep;
        std::vector<const Poly*> a, o;
        for (int i = 0; i < count; i++) {
            keep.push_back(poly(in[i]));
            a.push_back(keep.back().get());
            keep.push_back(poly(out[i]));
            o.push_back(keep.back().get());
            same_ring(*a.back(), *o.back());
            require(a.back()->p_count() == 0 && o.back()->p_count() == 0 && a.back()->q_count() >= 2
                        && o.back()->q_count() == a.back()->q_count() - 1,
                    "rescaleParts: part " + std::to_string(i) + " needs Q limbs 0..l (l >= 1) in, 0..l-1 out; got "
                        + shape(*a.back()) + " -> " + shape(*o.back()));
        }
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < count; j++) {
                require_distinct(*a[static_cast<size_t>(i)], *o[static_cast<size_t>(j)], "rescaleParts");
            }
        }
        run(o.front()->context(), [&] { kernels::rescale_parts(a, o); });
    });
}

OLAFHE_API int olafhe_linear_combination_rescale(const int64_t* operands, int count, int parts, const uint64_t* factors,
                                                 const uint64_t* constant, int constant_count, const int64_t* hout) {
    return olafhe::guarded("olafhe_linear_combination_rescale", [&] {
        Handles h;
        const Combination c = combination(h, "linearCombinationRescale", operands, count, parts, factors, constant,
                                          constant_count, hout, true);
        run(c.out.front()->context(),
            [&] { kernels::linear_combination_rescale(c.operands, c.factors, c.constant, c.out); });
    });
}

OLAFHE_API int olafhe_linear_combination(const int64_t* operands, int count, int parts, const uint64_t* factors,
                                         const uint64_t* constant, int constant_count, const int64_t* hout) {
    return olafhe::guarded("olafhe_linear_combination", [&] {
        Handles h;
        const Combination c = combination(h, "linearCombination", operands, count, parts, factors, constant,
                                          constant_count, hout, false);
        const std::vector<std::vector<const Poly*>> others(c.operands.begin() + 1, c.operands.end());
        run(c.out.front()->context(),
            [&] { kernels::linear_combination(c.operands.front(), others, c.factors, c.constant, c.out); });
    });
}

OLAFHE_API int olafhe_multiply_relinearize(const int64_t* ha, const int64_t* hb, int combine_count, const int64_t* others,
                                           const uint64_t* factors, const uint64_t* constant, int constant_count,
                                           int combine_after, int digit_size, const int64_t* key_b,
                                           const int64_t* key_a, int key_digits, int rescale, const int64_t* hout,
                                           int out_count) {
    return olafhe::guarded("olafhe_multiply_relinearize", [&] {
        require(ha != nullptr && hb != nullptr && hout != nullptr, "multiplyRelinearize: operand arrays are null");
        const bool relinearize = key_digits > 0;
        require(out_count == (relinearize ? 2 : 3), "multiplyRelinearize: " + std::to_string(out_count)
                                                        + " outputs for a " + (relinearize ? "relinearized" : "degree-2")
                                                        + " product");
        std::vector<std::shared_ptr<Poly>> keep;
        auto take = [&](int64_t handle) {
            keep.push_back(poly(handle));
            return static_cast<const Poly*>(keep.back().get());
        };
        std::vector<const Poly*> out, a, b, inputs;
        for (int i = 0; i < out_count; i++) {
            out.push_back(take(hout[i]));
            same_shape(*out[static_cast<size_t>(i)], *out[0], "multiplyRelinearize outputs");
        }
        const Poly& first = *out[0];
        const int limbs = first.q_count() + (rescale != 0 ? 1 : 0);
        require(first.p_count() == 0 && (rescale == 0 || limbs >= 2),
                "multiplyRelinearize: outputs need Q limbs only (and a level to rescale from); got " + shape(first));
        // an operand holds the product's limbs: Q limbs 0..limbs-1 at least
        auto operand = [&](int64_t handle, const char* name) {
            const Poly* p = take(handle);
            same_ring(*p, first);
            require(p->q_count() >= limbs, std::string("multiplyRelinearize: operand ") + name + " (" + shape(*p)
                                               + ") lacks Q limbs of the product's " + std::to_string(limbs));
            inputs.push_back(p);
            return p;
        };
        for (int i = 0; i < 2; i++) {
            a.push_back(operand(ha[i], "a"));
            b.push_back(operand(hb[i], "b"));
        }
        kernels::LinearStep step{{}, {}, {}, combine_after != 0};
        if (combine_count > 0) {
            require(factors != nullptr && (combine_count == 1 || others != nullptr),
                    "multiplyRelinearize: factor or operand arrays are null");
            const int total = first.ring().total();
            for (int k = 0; k < combine_count; k++) {
                step.factors.push_back(residues(first.ring(), factors + static_cast<size_t>(k) * total, total));
            }
            for (int k = 0; k + 1 < combine_count; k++) {
                std::vector<const Poly*> parts;
                for (int i = 0; i < 3 && others[3 * k + i] != 0; i++) {
                    parts.push_back(operand(others[3 * k + i], "of the combination"));
                }
                require(!parts.empty() && parts.size() <= (combine_after != 0 && relinearize ? 2u : 3u),
                        "multiplyRelinearize: combination operand " + std::to_string(k + 1) + " has "
                            + std::to_string(parts.size()) + " parts");
                step.others.push_back(parts);
            }
            if (constant_count > 0) {
                step.constant = residues(first.ring(), constant, constant_count);
            }
        }
        std::vector<const Poly*> kb, ka;
        Handles keys;
        if (relinearize) {
            require(key_b != nullptr && key_a != nullptr, "multiplyRelinearize: no key");
            const int count = digit_count(limbs, digit_size);
            kb = key_rows(keys, key_b, 1, key_digits, count, first, limbs, "multiplyRelinearize")[0];
            ka = key_rows(keys, key_a, 1, key_digits, count, first, limbs, "multiplyRelinearize")[0];
        }
        for (const Poly* o : out) {
            for (const Poly* in : inputs) {
                require_distinct(*in, *o, "multiplyRelinearize");
            }
        }
        run(first.context(), [&] {
            kernels::multiply_relinearize(a, b, combine_count > 0 ? &step : nullptr, digit_size, kb, ka, rescale != 0,
                                          out);
        });
    });
}

// ---- whole ciphertexts ---------------------------------------------------------------------------------------

OLAFHE_API int olafhe_binary_parts(int op, const int64_t* ha, const int64_t* hb, int b_count, const int64_t* hout,
                                   int count) {
    return olafhe::guarded("olafhe_binary_parts", [&] {
        require(op >= OLAFHE_PARTS_ADD && op <= OLAFHE_PARTS_MUL_ADD, "binaryParts: unknown operation " + std::to_string(op));
        require(b_count == count || b_count == 1, "binaryParts: " + std::to_string(b_count) + " b operands for "
                                                      + std::to_string(count) + " parts");
        Handles h;
        const std::vector<const Poly*> a = h.take(ha, count, "binaryParts a");
        const std::vector<const Poly*> b = h.take(hb, b_count, "binaryParts b");
        const std::vector<const Poly*> out = h.take(hout, count, "binaryParts out");
        one_shape(out, "binaryParts");
        for (size_t i = 0; i < out.size(); i++) {
            require_limbs(*a[i], *out[i], "a");
            require_limbs(*b[b.size() == 1 ? 0 : i], *out[i], "b");
        }
        const auto binary = static_cast<kernels::Binary>(op);  // OLAFHE_PARTS_* in the enum's order
        run(out.front()->context(), [&] {
            over_parts(crossed(a, out) || crossed(b, out), out.size(), [&](size_t first, size_t n) {
                kernels::binary_parts(binary, slice(a, first, n), slice(b, first, n), slice(out, first, n));
            });
        });
    });
}

OLAFHE_API int olafhe_neg_parts(const int64_t* ha, const int64_t* hout, int count) {
    return olafhe::guarded("olafhe_neg_parts", [&] {
        Handles h;
        const std::vector<const Poly*> a = h.take(ha, count, "negParts a");
        const std::vector<const Poly*> out = h.take(hout, count, "negParts out");
        one_shape(out, "negParts");
        for (size_t i = 0; i < out.size(); i++) {
            require_limbs(*a[i], *out[i], "a");
        }
        run(out.front()->context(), [&] {
            over_parts(crossed(a, out), out.size(), [&](size_t first, size_t n) {
                kernels::negate_parts(slice(a, first, n), slice(out, first, n));
            });
        });
    });
}

OLAFHE_API int olafhe_mul_scalar_parts(const int64_t* ha, const uint64_t* values, int value_count, const int64_t* hout,
                                       int count) {
    return olafhe::guarded("olafhe_mul_scalar_parts", [&] {
        Handles h;
        const std::vector<const Poly*> a = h.take(ha, count, "mulScalarParts a");
        const std::vector<const Poly*> out = h.take(hout, count, "mulScalarParts out");
        one_shape(out, "mulScalarParts");
        for (size_t i = 0; i < out.size(); i++) {
            require_limbs(*a[i], *out[i], "a");
        }
        const std::vector<uint64_t> c = residues(out.front()->ring(), values, value_count);
        run(out.front()->context(), [&] {
            over_parts(crossed(a, out), out.size(), [&](size_t first, size_t n) {
                kernels::scalar_parts(true, slice(a, first, n), c, slice(out, first, n));
            });
        });
    });
}

OLAFHE_API int olafhe_copy_parts(const int64_t* hsrc, const int64_t* hdst, int count) {
    return olafhe::guarded("olafhe_copy_parts", [&] {
        Handles h;
        const std::vector<const Poly*> src = h.take(hsrc, count, "copyParts src");
        const std::vector<const Poly*> dst = h.take(hdst, count, "copyParts dst");
        one_shape(dst, "copyParts");
        for (size_t i = 0; i < dst.size(); i++) {
            same_ring(*src[i], *dst[i]);
        }
        run(dst.front()->context(), [&] {
            over_parts(crossed(src, dst), dst.size(), [&](size_t first, size_t n) {
                kernels::copy_parts(slice(src, first, n), slice(dst, first, n));
            });
        });
    });
}

OLAFHE_API int olafhe_mod_down_parts(const int64_t* hin, const int64_t* hout, int count) {
    return olafhe::guarded("olafhe_mod_down_parts", [&] {
        Handles h;
        const std::vector<const Poly*> in = h.take(hin, count, "modDownParts in");
        const std::vector<const Poly*> out = h.take(hout, count, "modDownParts out");
        const int k = out.front()->ring().p_total();
        for (size_t i = 0; i < out.size(); i++) {
            same_ring(*in[i], *out[i]);
            for (const Poly* o : out) {
                require_distinct(*in[i], *o, "modDownParts");
            }
            require(in[i]->p_count() == k && k > 0 && out[i]->p_count() == 0 && out[i]->q_count() <= in[i]->q_count(),
                    "modDownParts: part " + std::to_string(i) + " needs all " + std::to_string(k)
                        + " P limbs in and at least the output's Q limbs; got " + shape(*in[i]) + " -> " + shape(*out[i]));
        }
        run(out.front()->context(), [&] { kernels::mod_down_parts(in, out); });
    });
}

OLAFHE_API int olafhe_sum_of_products(const int64_t* operands, const int64_t* hfactors, int count, int parts,
                                      int mod_down, const int64_t* hout) {
    return olafhe::guarded("olafhe_sum_of_products", [&] {
        require(operands != nullptr && count >= 1 && parts >= 1, "sumOfProducts: no operands");
        Handles h;
        const std::vector<const Poly*> out = h.take(hout, parts, "sumOfProducts out");
        const std::vector<const Poly*> factors = h.take(hfactors, count, "sumOfProducts factors");
        one_shape(out, "sumOfProducts");
        const Poly& first = *out.front();
        const int k = first.ring().p_total();
        require(mod_down == 0 || (first.p_count() == 0 && k > 0),
                "sumOfProductsModDown: outputs need Q limbs only; got " + shape(first));
        // with ModDown the sum runs over out's Q limbs and all of P: the operands and factors must hold those limbs
        const int sum_p = mod_down != 0 ? k : first.p_count();
        auto holds_sum = [&](const Poly& p, const char* what) {
            same_ring(p, first);
            require(p.q_count() >= first.q_count() && p.p_count() >= sum_p,
                    std::string("sumOfProducts: ") + what + " (" + shape(p) + ") lacks limbs of the sum's q="
                        + std::to_string(first.q_count()) + ", p=" + std::to_string(sum_p));
        };
        std::vector<std::vector<const Poly*>> ops;
        for (int j = 0; j < count; j++) {
            ops.push_back(h.take(operands + static_cast<size_t>(j) * parts, parts, "sumOfProducts operand"));
            holds_sum(*factors[static_cast<size_t>(j)], "a factor");
            for (const Poly* p : ops.back()) {
                holds_sum(*p, "an operand");
                for (const Poly* o : out) {
                    require_distinct(*p, *o, "sumOfProducts");
                    require_distinct(*factors[static_cast<size_t>(j)], *o, "sumOfProducts");
                }
            }
        }
        run(first.context(), [&] {
            if (mod_down != 0) {
                kernels::sum_of_products_mod_down(ops, factors, out);
            } else {
                kernels::sum_of_products(ops, factors, out);
            }
        });
    });
}

// ---- decomposition, key switches from it, hoisted automorphism batches ------------------------------------------

OLAFHE_API int olafhe_decompose(int64_t hin, int digit_size, const int64_t* hdigits, int count) {
    return olafhe::guarded("olafhe_decompose", [&] {
        Handles h;
        const Poly& in = *h.take(hin);
        const std::vector<const Poly*> digits = h.take(hdigits, count, "decompose digits");
        check_digits(digits, "decompose");
        require(in.p_count() == 0 && count == digit_count(in.q_count(), digit_size),
                "decompose: " + std::to_string(count) + " digits of " + std::to_string(digit_size) + " limbs for "
                    + shape(in) + " (Q limbs only)");
        for (const Poly* d : digits) {
            same_ring(*d, in);
            require_distinct(in, *d, "decompose");
            require(d->q_count() >= in.q_count(), "decompose: a digit (" + shape(*d) + ") lacks Q limbs of " + shape(in));
        }
        run(in.context(), [&] { kernels::decompose(in, digit_size, digits); });
    });
}

OLAFHE_API int olafhe_key_switch_decomposed(const int64_t* hdigits, int count, const int64_t* key_b,
                                            const int64_t* key_a, int key_digits, int64_t hout0, int64_t hout1) {
    return olafhe::guarded("olafhe_key_switch_decomposed", [&] {
        Handles h;
        const std::vector<const Poly*> digits = h.take(hdigits, count, "keySwitchDecomposed digits");
        check_digits(digits, "keySwitchDecomposed");
        const Poly& d = *digits.front();
        const Poly& out0 = *h.take(hout0);
        const Poly& out1 = *h.take(hout1);
        one_shape({&out0, &out1}, "keySwitchDecomposed");
        require(out0.p_count() == 0 && out0.q_count() <= d.q_count() && &out0 != &out1,
                "keySwitchDecomposed: distinct outputs of Q limbs within the digits'; got " + shape(out0));
        same_ring(out0, d);
        const auto b = key_rows(h, key_b, 1, key_digits, count, d, d.q_count(), "keySwitchDecomposed");
        const auto a = key_rows(h, key_a, 1, key_digits, count, d, d.q_count(), "keySwitchDecomposed");
        run(d.context(), [&] { kernels::key_switch_decomposed(digits, b[0], a[0], out0, out1); });
    });
}

OLAFHE_API int olafhe_key_switch_add(int64_t hin, int digit_size, const int64_t* key_b, const int64_t* key_a,
                                     int key_digits, int64_t hc0, int64_t hc1, int64_t hout0, int64_t hout1) {
    return olafhe::guarded("olafhe_key_switch_add", [&] {
        Handles h;
        const Poly& in = *h.take(hin);
        const Poly& c0 = *h.take(hc0);
        const Poly& c1 = *h.take(hc1);
        const Poly& out0 = *h.take(hout0);
        const Poly& out1 = *h.take(hout1);
        one_shape({&in, &out0, &out1}, "keySwitchAdd input and");
        require(in.p_count() == 0 && &out0 != &out1, "keySwitchAdd: Q limbs only, distinct outputs; got " + shape(in));
        for (const Poly* p : {&c0, &c1, &out0, &out1}) {
            require_distinct(in, *p, "keySwitchAdd");
        }
        require_limbs(c0, out0, "c0");
        require_limbs(c1, out1, "c1");
        const int needed = digit_count(in.q_count(), digit_size);
        const auto b = key_rows(h, key_b, 1, key_digits, needed, in, in.q_count(), "keySwitchAdd");
        const auto a = key_rows(h, key_a, 1, key_digits, needed, in, in.q_count(), "keySwitchAdd");
        run(in.context(), [&] { kernels::key_switch_add(in, digit_size, b[0], a[0], c0, c1, out0, out1); });
    });
}

OLAFHE_API int olafhe_automorphisms_hoisted(int64_t hc0, const int64_t* hdigits, int digits_count,
                                            const int64_t* galois, int count, const int64_t* key_b,
                                            const int64_t* key_a, int key_digits, const uint64_t* p_residues,
                                            int p_count, const int64_t* hout0, const int64_t* hout1) {
    return olafhe::guarded("olafhe_automorphisms_hoisted", [&] {
        const char* op = p_count > 0 ? "automorphismsHoistedLazy" : "automorphismsHoisted";
        Handles h;
        const Poly& c0 = *h.take(hc0);
        const std::vector<const Poly*> digits = h.take(hdigits, digits_count, op);
        check_digits(digits, op);
        const Poly& d = *digits.front();
        same_ring(c0, d);
        require(c0.q_count() >= d.q_count(), std::string(op) + ": c0 (" + shape(c0) + ") lacks Q limbs of the digits");
        std::vector<const Poly*> inputs = digits;
        inputs.push_back(&c0);
        std::vector<const Poly*> out0, out1;
        batch_outputs(h, hout0, hout1, count, inputs, out0, out1, op);
        for (const Poly* o : out0) {
            require(o->q_count() <= d.q_count() && o->p_count() <= (p_count > 0 ? d.p_count() : 0),
                    std::string(op) + ": an output (" + shape(*o) + ") has limbs the key switch does not make");
        }
        const auto b = key_rows(h, key_b, count, key_digits, digits_count, d, d.q_count(), op);
        const auto a = key_rows(h, key_a, count, key_digits, digits_count, d, d.q_count(), op);
        const std::vector<uint64_t> g = galois_elements(d.ring(), galois, count);
        std::vector<uint64_t> p;
        if (p_count > 0) {
            p = residues(d.ring(), p_residues, p_count);
        }
        run(d.context(), [&] { kernels::automorphisms_hoisted(c0, digits, g, b, a, p, out0, out1); });
    });
}

OLAFHE_API int olafhe_automorphisms(int64_t hc0, int64_t hc1, int digit_size, const int64_t* galois, int count,
                                    const int64_t* key_b, const int64_t* key_a, int key_digits, const int64_t* hout0,
                                    const int64_t* hout1) {
    return olafhe::guarded("olafhe_automorphisms", [&] {
        Handles h;
        const Poly& c0 = *h.take(hc0);
        const Poly& c1 = *h.take(hc1);
        same_ring(c0, c1);
        require(c1.p_count() == 0 && c0.q_count() >= c1.q_count(),
                "automorphisms: c1 needs Q limbs only and c0 at least c1's; got " + shape(c0) + ", " + shape(c1));
        std::vector<const Poly*> out0, out1;
        batch_outputs(h, hout0, hout1, count, {&c0, &c1}, out0, out1, "automorphisms");
        for (const Poly* o : out0) {
            require(o->q_count() <= c1.q_count() && o->p_count() == 0,
                    "automorphisms: an output (" + shape(*o) + ") has limbs c1 lacks");
        }
        const int needed = digit_count(c1.q_count(), digit_size);
        const auto b = key_rows(h, key_b, count, key_digits, needed, c1, c1.q_count(), "automorphisms");
        const auto a = key_rows(h, key_a, count, key_digits, needed, c1, c1.q_count(), "automorphisms");
        const std::vector<uint64_t> g = galois_elements(c1.ring(), galois, count);
        run(c1.context(), [&] { kernels::automorphisms(c0, c1, digit_size, g, b, a, out0, out1); });
    });
}

OLAFHE_API int olafhe_automorphisms_accumulate(const int64_t* hin, int digit_size, const int64_t* galois, int count,
                                               const int64_t* key_b, const int64_t* key_a, int key_digits,
                                               const uint64_t* p_residues, int p_count, const int64_t* hacc) {
    return olafhe::guarded("olafhe_automorphisms_accumulate", [&] {
        Handles h;
        const std::vector<const Poly*> acc = h.take(hacc, 2, "automorphismsAccumulate acc");
        one_shape(acc, "automorphismsAccumulate");
        const Poly& first = *acc.front();
        require(first.p_count() == first.ring().p_total() && first.p_count() > 0 && acc[0] != acc[1],
                "automorphismsAccumulate: acc needs two distinct parts over Q and every P limb (lazy sums)");
        std::vector<std::vector<const Poly*>> in;
        for (int r = 0; r < count; r++) {
            in.push_back(h.take(hin + 2 * static_cast<size_t>(r), 2, "automorphismsAccumulate in"));
            const Poly& c0 = *in.back()[0];
            const Poly& c1 = *in.back()[1];
            same_ring(c0, first);
            same_ring(c1, first);
            require(c1.p_count() == 0 && c0.q_count() >= c1.q_count() && c1.q_count() == first.q_count(),
                    "automorphismsAccumulate: input " + std::to_string(r) + " (" + shape(c0) + ", " + shape(c1)
                        + ") needs c1 of Q limbs only, at acc's level (" + shape(first) + ")");
            for (const Poly* part : in.back()) {
                require_distinct(*part, *acc[0], "automorphismsAccumulate");
                require_distinct(*part, *acc[1], "automorphismsAccumulate");
            }
        }
        const int limbs = first.q_count();
        const int needed = digit_count(limbs, digit_size);
        const auto b = key_rows(h, key_b, count, key_digits, needed, first, limbs, "automorphismsAccumulate");
        const auto a = key_rows(h, key_a, count, key_digits, needed, first, limbs, "automorphismsAccumulate");
        const std::vector<uint64_t> g = galois_elements(first.ring(), galois, count);
        const std::vector<uint64_t> p = residues(first.ring(), p_residues, p_count);
        run(first.context(), [&] { kernels::automorphisms_accumulate(in, digit_size, g, b, a, p, acc); });
    });
}

}  // extern "C"
