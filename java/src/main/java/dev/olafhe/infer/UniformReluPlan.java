package dev.olafhe.infer;

import dev.olafhe.approx.ChebyshevInterpolation;
import dev.olafhe.approx.ChebyshevSeries;
import dev.olafhe.nn.ActivationStats;
import dev.olafhe.nn.Executor;
import dev.olafhe.nn.Hooks;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.Tensor;

import java.util.HashMap;
import java.util.Map;

/**
 * A uniform-degree plan: every ReLU layer gets the Chebyshev interpolant of ReLU of one degree on its
 * observed input range (from a calibration batch, widened by a margin). This is the "uniform degree"
 * baseline and what `ola run` uses until plan files from the planner are read (INTERIM: the planner's
 * distribution-aware fits replace it for the OLA plan).
 */
public final class UniformReluPlan {
    private UniformReluPlan() {
    }

    /** Per-layer [min, max] of the activation inputs over the calibration batch. */
    public static Map<Integer, double[]> observedRanges(Network net, Tensor calibration) {
        Map<Integer, ActivationStats> stats = new HashMap<>();
        Hooks hooks = Hooks.create();
        for (int l = 0; l < net.numActivations(); l++) {
            ActivationStats s = ActivationStats.minMaxOnly();
            stats.put(l, s);
            hooks.observe(l, s);
        }
        try (Executor ex = new Executor(net)) {
            ex.forward(calibration, hooks);
        }
        Map<Integer, double[]> ranges = new HashMap<>();
        stats.forEach((l, s) -> ranges.put(l, new double[] {s.min(), s.max()}));
        return ranges;
    }

    /** ReLU of degree {@code degree} on every layer's range widened by {@code margin}·width on each side. */
    public static PolynomialPlan calibrate(Network net, Tensor calibration, int degree, double margin) {
        Map<Integer, ChebyshevSeries> layers = new HashMap<>();
        observedRanges(net, calibration).forEach((l, r) -> {
            double m = margin * (r[1] - r[0]);
            layers.put(l, interpolant(r[0] - m, r[1] + m, degree));
        });
        return new PolynomialPlan(layers);
    }

    /** Chebyshev interpolant of ReLU on [a, b]. */
    static ChebyshevSeries interpolant(double a, double b, int degree) {
        return ChebyshevInterpolation.interpolate(x -> Math.max(x, 0), a, b, degree);
    }
}
