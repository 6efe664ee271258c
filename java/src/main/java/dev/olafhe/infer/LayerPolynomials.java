package dev.olafhe.infer;

import dev.olafhe.approx.ChebyshevSeries;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.DoubleUnaryOperator;

/**
 * What replaces each activation layer (by activation index), the part of an OLA plan the encrypted runtime
 * consumes: one Chebyshev series per layer (the plan files of the planner map onto this) or the composite
 * minimax ReLU baseline ({@link ActivationPolynomial}).
 */
public final class LayerPolynomials {
    private final SortedMap<Integer, ActivationPolynomial> layers;

    /** Every layer one Chebyshev series. */
    public LayerPolynomials(Map<Integer, ChebyshevSeries> layers) {
        this(wrapSingle(layers));
    }

    private LayerPolynomials(SortedMap<Integer, ActivationPolynomial> layers) {
        this.layers = Collections.unmodifiableSortedMap(layers);
    }

    /** A plan of any activation kinds. */
    public static LayerPolynomials of(Map<Integer, ? extends ActivationPolynomial> layers) {
        return new LayerPolynomials(new TreeMap<Integer, ActivationPolynomial>(layers));
    }

    private static SortedMap<Integer, ActivationPolynomial> wrapSingle(Map<Integer, ChebyshevSeries> layers) {
        SortedMap<Integer, ActivationPolynomial> m = new TreeMap<>();
        layers.forEach((l, p) -> m.put(l, new ActivationPolynomial.Single(p)));
        return m;
    }

    /** The activations by layer index, ascending. */
    public SortedMap<Integer, ActivationPolynomial> layers() {
        return layers;
    }

    public ActivationPolynomial activation(int activationIndex) {
        ActivationPolynomial p = layers.get(activationIndex);
        if (p == null) {
            throw new IllegalArgumentException("the plan has no polynomial for activation layer " + activationIndex
                    + " (it covers " + layers.keySet() + ")");
        }
        return p;
    }

    /** The plan's functions as executor hooks: the plaintext model the encrypted run must reproduce. */
    public dev.olafhe.nn.Hooks hooks() {
        dev.olafhe.nn.Hooks h = dev.olafhe.nn.Hooks.create();
        layers.forEach((l, p) -> h.replace(l, (DoubleUnaryOperator) p::evaluate));
        return h;
    }
}
