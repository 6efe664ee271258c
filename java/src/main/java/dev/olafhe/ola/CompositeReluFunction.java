package dev.olafhe.ola;

import dev.olafhe.approx.CompositeSign;
import dev.olafhe.nn.ArrayFunction;

/** The composite minimax ReLU on [-bound, bound] as an activation replacement evaluated array by array. */
record CompositeReluFunction(CompositeSign sign, double bound) implements ArrayFunction {
    @Override
    public double applyAsDouble(double x) {
        return sign.relu(x, bound);
    }

    @Override
    public void apply(float[] in, float[] out, int n) {
        sign.relu(in, out, n, bound);
    }
}
