package dev.olafhe.infer;

import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.Evaluator;
import dev.olafhe.ckks.Plaintext;
import dev.olafhe.ckks.lintrans.LinearTransform;
import dev.olafhe.ckks.lintrans.LinearTransformEvaluator;

import java.math.BigDecimal;

/**
 * A {@link SlotLinearTransform} encoded on a backend for inputs at one level and scale (from
 * {@link SlotLinearTransform#encode}): the diagonals as an engine {@link LinearTransform} (resident or compact),
 * the bias as a plaintext, and the rotate-and-add prefix and replication steps. Owns backend memory; close it.
 */
public final class EncodedSlotTransform implements AutoCloseable {
    private final LinearTransform diagonals;
    private final Plaintext bias;
    private final BigDecimal inputScale;
    private final int[] preSumSteps;
    private final int[] replicationSteps;

    EncodedSlotTransform(LinearTransform diagonals, Plaintext bias, BigDecimal inputScale, int[] preSumSteps,
                         int[] replicationSteps) {
        this.diagonals = diagonals;
        this.bias = bias;
        this.inputScale = inputScale;
        this.preSumSteps = preSumSteps;
        this.replicationSteps = replicationSteps;
    }

    /**
     * The transform of {@code input} (not modified), one level below it at exactly the output scale it was encoded
     * for.
     *
     * @throws IllegalArgumentException when the input's level, scale or slot count is not the encoded one
     */
    public Ciphertext evaluate(Evaluator ev, Ciphertext input) {
        if (input.level() != diagonals.level() || input.scale().compareTo(inputScale) != 0
                || input.slots() != diagonals.slots()) {
            throw new IllegalArgumentException("linear transform encoded for level " + diagonals.level() + ", "
                    + diagonals.slots() + " slots and scale " + inputScale.round(Evaluator.SCALE_CONTEXT) + "; the input"
                    + " is at level " + input.level() + " with " + input.slots() + " slots and scale " + input.scale());
        }
        Ciphertext summed = preSum(ev, input);
        Ciphertext result;
        try {
            result = new LinearTransformEvaluator(ev).evaluate(summed, diagonals);
        } finally {
            if (summed != input) {
                summed.close();
            }
        }
        ev.add(result, bias, result);
        for (int step : replicationSteps) {
            try (Ciphertext shifted = ev.rotateNew(result, step)) {
                ev.add(result, shifted, result);
            }
        }
        return result;
    }

    /** x += rot(x, s) for every prefix step s (no level); {@code input} itself when there is no prefix. */
    private Ciphertext preSum(Evaluator ev, Ciphertext input) {
        Ciphertext summed = input;
        for (int step : preSumSteps) {
            try (Ciphertext rotated = ev.rotateNew(summed, step)) {
                Ciphertext next = ev.addNew(summed, rotated);
                if (summed != input) {
                    summed.close();
                }
                summed = next;
            }
        }
        return summed;
    }

    /** Bytes the diagonals hold in backend memory (encoded limbs, or integer coefficients when compact). */
    public long diagonalBytes() {
        return diagonals.bytesInMemory();
    }

    @Override
    public void close() {
        diagonals.close();
        bias.close();
    }
}
