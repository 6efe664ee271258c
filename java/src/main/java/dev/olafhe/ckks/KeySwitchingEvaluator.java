package dev.olafhe.ckks;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.DevicePoly;
import dev.olafhe.backend.ProductCombination;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.olafhe.ckks.EvaluatorChecks.requireDecomposition;
import static dev.olafhe.ckks.EvaluatorChecks.requireDegree;
import static dev.olafhe.ckks.EvaluatorChecks.sameScale;

/**
 * The {@link Evaluator}'s operations that need evaluation keys: relinearization, switching keys, automorphisms
 * (rotations, conjugation), hoisted rotations and the lazy Q ∪ P forms of double hoisting. The evaluator delegates
 * here; the public documentation is on its methods.
 */
final class KeySwitchingEvaluator {
    private final CkksContext context;
    private final CkksParameters params;
    private final Backend backend;
    private final EvaluationKeySet keys;
    private final KeySwitcher keySwitcher;
    private final OutputParts outputs;

    KeySwitchingEvaluator(CkksContext context, EvaluationKeySet keys) {
        this.context = context;
        this.params = context.params();
        this.backend = context.backend();
        this.keys = keys;
        this.keySwitcher = new KeySwitcher(context);
        this.outputs = new OutputParts(context);
    }

    void relinearize(Ciphertext a, Ciphertext out) {
        requireDegree(a, 2, "relinearize");
        if (a.degree() == 1) {
            DevicePoly[] parts = outputs.reuseOrAllocate(out, 1, a.level());
            outputs.copyUnchanged(a, parts, 0);
            outputs.replace(out, parts, a.level(), a.scale(), a.logSlots());
            return;
        }
        RelinearizationKey rlk = keys.relinearizationKey().orElseThrow(() -> new IllegalStateException(
                "cannot relinearize: the evaluation key set has no relinearization key"));
        // in place too, the sums go to fresh parts (from the pool, to which a's go back), not through scratch
        DevicePoly[] parts = outputs.reuseUnlessAliased(out, 1, a.level(), a);
        keySwitcher.keySwitchAdd(a.part(2), a.level(), rlk.key(), a.part(0), a.part(1), parts[0], parts[1]);
        outputs.replace(out, parts, a.level(), a.scale(), a.logSlots());
    }

    /**
     * a·b at {@code level}, the linear step of {@code terms} (null: none), relinearization and a rescale as asked, in
     * one backend call ({@link Backend#multiplyRelinearize}); the result replaces out's contents (out may be a or b).
     */
    void multiply(Ciphertext a, Ciphertext b, int level, ProductTerms terms, boolean relinearize, boolean rescale,
                  Ciphertext out) {
        requireDegree(a, 1, "multiply");
        requireDegree(b, 1, "multiply");
        if (level > Math.min(a.level(), b.level()) || level < (rescale ? 1 : 0)) {
            throw new IllegalArgumentException("cannot multiply at level " + level + (rescale ? " and rescale" : "")
                    + ": the operands are at levels " + a.level() + " and " + b.level());
        }
        int logSlots = Math.max(a.logSlots(), b.logSlots());
        ProductCombination combination = null;
        if (terms != null) {
            DevicePoly[][] others = new DevicePoly[terms.others().length][];
            for (int k = 0; k < others.length; k++) {
                Ciphertext other = terms.others()[k];
                if (other.level() < level || other.degree() > (terms.afterRelinearization() && relinearize ? 1 : 2)) {
                    throw new IllegalArgumentException("cannot multiply and combine: a term at level " + other.level()
                            + " with degree " + other.degree() + " for a product at level " + level);
                }
                others[k] = other.parts();
                logSlots = Math.max(logSlots, other.logSlots());
            }
            combination = new ProductCombination(others, terms.factors(), terms.constant(),
                    terms.afterRelinearization());
        }
        SwitchingKey rlk = !relinearize ? null : keys.relinearizationKey().orElseThrow(() -> new IllegalStateException(
                "cannot relinearize: the evaluation key set has no relinearization key")).key();
        int outLevel = rescale ? level - 1 : level;
        DevicePoly[] parts = outputs.allocate(relinearize ? 1 : 2, outLevel);
        try {
            keySwitcher.multiplyRelinearize(new DevicePoly[] {a.part(0), a.part(1)},
                    new DevicePoly[] {b.part(0), b.part(1)}, combination, rlk, rescale, parts);
        } catch (RuntimeException e) {
            closeAll(parts);
            throw e;
        }
        BigDecimal scale = Evaluator.productScale(a, b);
        if (rescale) {
            scale = Evaluator.rescaledScale(params, scale, level);
        }
        outputs.replace(out, parts, outLevel, scale, logSlots);
    }

