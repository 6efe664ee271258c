package dev.olafhe.ckks;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.DevicePoly;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

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
 */
public final class Evaluator {
    /** Precision of scale bookkeeping; equal-scale checks allow a relative difference of 10^-30. */
    public static final MathContext SCALE_CONTEXT = new MathContext(50, RoundingMode.HALF_EVEN);
    private static final BigDecimal SCALE_TOLERANCE = new BigDecimal("1e-30");

    private final CkksContext context;
    private final CkksParameters params;
    private final Backend backend;
    private final EvaluationKeySet keys;
    private final KeySwitcher keySwitcher;

    public Evaluator(CkksContext context, EvaluationKeySet keys) {
        this.context = context;
        this.params = context.params();
        this.backend = context.backend();
        this.keys = keys;
        this.keySwitcher = new KeySwitcher(context);
    }

    /** An evaluator on the same context bound to other keys. */
    public Evaluator withKeys(EvaluationKeySet otherKeys) {
        return new Evaluator(context, otherKeys);
    }

    public CkksContext context() {
        return context;
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private DevicePoly[] allocate(int degree, int level) {
        DevicePoly[] parts = new DevicePoly[degree + 1];
        for (int i = 0; i <= degree; i++) {
            parts[i] = context.allocateQ(level);
        }
        return parts;
    }

    /** out's polys when they already have the shape (safe for element-wise ops), else fresh ones. */
    private DevicePoly[] target(Ciphertext out, int degree, int level) {
        if (out.degree() == degree && out.level() == level) {
            return out.parts();
        }
        return allocate(degree, level);
    }

    /** Whether two scales are equal within the bookkeeping tolerance (relative 10^-30), as additions require. */
    public static boolean sameScale(BigDecimal a, BigDecimal b) {
        BigDecimal diff = a.subtract(b).abs();
        return diff.compareTo(a.abs().multiply(SCALE_TOLERANCE)) <= 0;
    }

    private static void requireCompatible(Ciphertext a, int levelB, BigDecimal scaleB, String op) {
        if (a.level() != levelB) {
            throw new IllegalArgumentException("cannot " + op + ": operands are at different levels (" + a.level()
                    + " and " + levelB + "); drop the higher one first");
        }
        if (!sameScale(a.scale(), scaleB)) {
            throw new IllegalArgumentException("cannot " + op + ": operands have different scales (2^"
                    + log2(a.scale()) + " and 2^" + log2(scaleB) + ")");
        }
    }

    private static void requireDegree(Ciphertext a, int max, String op) {
        if (a.degree() < 1 || a.degree() > max) {
            throw new IllegalArgumentException("cannot " + op + ": ciphertext has degree " + a.degree()
                    + " (expected 1" + (max > 1 ? ".." + max : "") + ")");
        }
    }

    private static String log2(BigDecimal scale) {
        return String.format(java.util.Locale.ROOT, "%.6f", Math.log(scale.doubleValue()) / Math.log(2));
    }

    private static BigInteger roundToInteger(BigDecimal x) {
        return x.setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
    }

    private static boolean isSmallInteger(double c) {
        return c == Math.rint(c) && Math.abs(c) < 0x1p53;
    }

    // ---- addition --------------------------------------------------------------------------------

    public void add(Ciphertext a, Ciphertext b, Ciphertext out) {
        requireCompatible(a, b.level(), b.scale(), "add");
        combine(a, b, out, true);
    }

    public Ciphertext addNew(Ciphertext a, Ciphertext b) {
        Ciphertext out = Ciphertext.empty();
        add(a, b, out);
        return out;
    }

    public void sub(Ciphertext a, Ciphertext b, Ciphertext out) {
        requireCompatible(a, b.level(), b.scale(), "sub");
        combine(a, b, out, false);
    }

    public Ciphertext subNew(Ciphertext a, Ciphertext b) {
        Ciphertext out = Ciphertext.empty();
        sub(a, b, out);
        return out;
    }

    private void combine(Ciphertext a, Ciphertext b, Ciphertext out, boolean add) {
        int degree = Math.max(a.degree(), b.degree());
        DevicePoly[] parts = target(out, degree, a.level());
        for (int i = 0; i <= degree; i++) {
            if (i <= a.degree() && i <= b.degree()) {
                if (add) {
                    backend.add(a.part(i), b.part(i), parts[i]);
                } else {
                    backend.sub(a.part(i), b.part(i), parts[i]);
                }
            } else if (i <= a.degree()) {
                backend.copy(a.part(i), parts[i]);
            } else if (add) {
                backend.copy(b.part(i), parts[i]);
            } else {
                backend.neg(b.part(i), parts[i]);
            }
        }
        out.replace(parts, a.level(), a.scale(), Math.max(a.logSlots(), b.logSlots()));
    }

    public void negate(Ciphertext a, Ciphertext out) {
        DevicePoly[] parts = target(out, a.degree(), a.level());
        for (int i = 0; i <= a.degree(); i++) {
            backend.neg(a.part(i), parts[i]);
        }
        out.replace(parts, a.level(), a.scale(), a.logSlots());
    }

    public Ciphertext negateNew(Ciphertext a) {
        Ciphertext out = Ciphertext.empty();
        negate(a, out);
        return out;
    }

    /** out = a + pt; the plaintext must have a's scale and at least a's level. */
    public void add(Ciphertext a, Plaintext pt, Ciphertext out) {
        plainCombine(a, pt, out, true, "add plaintext");
    }

    public Ciphertext addNew(Ciphertext a, Plaintext pt) {
        Ciphertext out = Ciphertext.empty();
        add(a, pt, out);
        return out;
    }

    public void sub(Ciphertext a, Plaintext pt, Ciphertext out) {
        plainCombine(a, pt, out, false, "sub plaintext");
    }

    public Ciphertext subNew(Ciphertext a, Plaintext pt) {
        Ciphertext out = Ciphertext.empty();
        sub(a, pt, out);
        return out;
    }

    private void plainCombine(Ciphertext a, Plaintext pt, Ciphertext out, boolean add, String op) {
        requirePlaintextLevel(a, pt, op);
        if (!sameScale(a.scale(), pt.scale())) {
            throw new IllegalArgumentException("cannot " + op + ": ciphertext scale 2^" + log2(a.scale())
                    + " differs from plaintext scale 2^" + log2(pt.scale()));
        }
        DevicePoly[] parts = target(out, a.degree(), a.level());
        if (add) {
            backend.add(a.part(0), pt.value(), parts[0]);
        } else {
            backend.sub(a.part(0), pt.value(), parts[0]);
        }
        for (int i = 1; i <= a.degree(); i++) {
            backend.copy(a.part(i), parts[i]);
        }
        out.replace(parts, a.level(), a.scale(), Math.max(a.logSlots(), pt.logSlots()));
    }

    private static void requirePlaintextLevel(Ciphertext a, Plaintext pt, String op) {
        if (pt.level() < a.level()) {
            throw new IllegalArgumentException("cannot " + op + ": plaintext level " + pt.level()
                    + " is below the ciphertext level " + a.level());
        }
    }

    /** out = a + c for a real constant c, encoded as round(c·Δ_a) (no level consumed). */
    public void addConstant(Ciphertext a, double c, Ciphertext out) {
        BigInteger k = roundToInteger(new BigDecimal(c).multiply(a.scale(), SCALE_CONTEXT));
        DevicePoly[] parts = target(out, a.degree(), a.level());
        backend.addScalarNtt(a.part(0), k, parts[0]);
        for (int i = 1; i <= a.degree(); i++) {
            backend.copy(a.part(i), parts[i]);
        }
        out.replace(parts, a.level(), a.scale(), a.logSlots());
    }

    public Ciphertext addConstantNew(Ciphertext a, double c) {
        Ciphertext out = Ciphertext.empty();
        addConstant(a, c, out);
        return out;
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
        Ciphertext out = Ciphertext.empty();
        multiplyByConstant(a, c, out);
        return out;
    }

    /** out = c·a with result scale exactly {@code targetScale}: a is multiplied by round(c·Δ_t/Δ_a). */
    public void multiplyByConstant(Ciphertext a, double c, BigDecimal targetScale, Ciphertext out) {
        BigDecimal factor = new BigDecimal(c).multiply(targetScale, SCALE_CONTEXT).divide(a.scale(), SCALE_CONTEXT);
        scalarMultiply(a, roundToInteger(factor), targetScale, out);
    }

    public Ciphertext multiplyByConstantNew(Ciphertext a, double c, BigDecimal targetScale) {
        Ciphertext out = Ciphertext.empty();
        multiplyByConstant(a, c, targetScale, out);
        return out;
    }

    private void scalarMultiply(Ciphertext a, BigInteger k, BigDecimal scale, Ciphertext out) {
        DevicePoly[] parts = target(out, a.degree(), a.level());
        for (int i = 0; i <= a.degree(); i++) {
            backend.mulScalar(a.part(i), k, parts[i]);
        }
        out.replace(parts, a.level(), scale, a.logSlots());
    }

    /**
     * acc += c·a with the term encoded at acc's scale (round(c·Δ_acc/Δ_a)). When the scales are equal and
     * c is not an integer, acc is first raised by q_ℓ (Lattigo's MulThenAdd) so that c keeps its precision.
     */
    public void multiplyByConstantThenAdd(Ciphertext a, double c, Ciphertext acc) {
        if (a.level() != acc.level()) {
            throw new IllegalArgumentException("cannot multiply-then-add: levels differ (" + a.level() + " and "
                    + acc.level() + ")");
        }
        if (acc.degree() < a.degree()) {
            throw new IllegalArgumentException("cannot multiply-then-add: accumulator degree " + acc.degree()
                    + " is below the operand degree " + a.degree());
        }
        if (sameScale(acc.scale(), a.scale()) && !isSmallInteger(c)) {
            BigInteger q = BigInteger.valueOf(params.q(acc.level()));
            for (int i = 0; i <= acc.degree(); i++) {
                backend.mulScalar(acc.part(i), q, acc.part(i));
            }
            acc.setScale(acc.scale().multiply(new BigDecimal(q), SCALE_CONTEXT));
        }
        BigInteger k = roundToInteger(new BigDecimal(c).multiply(acc.scale(), SCALE_CONTEXT)
                .divide(a.scale(), SCALE_CONTEXT));
        try (DevicePoly tmp = context.allocateQ(a.level())) {
            for (int i = 0; i <= a.degree(); i++) {
                backend.mulScalar(a.part(i), k, tmp);
                backend.add(acc.part(i), tmp, acc.part(i));
            }
        }
    }

    /** out = a ⊙ pt (slot-wise), scale Δ_a·Δ_pt; the plaintext needs at least a's level. */
    public void multiply(Ciphertext a, Plaintext pt, Ciphertext out) {
        requirePlaintextLevel(a, pt, "multiply by plaintext");
        DevicePoly[] parts = target(out, a.degree(), a.level());
        for (int i = 0; i <= a.degree(); i++) {
            backend.mul(a.part(i), pt.value(), parts[i]);
        }
        out.replace(parts, a.level(), a.scale().multiply(pt.scale(), SCALE_CONTEXT), Math.max(a.logSlots(), pt.logSlots()));
    }

    public Ciphertext multiplyNew(Ciphertext a, Plaintext pt) {
        Ciphertext out = Ciphertext.empty();
        multiply(a, pt, out);
        return out;
    }

    // ---- ciphertext multiplication -----------------------------------------------------------------

    /** Tensor product without relinearization: a degree-2 result with scale Δ_a·Δ_b. */
    public void multiply(Ciphertext a, Ciphertext b, Ciphertext out) {
        requireDegree(a, 1, "multiply");
        requireDegree(b, 1, "multiply");
        if (a.level() != b.level()) {
            throw new IllegalArgumentException("cannot multiply: operands are at different levels (" + a.level()
                    + " and " + b.level() + ")");
        }
        DevicePoly[] parts = allocate(2, a.level());
        backend.tensor(a.part(0), a.part(1), b.part(0), b.part(1), parts[0], parts[1], parts[2]);
        out.replace(parts, a.level(), a.scale().multiply(b.scale(), SCALE_CONTEXT), Math.max(a.logSlots(), b.logSlots()));
    }

    public Ciphertext multiplyNew(Ciphertext a, Ciphertext b) {
        Ciphertext out = Ciphertext.empty();
        multiply(a, b, out);
        return out;
    }

    /** Brings a degree-2 ciphertext back to degree 1 with the relinearization key. */
    public void relinearize(Ciphertext a, Ciphertext out) {
        requireDegree(a, 2, "relinearize");
        if (a.degree() == 1) {
            DevicePoly[] parts = target(out, 1, a.level());
            backend.copy(a.part(0), parts[0]);
            backend.copy(a.part(1), parts[1]);
            out.replace(parts, a.level(), a.scale(), a.logSlots());
            return;
        }
        RelinearizationKey rlk = keys.relinearizationKey().orElseThrow(() -> new IllegalStateException(
                "cannot relinearize: the evaluation key set has no relinearization key"));
        DevicePoly[] parts = allocate(1, a.level());
        keySwitcher.keySwitch(a.part(2), a.level(), rlk.key(), parts[0], parts[1]);
        backend.add(parts[0], a.part(0), parts[0]);
        backend.add(parts[1], a.part(1), parts[1]);
        out.replace(parts, a.level(), a.scale(), a.logSlots());
    }

    public Ciphertext relinearizeNew(Ciphertext a) {
        Ciphertext out = Ciphertext.empty();
        relinearize(a, out);
        return out;
    }

    /** Multiply and relinearize: degree-1 result with scale Δ_a·Δ_b (rescale afterwards). */
    public void multiplyRelin(Ciphertext a, Ciphertext b, Ciphertext out) {
        try (Ciphertext product = multiplyNew(a, b)) {
            relinearize(product, out);
        }
    }

    public Ciphertext multiplyRelinNew(Ciphertext a, Ciphertext b) {
        Ciphertext out = Ciphertext.empty();
        multiplyRelin(a, b, out);
        return out;
    }

    // ---- levels ------------------------------------------------------------------------------------

    /** Divides by the last prime q_ℓ (with rounding): level ℓ−1, scale Δ/q_ℓ. */
    public void rescale(Ciphertext a, Ciphertext out) {
        if (a.level() < 1) {
            throw new IllegalArgumentException("cannot rescale: ciphertext is already at level 0");
        }
        DevicePoly[] parts = allocate(a.degree(), a.level() - 1);
        for (int i = 0; i <= a.degree(); i++) {
            backend.rescaleNtt(a.part(i), parts[i]);
        }
        BigDecimal scale = a.scale().divide(new BigDecimal(params.q(a.level())), SCALE_CONTEXT);
        out.replace(parts, a.level() - 1, scale, a.logSlots());
    }

    public Ciphertext rescaleNew(Ciphertext a) {
        Ciphertext out = Ciphertext.empty();
        rescale(a, out);
        return out;
    }

    /** Drops the top {@code levels} primes without changing the scale. */
    public void dropLevel(Ciphertext a, int levels, Ciphertext out) {
        int newLevel = a.level() - levels;
        if (levels < 0 || newLevel < 0) {
            throw new IllegalArgumentException("cannot drop " + levels + " levels from level " + a.level());
        }
        DevicePoly[] parts = allocate(a.degree(), newLevel);
        for (int i = 0; i <= a.degree(); i++) {
            backend.copy(a.part(i), parts[i]);
        }
        out.replace(parts, newLevel, a.scale(), a.logSlots());
    }

    public Ciphertext dropLevelNew(Ciphertext a, int levels) {
        Ciphertext out = Ciphertext.empty();
        dropLevel(a, levels, out);
        return out;
    }

    /**
     * Re-encrypts a degree-1 ciphertext under another secret with a key from
     * {@link KeyGenerator#genSwitchingKey(SecretKey, SecretKey)}: (c_0 + ks_0, ks_1) with
     * ks_0 + ks_1·s_to ≈ c_1·s_from.
     */
    public void switchKeys(Ciphertext a, SwitchingKey key, Ciphertext out) {
        requireDegree(a, 1, "switch keys");
        DevicePoly[] parts = allocate(1, a.level());
        keySwitcher.keySwitch(a.part(1), a.level(), key, parts[0], parts[1]);
        backend.add(parts[0], a.part(0), parts[0]);
        out.replace(parts, a.level(), a.scale(), a.logSlots());
    }

    public Ciphertext switchKeysNew(Ciphertext a, SwitchingKey key) {
        Ciphertext out = Ciphertext.empty();
        switchKeys(a, key, out);
        return out;
    }

    // ---- automorphisms -----------------------------------------------------------------------------

    /** Left rotation by {@code step} slots: output slot j = input slot j + step (any sign). */
    public void rotate(Ciphertext a, int step, Ciphertext out) {
        automorphism(a, GaloisElements.forRotation(step, params.logN()), "rotate by " + step, out);
    }

    public Ciphertext rotateNew(Ciphertext a, int step) {
        Ciphertext out = Ciphertext.empty();
        rotate(a, step, out);
        return out;
    }

    /** Complex conjugation of every slot. */
    public void conjugate(Ciphertext a, Ciphertext out) {
        automorphism(a, GaloisElements.forConjugation(params.logN()), "conjugate", out);
    }

    public Ciphertext conjugateNew(Ciphertext a) {
        Ciphertext out = Ciphertext.empty();
        conjugate(a, out);
        return out;
    }

    /** Applies X -> X^g with its Galois key. */
    public void automorphism(Ciphertext a, long galoisElement, String op, Ciphertext out) {
        requireDegree(a, 1, op);
        GaloisKey key = galoisKey(galoisElement, op);
        try (HoistedDecomposition dec = keySwitcher.decompose(a.part(1), a.level())) {
            automorphismHoisted(a, dec, key, out);
        }
    }

    private GaloisKey galoisKey(long galoisElement, String op) {
        return keys.galoisKey(galoisElement).orElseThrow(() -> new IllegalStateException("cannot " + op
                + ": the evaluation key set has no Galois key for element " + galoisElement));
    }

    /**
     * Decomposition + ModUp of a's c_1, to share among several rotations of the same ciphertext
     * ({@link #rotateHoisted(Ciphertext, HoistedDecomposition, int, Ciphertext)}). Close it after use.
     */
    public HoistedDecomposition decompose(Ciphertext a) {
        requireDegree(a, 1, "decompose");
        return keySwitcher.decompose(a.part(1), a.level());
    }

    /** Rotation reusing a decomposition of a; bit-identical to {@link #rotate}. */
    public void rotateHoisted(Ciphertext a, HoistedDecomposition dec, int step, Ciphertext out) {
        requireDecomposition(a, dec, "rotate (hoisted)");
        GaloisKey key = galoisKey(GaloisElements.forRotation(step, params.logN()), "rotate by " + step);
        automorphismHoisted(a, dec, key, out);
    }

    /** Rotations by several steps sharing one decomposition; keys are the steps (in the given order). */
    public Map<Integer, Ciphertext> rotateHoistedNew(Ciphertext a, int[] steps) {
        Map<Integer, Ciphertext> result = new LinkedHashMap<>();
        try (HoistedDecomposition dec = decompose(a)) {
            for (int step : steps) {
                if (!result.containsKey(step)) {
                    Ciphertext out = Ciphertext.empty();
                    rotateHoisted(a, dec, step, out);
                    result.put(step, out);
                }
            }
        }
        return result;
    }

    private static void requireDecomposition(Ciphertext a, HoistedDecomposition dec, String op) {
        if (dec.level() != a.level()) {
            throw new IllegalArgumentException("cannot " + op + ": decomposition is at level " + dec.level()
                    + " but the ciphertext at level " + a.level());
        }
    }

    /** Key switch c_1 from s to σ^-1(s), add c_0, then permute: a ciphertext of σ(m) under s. */
    private void automorphismHoisted(Ciphertext a, HoistedDecomposition dec, GaloisKey key, Ciphertext out) {
        int level = a.level();
        DevicePoly[] parts = allocate(1, level);
        try (DevicePoly ks0 = context.allocateQ(level); DevicePoly ks1 = context.allocateQ(level)) {
            keySwitcher.keySwitchHoisted(dec, key.key(), ks0, ks1);
            backend.add(ks0, a.part(0), ks0);
            backend.automorphismNtt(ks0, key.galoisElement(), parts[0]);
            backend.automorphismNtt(ks1, key.galoisElement(), parts[1]);
        }
        out.replace(parts, level, a.scale(), a.logSlots());
    }

    /**
     * Lazy hoisted rotation: the rotated ciphertext over Q_ℓ ∪ P, still multiplied by P (no ModDown).
     * Sum several with {@link #addLazy} and finish with one {@link #modDown} (double hoisting).
     */
    public CiphertextQP rotateHoistedLazyNew(Ciphertext a, HoistedDecomposition dec, int step) {
        requireDecomposition(a, dec, "rotate (hoisted, lazy)");
        GaloisKey key = galoisKey(GaloisElements.forRotation(step, params.logN()), "rotate by " + step);
        int level = a.level();
        DevicePoly out0 = context.allocateQP(level);
        DevicePoly out1 = context.allocateQP(level);
        try (DevicePoly qp0 = context.allocateQP(level); DevicePoly qp1 = context.allocateQP(level);
             DevicePoly c0TimesP = context.allocateQP(level)) {
            keySwitcher.innerProduct(dec, key.key(), qp0, qp1);
            backend.copy(a.part(0), c0TimesP); // P limbs become 0, which is P·c_0 mod p_j
            backend.mulScalar(c0TimesP, params.pProduct(), c0TimesP);
            backend.add(qp0, c0TimesP, qp0);
            backend.automorphismNtt(qp0, key.galoisElement(), out0);
            backend.automorphismNtt(qp1, key.galoisElement(), out1);
        }
        return new CiphertextQP(out0, out1, level, a.scale(), a.logSlots());
    }

    /**
     * The lazy form (P·c_0, P·c_1) over Q_ℓ ∪ P of a degree-1 ciphertext: the rotation by 0 of a
     * double-hoisted sum, so that it can be accumulated with {@link #rotateHoistedLazyNew} results.
     */
    public CiphertextQP liftLazyNew(Ciphertext a) {
        requireDegree(a, 1, "lift to Q ∪ P");
        DevicePoly c0 = context.allocateQP(a.level());
        DevicePoly c1 = context.allocateQP(a.level());
        BigInteger p = params.pProduct();
        backend.copy(a.part(0), c0); // P limbs become 0, which is P·c mod p_j
        backend.mulScalar(c0, p, c0);
        backend.copy(a.part(1), c1);
        backend.mulScalar(c1, p, c1);
        return new CiphertextQP(c0, c1, a.level(), a.scale(), a.logSlots());
    }

    /** Sum of two lazy (Q ∪ P) ciphertexts. */
    public CiphertextQP addLazyNew(CiphertextQP a, CiphertextQP b) {
        if (a.level() != b.level() || !sameScale(a.scale(), b.scale())) {
            throw new IllegalArgumentException("cannot add lazy ciphertexts: levels or scales differ");
        }
        DevicePoly c0 = context.allocateQP(a.level());
        DevicePoly c1 = context.allocateQP(a.level());
        backend.add(a.c0(), b.c0(), c0);
        backend.add(a.c1(), b.c1(), c1);
        return new CiphertextQP(c0, c1, a.level(), a.scale(), Math.max(a.logSlots(), b.logSlots()));
    }

    /** Divides a lazy ciphertext by P, returning to Q_ℓ. */
    public void modDown(CiphertextQP a, Ciphertext out) {
        DevicePoly[] parts = allocate(1, a.level());
        backend.modDown(a.c0(), parts[0]);
        backend.modDown(a.c1(), parts[1]);
        out.replace(parts, a.level(), a.scale(), a.logSlots());
    }
}
