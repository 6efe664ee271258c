package dev.olafhe.infer;

import dev.olafhe.approx.ChebyshevSeries;
import dev.olafhe.nn.Network;
import dev.olafhe.plan.Plan;
import dev.olafhe.plan.PlanFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.DoubleUnaryOperator;

/**
 * What replaces each activation layer (by activation index), the part of an OLA plan the encrypted runtime
 * consumes: one Chebyshev series per layer (a {@link Plan}'s layers, {@link #fromPlan}) or the composite
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

    /**
     * The per-layer Chebyshev series of a plan (read from {@code file}) for {@code net}, whose model file has SHA-256
     * {@code modelSha256} (the rest of the plan is evidence, not needed here). Refused unless the plan was made for
     * that model ({@link PlanFile#checkModel}: hash, layer count, activation kinds and names) and holds Chebyshev
     * series.
     */
    public static LayerPolynomials fromPlan(Plan plan, Network net, Path file, String modelSha256) throws IOException {
        PlanFile.checkModel(plan, file, net, modelSha256);
        Map<Integer, ChebyshevSeries> layers = new HashMap<>();
        for (Plan.Layer l : plan.layers()) {
            if (l.basis() != null && !l.basis().toLowerCase(Locale.ROOT).startsWith("chebyshev")) {
                throw new IOException("plan " + file + " layer " + l.index() + " uses basis " + l.basis()
                        + "; the encrypted runtime reads Chebyshev series only");
            }
            layers.put(l.index(), new ChebyshevSeries(l.interval()[0], l.interval()[1], l.coefficients()));
        }
        return new LayerPolynomials(layers);
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
