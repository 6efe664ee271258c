package dev.olafhe.ckks;

import dev.olafhe.backend.DevicePoly;

import java.util.List;

/**
 * The rotations a BSGS linear transform's giant steps take, on lazy sums (over Q ∪ P, times P: one ModDown at the
 * end for all of them, double hoisting); from {@link Evaluator#giantStepRotator}, with its keys.
 */
public final class GiantStepRotator {
    private final KeySwitchingEvaluator keySwitching;

    GiantStepRotator(KeySwitchingEvaluator keySwitching) {
        this.keySwitching = keySwitching;
    }

    /**
     * acc += Σ_r lazy rotate(terms[r], steps[r]) for degree-1 terms at acc's level and scale: independent giant steps,
     * in one backend call when their keys are resident.
     */
    public void rotateAndAccumulate(CiphertextQP acc, List<Ciphertext> terms, int[] steps) {
        keySwitching.rotateAndAccumulateLazy(acc, terms, steps);
    }

    /**
     * acc += lazy rotate(prev, step) for a lazy sum prev at acc's level and scale, without bringing prev down first:
     * only its c_1 is, for the key switch. The last step of a Horner chain of nested giant steps; one backend call.
     */
    public void addRotated(CiphertextQP acc, CiphertextQP prev, int step) {
        keySwitching.addRotatedLazy(acc, prev, step);
    }

    /**
     * out = Σ_k operands[k] ⊙ factors[k] + lazy rotate(prev, step), all lazy at out's level and scale (factors over
     * Q ∪ P): a Horner step of nested giant steps with resident diagonals; one backend call.
     */
    public void sumOfProductsAddRotated(CiphertextQP[] operands, DevicePoly[] factors, CiphertextQP prev, int step,
                                        CiphertextQP out) {
        keySwitching.sumOfProductsAddRotatedLazy(operands, factors, prev, step, out);
    }
}
