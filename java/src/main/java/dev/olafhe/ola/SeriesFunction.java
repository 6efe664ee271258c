package dev.olafhe.ola;

import dev.olafhe.approx.ChebyshevSeries;
import dev.olafhe.nn.ArrayFunction;

/** A Chebyshev series as an activation replacement the executor evaluates array by array. */
record SeriesFunction(ChebyshevSeries series) implements ArrayFunction {
    @Override
    public double applyAsDouble(double x) {
        return series.evaluate(x);
    }

    @Override
    public void apply(float[] in, float[] out, int n) {
        series.evaluate(in, out, n);
    }
}
