package dev.olafhe.ckks;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.DevicePoly;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Map;
import java.util.function.Consumer;

import static dev.olafhe.ckks.EvaluatorChecks.isSmallInteger;
import static dev.olafhe.ckks.EvaluatorChecks.requireCompatible;
import static dev.olafhe.ckks.EvaluatorChecks.requireDegree;
import static dev.olafhe.ckks.EvaluatorChecks.requirePlaintextLevel;
import static dev.olafhe.ckks.EvaluatorChecks.requirePlaintextScale;
import static dev.olafhe.ckks.EvaluatorChecks.requireSameLevel;
import static dev.olafhe.ckks.EvaluatorChecks.roundToInteger;

/**
 * Homomorphic operations on CKKS ciphertexts, server side: it holds only public evaluation keys.
 *
 * <p>API in Lattigo style: {@code op(in..., out)} writes into a caller-owned output (reshaped as needed,
 * and it may be one of the inputs), {@code opNew(in...)} allocates the result. Errors name the operation
 * ("cannot add: ...").
 *
 * <p>Scales are tracked exactly (BigDecimal, {@link #SCALE_CONTEXT}): a product has scale Δ_a·Δ_b,
 * a rescale divides by q_ℓ, and constants are encoded as round(c·Δ_target/Δ_ct) so that the result has
 * exactly the target scale (ckks-notes §1.4). Additions require equal scales and levels.
 *
 * <p>This class holds the arithmetic and the level operations; the operations that need evaluation keys
 * (relinearization, key and Galois switching, hoisting) are implemented in {@link KeySwitchingEvaluator}.
 */
public final class Evaluator {
    /** Precision of scale bookkeeping; equal-scale checks allow a relative difference of 10^-30. */
    public static final MathContext SCALE_CONTEXT = new MathContext(50, RoundingMode.HALF_EVEN);

    /** Scratch purpose of the scaled terms of {@link #multiplyByConstantThenAdd}. */
    private static final String MULTIPLY_THEN_ADD_TERMS = "multiplyThenAdd.terms";

    private final CkksContext context;
    private final CkksParameters params;
    private final Backend backend;
    private final OutputParts outputs;
    private final KeySwitchingEvaluator keySwitching;

    public Evaluator(CkksContext context, EvaluationKeySet keys) {
        this.context = context;
        this.params = context.params();
        this.backend = context.backend();
        this.outputs = new OutputParts(context);
        this.keySwitching = new KeySwitchingEvaluator(context, keys);
    }

    /** An evaluator on the same context bound to other keys. */
    public Evaluator withKeys(EvaluationKeySet otherKeys) {
        return new Evaluator(context, otherKeys);
    }

    public CkksContext context() {
        return context;
    }

    /** Whether two scales are equal within the bookkeeping tolerance (relative 10^-30), as additions require. */
    public static boolean sameScale(BigDecimal a, BigDecimal b) {
        return EvaluatorChecks.sameScale(a, b);
    }

    /** Runs {@code op} into a fresh output: the body of every {@code opNew}. */
    private static Ciphertext newResult(Consumer<Ciphertext> op) {
        Ciphertext out = Ciphertext.empty();
        op.accept(out);
        return out;
    }

    // ---- addition --------------------------------------------------------------------------------

    public void add(Ciphertext a, Ciphertext b, Ciphertext out) {
        requireCompatible(a, b.level(), b.scale(), "add");
        combine(a, b, out, true);
    }

    public Ciphertext addNew(Ciphertext a, Ciphertext b) {
        return newResult(out -> add(a, b, out));
    }

    public void sub(Ciphertext a, Ciphertext b, Ciphertext out) {
        requireCompatible(a, b.level(), b.scale(), "sub");
        combine(a, b, out, false);
    }

    public Ciphertext subNew(Ciphertext a, Ciphertext b) {
        return newResult(out -> sub(a, b, out));
    }