    void switchKeys(Ciphertext a, SwitchingKey key, Ciphertext out) {
        requireDegree(a, 1, "switch keys");
        DevicePoly[] parts = outputs.reuseUnlessAliased(out, 1, a.level(), a);
        keySwitcher.keySwitch(a.part(1), a.level(), key, parts[0], parts[1]);
        backend.add(parts[0], a.part(0), parts[0]);
        outputs.replace(out, parts, a.level(), a.scale(), a.logSlots());
    }

    // ---- automorphisms -----------------------------------------------------------------------------

    void automorphism(Ciphertext a, long galoisElement, String op, Ciphertext out) {
        requireDegree(a, 1, op);
        automorphismHoisted(a, null, galoisKey(galoisElement, op), out);
    }

    private GaloisKey galoisKey(long galoisElement, String op) {
        return keys.galoisKey(galoisElement).orElseThrow(() -> new IllegalStateException("cannot " + op
                + ": the evaluation key set has no Galois key for element " + galoisElement));
    }

    private GaloisKey rotationKey(int step) {
        return galoisKey(GaloisElements.forRotation(step, params.logN()), "rotate by " + step);
    }

    HoistedDecomposition decompose(Ciphertext a) {
        requireDegree(a, 1, "decompose");
        return keySwitcher.decompose(a.part(1), a.level());
    }

    void rotateHoisted(Ciphertext a, HoistedDecomposition dec, int step, Ciphertext out) {
        requireDecomposition(a, dec, "rotate (hoisted)");
        automorphismHoisted(a, dec, rotationKey(step), out);
    }

    /** The distinct steps' rotations in one backend batch sharing one decomposition. */
    Map<Integer, Ciphertext> rotateHoistedNew(Ciphertext a, int[] steps) {
        List<Integer> distinct = distinct(steps);
        List<GaloisKey> rotationKeys = distinct.stream().map(this::rotationKey).toList();
        DevicePoly[][] parts = new DevicePoly[distinct.size()][];
        for (int r = 0; r < parts.length; r++) {
            parts[r] = outputs.allocate(1, a.level());
        }
        try (HoistedDecomposition dec = decompose(a)) {
            keySwitcher.automorphisms(a.part(0), a.part(1), dec, rotationKeys, column(parts, 0), column(parts, 1));
        } catch (RuntimeException e) {
            closeAll(column(parts, 0), column(parts, 1));
            throw e;
        }
        Map<Integer, Ciphertext> result = new LinkedHashMap<>();
        for (int r = 0; r < parts.length; r++) {
            result.put(distinct.get(r), outputs.result(parts[r], a.level(), a.scale(), a.logSlots()));
        }
        return result;
    }

    private static List<Integer> distinct(int[] steps) {
        return java.util.Arrays.stream(steps).distinct().boxed().toList();
    }

    /** Frees outputs allocated for a batch that failed. */
    private static void closeAll(DevicePoly[]... polys) {
        for (DevicePoly[] group : polys) {
            for (DevicePoly p : group) {
                p.close();
            }
        }
    }

    private static DevicePoly[] column(DevicePoly[][] rows, int index) {
        DevicePoly[] column = new DevicePoly[rows.length];
        for (int r = 0; r < rows.length; r++) {
            column[r] = rows[r][index];
        }
        return column;
    }

