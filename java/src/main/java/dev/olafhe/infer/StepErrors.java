package dev.olafhe.infer;

import dev.olafhe.ckks.Ciphertext;

import java.util.List;

/**
 * The largest absolute error of each step's decrypted output (true values, after the step's encoding is undone)
 * against the slot simulator running the same program in float64, over all runs observed: the layer-by-layer
 * comparison of an encrypted run with the plaintext model and its polynomials. Needs the secret key (client side).
 */
public final class StepErrors {
    private final InferenceClient client;
    private final HeProgram program;
    private final double[] max;

    public StepErrors(InferenceClient client, HeProgram program) {
        this.client = client;
        this.program = program;
        this.max = new double[program.steps().size()];
    }

    /** Per step, the largest error so far (live: later {@link #record} calls update it). */
    public double[] max() {
        return max;
    }

    /**
     * Decrypts the value step {@code k} wrote, widens that step's error against {@code want.get(k)} (the slot
     * simulator's run on the same input) and returns the decrypted values.
     */
    public double[] record(int k, HeStep step, Ciphertext value, List<double[]> want) {
        double[] have = client.decrypt(program, step.output(), value);
        double[] expected = program.decodeValue(step.output(), want.get(k));
        for (int j = 0; j < have.length; j++) {
            max[k] = Math.max(max[k], Math.abs(have[j] - expected[j]));
        }
        return have;
    }
}
