package dev.olafhe.infer;

import dev.olafhe.approx.ChebyshevSeries;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleUnaryOperator;

/**
 * The polynomial that replaces each activation layer (by activation index), the part of an OLA plan the
 * encrypted runtime consumes. The plan files of the planner map onto this.
 */
public record PolynomialPlan(Map<Integer, ChebyshevSeries> layers) {
    public PolynomialPlan {
        layers = Map.copyOf(new TreeMap<>(layers));
    }

    public ChebyshevSeries layer(int activationIndex) {
        ChebyshevSeries p = layers.get(activationIndex);
        if (p == null) {
            throw new IllegalArgumentException("the plan has no polynomial for activation layer " + activationIndex
                    + " (it covers " + new TreeMap<>(layers).keySet() + ")");
        }
        return p;
    }

    /** The plan's polynomials as executor hooks: the plaintext model the encrypted run must reproduce. */
    public dev.olafhe.nn.Hooks hooks() {
        dev.olafhe.nn.Hooks h = dev.olafhe.nn.Hooks.create();
        layers.forEach((l, p) -> h.replace(l, (DoubleUnaryOperator) p::evaluate));
        return h;
    }
}