    private void combine(Ciphertext a, Ciphertext b, Ciphertext out, boolean add) {
        int degree = Math.max(a.degree(), b.degree());
        DevicePoly[] parts = outputs.reuseOrAllocate(out, degree, a.level());
        int common = Math.min(a.degree(), b.degree()) + 1;
        DevicePoly[] commonParts = java.util.Arrays.copyOf(parts, common);
        if (add) {
            backend.addParts(java.util.Arrays.copyOf(a.parts(), common), java.util.Arrays.copyOf(b.parts(), common),
                    commonParts);
        } else {
            backend.subParts(java.util.Arrays.copyOf(a.parts(), common), java.util.Arrays.copyOf(b.parts(), common),
                    commonParts);
        }
        // the parts only the longer operand has: copied (nothing to copy where the output is that operand), or
        // negated when they are subtracted
        if (a.degree() > b.degree() || (add && b.degree() > a.degree())) {
            outputs.copyUnchanged(a.degree() > b.degree() ? a : b, parts, common);
        } else if (b.degree() > a.degree()) {
            backend.negParts(java.util.Arrays.copyOfRange(b.parts(), common, degree + 1),
                    java.util.Arrays.copyOfRange(parts, common, degree + 1));
        }
        outputs.replace(out, parts, a.level(), a.scale(), Math.max(a.logSlots(), b.logSlots()));
    }

    public void negate(Ciphertext a, Ciphertext out) {
        DevicePoly[] parts = outputs.reuseOrAllocate(out, a.degree(), a.level());
        backend.negParts(a.parts(), parts);
        outputs.replace(out, parts, a.level(), a.scale(), a.logSlots());
    }

    public Ciphertext negateNew(Ciphertext a) {
        return newResult(out -> negate(a, out));
    }

    /** out = a + pt; the plaintext must have a's scale and at least a's level. */
    public void add(Ciphertext a, Plaintext pt, Ciphertext out) {
        plainCombine(a, pt, out, true, "add plaintext");
    }

    public Ciphertext addNew(Ciphertext a, Plaintext pt) {
        return newResult(out -> add(a, pt, out));
    }

    public void sub(Ciphertext a, Plaintext pt, Ciphertext out) {
        plainCombine(a, pt, out, false, "sub plaintext");
    }

    public Ciphertext subNew(Ciphertext a, Plaintext pt) {
        return newResult(out -> sub(a, pt, out));
    }

    private void plainCombine(Ciphertext a, Plaintext pt, Ciphertext out, boolean add, String op) {
        requirePlaintextLevel(a, pt, op);
        requirePlaintextScale(a, pt, op);
        DevicePoly[] parts = outputs.reuseOrAllocate(out, a.degree(), a.level());
        if (add) {
            backend.add(a.part(0), pt.value(), parts[0]);
        } else {
            backend.sub(a.part(0), pt.value(), parts[0]);
        }
        outputs.copyUnchanged(a, parts, 1);
        outputs.replace(out, parts, a.level(), a.scale(), Math.max(a.logSlots(), pt.logSlots()));
    }

    /** out = a + c for a real constant c, encoded as round(c·Δ_a) (no level consumed). */
    public void addConstant(Ciphertext a, double c, Ciphertext out) {
        BigInteger k = roundToInteger(new BigDecimal(c).multiply(a.scale(), SCALE_CONTEXT));
        DevicePoly[] parts = outputs.reuseOrAllocate(out, a.degree(), a.level());
        backend.addScalarNtt(a.part(0), k, parts[0]);
        outputs.copyUnchanged(a, parts, 1);
        outputs.replace(out, parts, a.level(), a.scale(), a.logSlots());
    }

    public Ciphertext addConstantNew(Ciphertext a, double c) {
        return newResult(out -> addConstant(a, c, out));
    }

    // ---- constant and plaintext multiplication --------------------------------------------------------

    /**
     * out = c·a. An integer c keeps the scale (no level); otherwise c is encoded at scale q_ℓ so that the
     * result has scale Δ_a·q_ℓ and a following {@link #rescale} restores Δ_a exactly.
     */
    public void multiplyByConstant(Ciphertext a, double c, Ciphertext out) {
        if (isSmallInteger(c)) {
            scalarMultiply(a, BigInteger.valueOf((long) c), a.scale(), out);
        } else {
            BigDecimal target = a.scale().multiply(new BigDecimal(params.q(a.level())), SCALE_CONTEXT);
            multiplyByConstant(a, c, target, out);
        }
    }

    public Ciphertext multiplyByConstantNew(Ciphertext a, double c) {
        return newResult(out -> multiplyByConstant(a, c, out));
    }

    /** out = c·a with result scale exactly {@code targetScale}: a is multiplied by round(c·Δ_t/Δ_a). */
    public void multiplyByConstant(Ciphertext a, double c, BigDecimal targetScale, Ciphertext out) {
        BigDecimal factor = new BigDecimal(c).multiply(targetScale, SCALE_CONTEXT).divide(a.scale(), SCALE_CONTEXT);
        scalarMultiply(a, roundToInteger(factor), targetScale, out);
    }