    /**
     * Key switch c_1 from s to σ^-1(s), add c_0, then permute: a ciphertext of σ(m) under s. With a null
     * decomposition, c_1 is decomposed into scratch.
     */
    private void automorphismHoisted(Ciphertext a, HoistedDecomposition dec, GaloisKey key, Ciphertext out) {
        // in place, the permutation cannot write over its input: fresh parts (from the pool) replace a's
        DevicePoly[] parts = outputs.reuseUnlessAliased(out, 1, a.level(), a);
        keySwitcher.automorphisms(a.part(0), a.part(1), dec, List.of(key), new DevicePoly[] {parts[0]},
                new DevicePoly[] {parts[1]});
        outputs.replace(out, parts, a.level(), a.scale(), a.logSlots());
    }

    /**
     * acc += Σ_r lazy rotate(terms[r], steps[r]) (acc over Q ∪ P, no ModDown), the rotations key switched and summed
     * in one backend call.
     */
    void rotateAndAccumulateLazy(CiphertextQP acc, List<Ciphertext> terms, int[] steps) {
        if (terms.size() != steps.length) {
            throw new IllegalArgumentException("cannot rotate and accumulate " + terms.size() + " terms by "
                    + steps.length + " steps");
        }
        DevicePoly[][] parts = new DevicePoly[terms.size()][];
        List<GaloisKey> rotationKeys = new java.util.ArrayList<>();
        for (int r = 0; r < parts.length; r++) {
            Ciphertext term = terms.get(r);
            requireDegree(term, 1, "rotate and accumulate");
            if (term.level() != acc.level() || !sameScale(term.scale(), acc.scale())
                    || term.logSlots() > acc.logSlots()) {
                throw new IllegalArgumentException("cannot rotate and accumulate a term at level " + term.level()
                        + ", scale 2^" + EvaluatorChecks.log2(term.scale()) + ", " + term.slots()
                        + " slots into a lazy sum at level " + acc.level() + ", scale 2^"
                        + EvaluatorChecks.log2(acc.scale()) + ", " + (1 << acc.logSlots()) + " slots");
            }
            parts[r] = term.parts();
            rotationKeys.add(rotationKey(steps[r]));
        }
        keySwitcher.automorphismsAccumulateLazy(parts, rotationKeys, acc.parts());
    }

    /** acc += lazy rotate(prev, step), both lazy (Q ∪ P, times P) at the same level and scale. */
    void addRotatedLazy(CiphertextQP acc, CiphertextQP prev, int step) {
        requireSameLazyShape(acc, prev);
        keySwitcher.addRotatedLazy(prev.parts(), rotationKey(step), acc.parts());
    }

    /** out = Σ_k operands[k] ⊙ factors[k] + lazy rotate(prev, step), all lazy at out's level and scale. */
    void sumOfProductsAddRotatedLazy(CiphertextQP[] operands, DevicePoly[] factors, CiphertextQP prev, int step,
                                     CiphertextQP out) {
        requireSameLazyShape(out, prev);
        DevicePoly[][] parts = java.util.Arrays.stream(operands).map(CiphertextQP::parts).toArray(DevicePoly[][]::new);
        keySwitcher.sumOfProductsAddRotatedLazy(parts, factors, prev.parts(), rotationKey(step), out.parts());
    }

    private static void requireSameLazyShape(CiphertextQP acc, CiphertextQP prev) {
        if (prev.level() != acc.level() || !sameScale(prev.scale(), acc.scale()) || prev.logSlots() > acc.logSlots()) {
            throw new IllegalArgumentException("cannot add a lazy rotation of a sum at level " + prev.level()
                    + ", scale 2^" + EvaluatorChecks.log2(prev.scale()) + " into a lazy sum at level " + acc.level()
                    + ", scale 2^" + EvaluatorChecks.log2(acc.scale()));
        }
    }

    // ---- lazy (Q ∪ P) forms of double hoisting -------------------------------------------------------

    CiphertextQP rotateHoistedLazyNew(Ciphertext a, HoistedDecomposition dec, int step) {
        return rotateHoistedLazyNew(a, dec, new int[] {step}).get(step);
    }

