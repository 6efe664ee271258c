package dev.olafhe.nn;

/** The predicted class of a logit vector (first index on ties), for decrypted and plaintext logits alike. */
public final class Logits {
    private Logits() {
    }

    public static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            best = v[i] > v[best] ? i : best;
        }
        return best;
    }

    public static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            best = v[i] > v[best] ? i : best;
        }
        return best;
    }
}
