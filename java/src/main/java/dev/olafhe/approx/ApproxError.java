package dev.olafhe.approx;

import java.util.function.DoubleUnaryOperator;

/**
 * How well p approximates f on [a, b]: maximum error on a fine grid, root-mean-square error weighted by the input
 * density, and the fraction of observed inputs outside [a, b] (where no bound holds at all).
 */
public record ApproxError(double maxError, double weightedRms, double outOfIntervalRate) {
    static final int GRID = 8192;

    public static ApproxError measure(DoubleUnaryOperator p, DoubleUnaryOperator f, double a, double b, Weight density,
                                      double outOfIntervalRate) {
        double max = 0;
        double num = 0;
        double den = 0;
        double h = (b - a) / GRID;
        for (int i = 0; i <= GRID; i++) {
            double x = a + i * h;
            double e = p.applyAsDouble(x) - f.applyAsDouble(x);
            max = Math.max(max, Math.abs(e));
            double w = density.at(x);
            num += w * e * e;
            den += w;
        }
        return new ApproxError(max, den > 0 ? Math.sqrt(num / den) : Double.NaN, outOfIntervalRate);
    }
}
