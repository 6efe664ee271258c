package dev.olafhe.infer;

import dev.olafhe.nn.Executor;
import dev.olafhe.nn.Hooks;
import dev.olafhe.nn.Logits;
import dev.olafhe.nn.Tensor;

/**
 * Decrypted logits of one image next to the plaintext model: the class each predicts (encrypted, plaintext with
 * the same polynomials, exact model) and the largest logit difference from the plaintext run with the polynomials.
 */
public record PlaintextComparison(int encryptedTop1, int plaintextTop1, int exactTop1, double maxAbsLogitError) {
    public static PlaintextComparison of(double[] decryptedLogits, Executor plain, LayerPolynomials polynomials,
                                         float[] image) {
        Tensor x = new Tensor(1, plain.network().inputShape(), image);
        float[] withPolys = plain.forward(x, polynomials.hooks()).data;
        float[] exact = plain.forward(x, Hooks.NONE).data;
        double err = 0;
        for (int k = 0; k < decryptedLogits.length; k++) {
            err = Math.max(err, Math.abs(decryptedLogits[k] - withPolys[k]));
        }
        return new PlaintextComparison(Logits.argmax(decryptedLogits), Logits.argmax(withPolys),
                Logits.argmax(exact), err);
    }
}