    public Ciphertext multiplyByConstantNew(Ciphertext a, double c, BigDecimal targetScale) {
        return newResult(out -> multiplyByConstant(a, c, targetScale, out));
    }

    /**
     * c·a at {@code level} ≤ a's level, with result scale exactly {@code targetScale}: what dropping a to the level
     * and then {@link #multiplyByConstant(Ciphertext, double, BigDecimal, Ciphertext)} gives, without the copy
     * (the product of each kept limb is computed straight from a's limb).
     */
    public Ciphertext multiplyByConstantNew(Ciphertext a, double c, BigDecimal targetScale, int level) {
        requireLevelAtMost(a, level, "multiply by a constant");
        BigDecimal factor = new BigDecimal(c).multiply(targetScale, SCALE_CONTEXT).divide(a.scale(), SCALE_CONTEXT);
        return newResult(out -> scalarMultiply(a, roundToInteger(factor), targetScale, level, out));
    }

    private void scalarMultiply(Ciphertext a, BigInteger k, BigDecimal scale, Ciphertext out) {
        scalarMultiply(a, k, scale, a.level(), out);
    }

    private void scalarMultiply(Ciphertext a, BigInteger k, BigDecimal scale, int level, Ciphertext out) {
        DevicePoly[] parts = outputs.reuseOrAllocate(out, a.degree(), level);
        backend.mulScalarParts(a.parts(), k, parts);
        outputs.replace(out, parts, level, scale, a.logSlots());
    }

    private static void requireLevelAtMost(Ciphertext a, int level, String op) {
        if (level < 0 || level > a.level()) {
            throw new IllegalArgumentException("cannot " + op + " at level " + level + ": the operand is at level "
                    + a.level());
        }
    }

    /**
     * acc += c·a with the term encoded at acc's scale (round(c·Δ_acc/Δ_a)). When the scales are equal and
     * c is not an integer, acc is first raised by q_ℓ (Lattigo's MulThenAdd) so that c keeps its precision.
     * a may be above acc's level (its extra limbs are not read: as if it were dropped first).
     */
    public void multiplyByConstantThenAdd(Ciphertext a, double c, Ciphertext acc) {
        if (a.level() < acc.level()) {
            throw new IllegalArgumentException("cannot multiply-then-add: the operand's level " + a.level()
                    + " is below the accumulator's " + acc.level());
        }
        if (acc.degree() < a.degree()) {
            throw new IllegalArgumentException("cannot multiply-then-add: accumulator degree " + acc.degree()
                    + " is below the operand degree " + a.degree());
        }
        if (sameScale(acc.scale(), a.scale()) && !isSmallInteger(c)) {
            BigInteger q = BigInteger.valueOf(params.q(acc.level()));
            backend.mulScalarParts(acc.parts(), q, acc.parts());
            acc.setScale(acc.scale().multiply(new BigDecimal(q), SCALE_CONTEXT));
        }
        BigInteger k = roundToInteger(new BigDecimal(c).multiply(acc.scale(), SCALE_CONTEXT)
                .divide(a.scale(), SCALE_CONTEXT));
        DevicePoly[] terms = context.scratch().polys(MULTIPLY_THEN_ADD_TERMS, a.degree() + 1, acc.level() + 1, 0);
        DevicePoly[] accParts = java.util.Arrays.copyOf(acc.parts(), a.degree() + 1);
        backend.mulScalarParts(a.parts(), k, terms);
        backend.addParts(accParts, terms, accParts);
    }

    /**
     * Σ_k factors[k]·terms[k] (+ {@code constant} on c_0 when not null) at {@code level}, labelled {@code scale}, in one
     * backend call: with the weights of {@link #constantFactor} and {@link #encodedConstant}, exactly what multiplying
     * each term by its constant and adding them (and the constant) one by one gives. terms[0] has the result's
     * degree, the others at most that; all are at {@code level} or above. out may be terms[0], no other term.
     */
    public void linearCombination(Ciphertext[] terms, BigInteger[] factors, BigInteger constant, BigDecimal scale,
                                  int level, Ciphertext out) {
        DevicePoly[][] operands = combinationOperands(terms, level);
        DevicePoly[] parts = outputs.reuseUnlessAliased(out, terms[0].degree(), level,
                java.util.Arrays.copyOfRange(terms, 1, terms.length));
        backend.linearCombination(operands, factors, constant, parts, context.scratch());
        outputs.replace(out, parts, level, scale, maxLogSlots(terms));
    }

