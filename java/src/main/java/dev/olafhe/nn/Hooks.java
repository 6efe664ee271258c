package dev.olafhe.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * What to do at activation layers during a forward pass: replace the activation of layer l by an arbitrary
 * scalar function (e.g. a polynomial), and/or observe its inputs. Layers are addressed by activation index
 * ({@link Network#activations()}) or, with the network at hand, by node name. Not thread-safe while being
 * built; read-only while a pass runs.
 */
public final class Hooks {
    /** No replacement, no observer: the exact model. */
    public static final Hooks NONE = new Hooks();

    private final Map<Integer, DoubleUnaryOperator> replacements = new HashMap<>();
    private final Map<Integer, List<ActivationObserver>> observers = new HashMap<>();
    private final List<ActivationObserver> allObservers = new ArrayList<>();

    public static Hooks create() {
        return new Hooks();
    }

    /** Hooks that only replace the given layers. */
    public static Hooks replacing(Map<Integer, DoubleUnaryOperator> replacements) {
        Hooks h = new Hooks();
        replacements.forEach(h::replace);
        return h;
    }

    private void checkMutable() {
        if (this == NONE) {
            throw new UnsupportedOperationException("Hooks.NONE is immutable; use Hooks.create()");
        }
    }

    /** Evaluate {@code f} instead of the activation at layer {@code activationIndex}. */
    public Hooks replace(int activationIndex, DoubleUnaryOperator f) {
        checkMutable();
        if (activationIndex < 0) {
            throw new IllegalArgumentException("negative activation index " + activationIndex);
        }
        replacements.put(activationIndex, f);
        return this;
    }

    /** Evaluate {@code f} instead of the activation layer named {@code nodeName} in {@code net}. */
    public Hooks replace(Network net, String nodeName, DoubleUnaryOperator f) {
        return replace(net.activationIndex(nodeName), f);
    }

    /** Call {@code o} with the inputs of layer {@code activationIndex}. */
    public Hooks observe(int activationIndex, ActivationObserver o) {
        checkMutable();
        observers.computeIfAbsent(activationIndex, k -> new ArrayList<>()).add(o);
        return this;
    }

    public Hooks observe(Network net, String nodeName, ActivationObserver o) {
        return observe(net.activationIndex(nodeName), o);
    }

    /** Call {@code o} with the inputs of every activation layer (it receives the index). */
    public Hooks observeAll(ActivationObserver o) {
        checkMutable();
        allObservers.add(o);
        return this;
    }

    public DoubleUnaryOperator replacement(int activationIndex) {
        return replacements.get(activationIndex);
    }

    public Map<Integer, DoubleUnaryOperator> replacements() {
        return Collections.unmodifiableMap(replacements);
    }

    boolean hasObservers(int activationIndex) {
        return !allObservers.isEmpty() || observers.containsKey(activationIndex);
    }

    void notify(int activationIndex, float[] values, int from, int to) {
        for (ActivationObserver o : allObservers) {
            o.observe(activationIndex, values, from, to);
        }
        for (ActivationObserver o : observers.getOrDefault(activationIndex, List.of())) {
            o.observe(activationIndex, values, from, to);
        }
    }

    /** Smallest activation index with a replacement or observer, or Integer.MAX_VALUE. */
    int firstHookedIndex() {
        int m = Integer.MAX_VALUE;
        for (int k : replacements.keySet()) {
            m = Math.min(m, k);
        }
        for (int k : observers.keySet()) {
            m = Math.min(m, k);
        }
        return allObservers.isEmpty() ? m : Math.min(m, 0);
    }

    /** Throws if any hook addresses a layer the network does not have. */
    void validate(Network net) {
        for (int k : replacements.keySet()) {
            net.activation(k);
        }
        for (int k : observers.keySet()) {
            net.activation(k);
        }
    }
}