    /** Lazy rotations by the distinct steps, in one backend batch. */
    Map<Integer, CiphertextQP> rotateHoistedLazyNew(Ciphertext a, HoistedDecomposition dec, int[] steps) {
        requireDecomposition(a, dec, "rotate (hoisted, lazy)");
        List<Integer> distinct = distinct(steps);
        List<GaloisKey> rotationKeys = distinct.stream().map(this::rotationKey).toList();
        DevicePoly[] out0 = new DevicePoly[distinct.size()];
        DevicePoly[] out1 = new DevicePoly[distinct.size()];
        for (int r = 0; r < out0.length; r++) {
            out0[r] = outputs.allocateQP(a.level());
            out1[r] = outputs.allocateQP(a.level());
        }
        try {
            keySwitcher.automorphismsLazy(a.part(0), dec, rotationKeys, out0, out1);
        } catch (RuntimeException e) {
            closeAll(out0, out1);
            throw e;
        }
        Map<Integer, CiphertextQP> result = new LinkedHashMap<>();
        for (int r = 0; r < out0.length; r++) {
            result.put(distinct.get(r), outputs.lazyResult(out0[r], out1[r], a.level(), a.scale(), a.logSlots()));
        }
        return result;
    }

    CiphertextQP lazyNew(int level, BigDecimal scale, int logSlots) {
        return outputs.lazyResult(outputs.allocateQP(level), outputs.allocateQP(level), level, scale, logSlots);
    }

    CiphertextQP liftLazyNew(Ciphertext a) {
        requireDegree(a, 1, "lift to Q ∪ P");
        DevicePoly[] lifted = {outputs.allocateQP(a.level()), outputs.allocateQP(a.level())};
        backend.copyParts(a.parts(), lifted); // P limbs become 0, which is P·c mod p_j
        backend.mulScalarParts(lifted, params.pProduct(), lifted);
        return outputs.lazyResult(lifted[0], lifted[1], a.level(), a.scale(), a.logSlots());
    }

    CiphertextQP addLazyNew(CiphertextQP a, CiphertextQP b) {
        if (a.level() != b.level() || !sameScale(a.scale(), b.scale())) {
            throw new IllegalArgumentException("cannot add lazy ciphertexts: levels or scales differ");
        }
        DevicePoly[] sum = {outputs.allocateQP(a.level()), outputs.allocateQP(a.level())};
        backend.addParts(a.parts(), b.parts(), sum);
        return outputs.lazyResult(sum[0], sum[1], a.level(), a.scale(), Math.max(a.logSlots(), b.logSlots()));
    }

    Ciphertext[] modDownOfProductsNew(CiphertextQP[][] lazy, DevicePoly[][] factors, BigDecimal scale,
                                      int logSlots) {
        int level = lazy[0][0].level();
        DevicePoly[][][] operands = new DevicePoly[lazy.length][][];
        DevicePoly[][] parts = new DevicePoly[lazy.length][];
        for (int g = 0; g < lazy.length; g++) {
            operands[g] = new DevicePoly[lazy[g].length][];
            for (int k = 0; k < lazy[g].length; k++) {
                if (lazy[g][k].level() != level) {
                    throw new IllegalArgumentException("cannot sum lazy products at levels " + level + " and "
                            + lazy[g][k].level());
                }
                operands[g][k] = lazy[g][k].parts();
            }
        }
        for (int g = 0; g < lazy.length; g++) {
            parts[g] = outputs.allocate(1, level);
        }
        backend.sumsOfProductsModDown(operands, factors, parts, context.scratch());
        Ciphertext[] out = new Ciphertext[lazy.length];
        for (int g = 0; g < lazy.length; g++) {
            out[g] = outputs.result(parts[g], level, scale, logSlots);
        }
        return out;
    }

    void modDown(CiphertextQP a, Ciphertext out) {
        DevicePoly[] parts = outputs.allocate(1, a.level());
        backend.modDownParts(a.parts(), parts);
        outputs.replace(out, parts, a.level(), a.scale(), a.logSlots());
    }
}