    /**
     * {@link #linearCombination} at {@code level} labelled {@code scale}, then rescaled (level − 1, scale / q_level), in
     * one backend call ({@link Backend#linearCombinationRescale}): the leaf of a polynomial evaluation.
     */
    public Ciphertext linearCombinationRescaleNew(Ciphertext[] terms, BigInteger[] factors, BigInteger constant,
                                                  BigDecimal scale, int level) {
        DevicePoly[][] operands = combinationOperands(terms, level);
        if (level < 1) {
            throw new IllegalArgumentException("cannot combine and rescale at level 0");
        }
        DevicePoly[] parts = outputs.allocate(terms[0].degree(), level - 1);
        backend.linearCombinationRescale(operands, factors, constant, parts, context.scratch());
        return outputs.result(parts, level - 1, rescaledScale(params, scale, level), maxLogSlots(terms));
    }

    private static DevicePoly[][] combinationOperands(Ciphertext[] terms, int level) {
        DevicePoly[][] operands = new DevicePoly[terms.length][];
        for (int k = 0; k < terms.length; k++) {
            requireLevelAtMost(terms[k], level, "combine linearly");
            if (terms[k].degree() > terms[0].degree()) {
                throw new IllegalArgumentException("cannot combine linearly: term " + k + " has degree "
                        + terms[k].degree() + ", above the first term's " + terms[0].degree());
            }
            operands[k] = terms[k].parts();
        }
        return operands;
    }

    private static int maxLogSlots(Ciphertext[] terms) {
        return java.util.Arrays.stream(terms).mapToInt(Ciphertext::logSlots).max().orElse(0);
    }

    /** round(c·Δ_t/Δ_a): the integer a term at scale Δ_a is multiplied by to land on Δ_t (as multiplyByConstant). */
    public static BigInteger constantFactor(double c, BigDecimal targetScale, BigDecimal operandScale) {
        return roundToInteger(new BigDecimal(c).multiply(targetScale, SCALE_CONTEXT).divide(operandScale, SCALE_CONTEXT));
    }

    /** round(c·Δ): the constant c at scale Δ, as {@link #addConstant} encodes it. */
    public static BigInteger encodedConstant(double c, BigDecimal scale) {
        return roundToInteger(new BigDecimal(c).multiply(scale, SCALE_CONTEXT));
    }

    /** out = a ⊙ pt (slot-wise), scale Δ_a·Δ_pt; the plaintext needs at least a's level. */
    public void multiply(Ciphertext a, Plaintext pt, Ciphertext out) {
        requirePlaintextLevel(a, pt, "multiply by plaintext");
        DevicePoly[] parts = outputs.reuseOrAllocate(out, a.degree(), a.level());
        backend.mulParts(a.parts(), pt.value(), parts);
        outputs.replace(out, parts, a.level(), a.scale().multiply(pt.scale(), SCALE_CONTEXT), Math.max(a.logSlots(), pt.logSlots()));
    }

    public Ciphertext multiplyNew(Ciphertext a, Plaintext pt) {
        return newResult(out -> multiply(a, pt, out));
    }

    // ---- ciphertext multiplication -----------------------------------------------------------------

    /** Tensor product without relinearization: a degree-2 result with scale Δ_a·Δ_b. */
    public void multiply(Ciphertext a, Ciphertext b, Ciphertext out) {
        requireDegree(a, 1, "multiply");
        requireDegree(b, 1, "multiply");
        requireSameLevel(a, b, "multiply");
        tensor(a, b, a.level(), out);
    }

    /**
     * The tensor product of a and b at {@code level} ≤ both their levels: what multiplying their drops to the
     * level gives, without the copies.
     */
    public Ciphertext multiplyNew(Ciphertext a, Ciphertext b, int level) {
        requireDegree(a, 1, "multiply");
        requireDegree(b, 1, "multiply");
        requireLevelAtMost(a, level, "multiply");
        requireLevelAtMost(b, level, "multiply");
        return newResult(out -> tensor(a, b, level, out));
    }

    private void tensor(Ciphertext a, Ciphertext b, int level, Ciphertext out) {
        DevicePoly[] parts = outputs.allocate(2, level);
        backend.tensor(a.part(0), a.part(1), b.part(0), b.part(1), parts[0], parts[1], parts[2]);
        outputs.replace(out, parts, level, productScale(a, b), Math.max(a.logSlots(), b.logSlots()));
    }

