package dev.olafhe.nn;

import java.util.function.DoubleUnaryOperator;

/**
 * A scalar function that can also be applied to a whole array at once. The executor applies a replacement that
 * implements it array by array (a polynomial's recurrence then runs over many elements per step, which the JIT
 * vectorises) instead of element by element through {@link #applyAsDouble}; both must give the same floats.
 */
public interface ArrayFunction extends DoubleUnaryOperator {
    /** {@code out[i] = (float) applyAsDouble(in[i])} for i in [0, n). */
    void apply(float[] in, float[] out, int n);
}
