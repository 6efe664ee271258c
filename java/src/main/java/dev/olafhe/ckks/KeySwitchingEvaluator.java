package dev.olafhe.ckks;

import dev.olafhe.backend.Backend;
import dev.olafhe.backend.DevicePoly;

import java.math.BigInteger;
import java.util.LinkedHashMap;
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
            out.replace(parts, a.level(), a.scale(), a.logSlots());
            return;
        }
        RelinearizationKey rlk = keys.relinearizationKey().orElseThrow(() -> new IllegalStateException(
                "cannot relinearize: the evaluation key set has no relinearization key"));
        DevicePoly[] parts = outputs.allocate(1, a.level());
        keySwitcher.keySwitch(a.part(2), a.level(), rlk.key(), parts[0], parts[1]);
        backend.add(parts[0], a.part(0), parts[0]);
        backend.add(parts[1], a.part(1), parts[1]);
        out.replace(parts, a.level(), a.scale(), a.logSlots());
    }

    void switchKeys(Ciphertext a, SwitchingKey key, Ciphertext out) {
        requireDegree(a, 1, "switch keys");
        DevicePoly[] parts = outputs.allocate(1, a.level());
        keySwitcher.keySwitch(a.part(1), a.level(), key, parts[0], parts[1]);
        backend.add(parts[0], a.part(0), parts[0]);
        out.replace(parts, a.level(), a.scale(), a.logSlots());
    }

    // ---- automorphisms -----------------------------------------------------------------------------

    void automorphism(Ciphertext a, long galoisElement, String op, Ciphertext out) {
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

    Map<Integer, Ciphertext> rotateHoistedNew(Ciphertext a, int[] steps) {
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

    /** Key switch c_1 from s to σ^-1(s), add c_0, then permute: a ciphertext of σ(m) under s. */
    private void automorphismHoisted(Ciphertext a, HoistedDecomposition dec, GaloisKey key, Ciphertext out) {
        int level = a.level();
        DevicePoly[] parts = outputs.allocate(1, level);
        try (DevicePoly ks0 = context.allocateQ(level); DevicePoly ks1 = context.allocateQ(level)) {
            keySwitcher.keySwitchHoisted(dec, key.key(), ks0, ks1);
            backend.add(ks0, a.part(0), ks0);
            backend.automorphismNtt(ks0, key.galoisElement(), parts[0]);
            backend.automorphismNtt(ks1, key.galoisElement(), parts[1]);
        }
        out.replace(parts, level, a.scale(), a.logSlots());
    }

    // ---- lazy (Q ∪ P) forms of double hoisting -------------------------------------------------------

    CiphertextQP rotateHoistedLazyNew(Ciphertext a, HoistedDecomposition dec, int step) {
        requireDecomposition(a, dec, "rotate (hoisted, lazy)");
        GaloisKey key = rotationKey(step);
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

    CiphertextQP liftLazyNew(Ciphertext a) {
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

    CiphertextQP addLazyNew(CiphertextQP a, CiphertextQP b) {
        if (a.level() != b.level() || !sameScale(a.scale(), b.scale())) {
            throw new IllegalArgumentException("cannot add lazy ciphertexts: levels or scales differ");
        }
        DevicePoly c0 = context.allocateQP(a.level());
        DevicePoly c1 = context.allocateQP(a.level());
        backend.add(a.c0(), b.c0(), c0);
        backend.add(a.c1(), b.c1(), c1);
        return new CiphertextQP(c0, c1, a.level(), a.scale(), Math.max(a.logSlots(), b.logSlots()));
    }

    void modDown(CiphertextQP a, Ciphertext out) {
        DevicePoly[] parts = outputs.allocate(1, a.level());
        backend.modDown(a.c0(), parts[0]);
        backend.modDown(a.c1(), parts[1]);
        out.replace(parts, a.level(), a.scale(), a.logSlots());
    }
}