    public Ciphertext multiplyNew(Ciphertext a, Ciphertext b) {
        return newResult(out -> multiply(a, b, out));
    }

    /** Brings a degree-2 ciphertext back to degree 1 with the relinearization key. */
    public void relinearize(Ciphertext a, Ciphertext out) {
        keySwitching.relinearize(a, out);
    }

    public Ciphertext relinearizeNew(Ciphertext a) {
        return newResult(out -> relinearize(a, out));
    }

    /** Multiply and relinearize: degree-1 result with scale Δ_a·Δ_b (rescale afterwards); one backend call. */
    public void multiplyRelin(Ciphertext a, Ciphertext b, Ciphertext out) {
        requireSameLevel(a, b, "multiply");
        keySwitching.multiply(a, b, a.level(), null, true, false, out);
    }

    /**
     * a·b at {@code level} (≤ both levels: as if both were dropped to it first), then the linear step of {@code terms}
     * (null: none), relinearization when {@code relinearize} and a rescale when {@code rescale}, in one backend call
     * ({@link Backend#multiplyRelinearize}): bit-identical to {@link #multiplyNew(Ciphertext, Ciphertext, int)},
     * {@link #linearCombination} (before or after {@link #relinearize}, as terms say), {@link #relinearize} and
     * {@link #rescale} one by one. Scale Δ_a·Δ_b ({@link #productScale}), divided by q_level when rescaled.
     */
    public Ciphertext multiplyNew(Ciphertext a, Ciphertext b, int level, ProductTerms terms, boolean relinearize,
                                  boolean rescale) {
        return newResult(out -> keySwitching.multiply(a, b, level, terms, relinearize, rescale, out));
    }

    /** The scale label a rescale from {@code level} leaves: Δ / q_level. */
    static BigDecimal rescaledScale(CkksParameters params, BigDecimal scale, int level) {
        return scale.divide(new BigDecimal(params.q(level)), SCALE_CONTEXT);
    }

    /** The scale label of the product a·b before any rescale: Δ_a·Δ_b. */
    public static BigDecimal productScale(Ciphertext a, Ciphertext b) {
        return a.scale().multiply(b.scale(), SCALE_CONTEXT);
    }

    public Ciphertext multiplyRelinNew(Ciphertext a, Ciphertext b) {
        return newResult(out -> multiplyRelin(a, b, out));
    }

    // ---- levels ------------------------------------------------------------------------------------

    /** Divides by the last prime q_ℓ (with rounding): level ℓ−1, scale Δ/q_ℓ. */
    public void rescale(Ciphertext a, Ciphertext out) {
        if (a.level() < 1) {
            throw new IllegalArgumentException("cannot rescale: ciphertext is already at level 0");
        }
        DevicePoly[] parts = outputs.reuseUnlessAliased(out, a.degree(), a.level() - 1, a);
        backend.rescaleParts(a.parts(), parts);
        outputs.replace(out, parts, a.level() - 1, rescaledScale(params, a.scale(), a.level()), a.logSlots());
    }

    public Ciphertext rescaleNew(Ciphertext a) {
        return newResult(out -> rescale(a, out));
    }

    /** Drops the top {@code levels} primes without changing the scale. */
    public void dropLevel(Ciphertext a, int levels, Ciphertext out) {
        int newLevel = a.level() - levels;
        if (levels < 0 || newLevel < 0) {
            throw new IllegalArgumentException("cannot drop " + levels + " levels from level " + a.level());
        }
        DevicePoly[] parts = outputs.allocate(a.degree(), newLevel);
        outputs.copyUnchanged(a, parts, 0);
        outputs.replace(out, parts, newLevel, a.scale(), a.logSlots());
    }

    public Ciphertext dropLevelNew(Ciphertext a, int levels) {
        return newResult(out -> dropLevel(a, levels, out));
    }

    /**
     * Re-encrypts a degree-1 ciphertext under another secret with a key from
     * {@link KeyGenerator#genSwitchingKey(SecretKey, SecretKey)}: (c_0 + ks_0, ks_1) with
     * ks_0 + ks_1·s_to ≈ c_1·s_from.
     */
    public void switchKeys(Ciphertext a, SwitchingKey key, Ciphertext out) {
        keySwitching.switchKeys(a, key, out);
    }

