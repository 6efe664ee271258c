package dev.olafhe.infer;

import dev.olafhe.approx.ChebyshevInterpolation;
import dev.olafhe.approx.ChebyshevSeries;
import dev.olafhe.approx.CompositeSign;
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
    public static LayerPolynomials calibrate(Network net, Tensor calibration, int degree, double margin) {
        Map<Integer, ChebyshevSeries> layers = new HashMap<>();
        observedRanges(net, calibration).forEach((l, r) -> {
            double m = margin * (r[1] - r[0]);
            layers.put(l, interpolant(r[0] - m, r[1] + m, degree));
        });
        return new LayerPolynomials(layers);
    }

    /**
     * The composite minimax ReLU baseline (Lee et al.; alpha 13, sign degrees 15/15/27) on every ReLU layer, on
     * [-B, B] with B the larger magnitude of the layer's range widened by {@code margin}·width on each side.
     */
    public static LayerPolynomials composite(Network net, Tensor calibration, double margin) {
        return composite(net, calibration, margin,
                CompositeSign.forPrecision(CompositeSign.LEE_ALPHA, CompositeSign.LEE_DEGREES));
    }

    /** As above with another composite sign (e.g. low degrees for fast tests). */
    public static LayerPolynomials composite(Network net, Tensor calibration, double margin, CompositeSign sign) {
        Map<Integer, ActivationPolynomial> layers = new HashMap<>();
        observedRanges(net, calibration).forEach((l, r) -> {
            double m = margin * (r[1] - r[0]);
            double bound = Math.max(Math.abs(r[0] - m), Math.abs(r[1] + m));
            layers.put(l, ActivationPolynomial.CompositeRelu.of(sign, bound));
        });
        return LayerPolynomials.of(layers);
    }

    /** Chebyshev interpolant of ReLU on [a, b]. */
    static ChebyshevSeries interpolant(double a, double b, int degree) {
        return ChebyshevInterpolation.interpolate(x -> Math.max(x, 0), a, b, degree);
    }
}