    public Ciphertext switchKeysNew(Ciphertext a, SwitchingKey key) {
        return newResult(out -> switchKeys(a, key, out));
    }

    // ---- automorphisms -----------------------------------------------------------------------------

    /** Left rotation by {@code step} slots: output slot j = input slot j + step (any sign). */
    public void rotate(Ciphertext a, int step, Ciphertext out) {
        automorphism(a, GaloisElements.forRotation(step, params.logN()), "rotate by " + step, out);
    }

    public Ciphertext rotateNew(Ciphertext a, int step) {
        return newResult(out -> rotate(a, step, out));
    }

    /** Complex conjugation of every slot. */
    public void conjugate(Ciphertext a, Ciphertext out) {
        automorphism(a, GaloisElements.forConjugation(params.logN()), "conjugate", out);
    }

    public Ciphertext conjugateNew(Ciphertext a) {
        return newResult(out -> conjugate(a, out));
    }

    /** Applies X -> X^g with its Galois key. */
    public void automorphism(Ciphertext a, long galoisElement, String op, Ciphertext out) {
        keySwitching.automorphism(a, galoisElement, op, out);
    }

    /** The rotations of lazy sums that a linear transform's giant steps take, with this evaluator's keys. */
    public GiantStepRotator giantStepRotator() {
        return new GiantStepRotator(keySwitching);
    }

    /** Decomposition + ModUp of a's c_1, shared by hoisted rotations of a ({@link #rotateHoisted}); close it. */
    public HoistedDecomposition decompose(Ciphertext a) {
        return keySwitching.decompose(a);
    }

    /** Rotation reusing a decomposition of a; bit-identical to {@link #rotate}. */
    public void rotateHoisted(Ciphertext a, HoistedDecomposition dec, int step, Ciphertext out) {
        keySwitching.rotateHoisted(a, dec, step, out);
    }

    /** Rotations by several steps sharing one decomposition; keys are the steps (in the given order). */
    public Map<Integer, Ciphertext> rotateHoistedNew(Ciphertext a, int[] steps) {
        return keySwitching.rotateHoistedNew(a, steps);
    }

    /**
     * Lazy hoisted rotation: the rotated ciphertext over Q_ℓ ∪ P, still multiplied by P (no ModDown).
     * Sum several with {@link #addLazyNew} and finish with one {@link #modDown} (double hoisting).
     */
    public CiphertextQP rotateHoistedLazyNew(Ciphertext a, HoistedDecomposition dec, int step) {
        return keySwitching.rotateHoistedLazyNew(a, dec, step);
    }

    /** Lazy hoisted rotations by several steps in one backend batch; keys are the distinct steps, in order. */
    public Map<Integer, CiphertextQP> rotateHoistedLazyNew(Ciphertext a, HoistedDecomposition dec, int[] steps) {
        return keySwitching.rotateHoistedLazyNew(a, dec, steps);
    }

    /** (P·c_0, P·c_1) over Q_ℓ ∪ P: the lazy rotation by 0, to add to {@link #rotateHoistedLazyNew} results. */
    public CiphertextQP liftLazyNew(Ciphertext a) {
        return keySwitching.liftLazyNew(a);
    }

    /** A lazy ciphertext over Q_level ∪ P from the pool, contents undefined: for sums the caller writes whole. */
    public CiphertextQP lazyNew(int level, BigDecimal scale, int logSlots) {
        return keySwitching.lazyNew(level, scale, logSlots);
    }

    /** Sum of two lazy (Q ∪ P) ciphertexts. */
    public CiphertextQP addLazyNew(CiphertextQP a, CiphertextQP b) {
        return keySwitching.addLazyNew(a, b);
    }

    /**
     * ModDown(Σ_k factors[g][k] ⊙ lazy[g][k]) for each g, labelled {@code scale}: giant steps of a double-hoisted
     * linear transform (factors: their Q ∪ P diagonals) in one backend call, the lazy sums kept in scratch.
     */
    public Ciphertext[] modDownOfProductsNew(CiphertextQP[][] lazy, DevicePoly[][] factors, BigDecimal scale,
                                             int logSlots) {
        return keySwitching.modDownOfProductsNew(lazy, factors, scale, logSlots);
    }

    /** Divides a lazy ciphertext by P, returning to Q_ℓ. */
    public void modDown(CiphertextQP a, Ciphertext out) {
        keySwitching.modDown(a, out);
    }
}
