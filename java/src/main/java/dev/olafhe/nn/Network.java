package dev.olafhe.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The model IR: a DAG of {@link Node}s in topological (execution) order. Node 0 is the {@link Op.Input};
 * the last node is the output (logits, flat). Activation layers ({@link Op.Activation}) are numbered 0..L-1 in
 * execution order and can be addressed by that index or by their node name. Immutable.
 */
public final class Network {
    private final String name;
    private final List<Node> nodes;
    private final List<Node> activations;
    private final Map<String, Integer> activationByName = new HashMap<>();
    /** For every node id, the largest id of a node consuming its output (the output node: Integer.MAX_VALUE). */
    private final int[] lastUse;

    public Network(String name, List<Node> nodes) {
        this.name = name;
        this.nodes = List.copyOf(nodes);
        if (nodes.isEmpty() || !(nodes.get(0).op() instanceof Op.Input)) {
            throw new IllegalArgumentException("node 0 must be the Input");
        }
        List<Node> acts = new ArrayList<>();
        lastUse = new int[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (n.id() != i) {
                throw new IllegalArgumentException("node " + i + " has id " + n.id());
            }
            for (int in : n.inputs()) {
                if (in < 0 || in >= i) {
                    throw new IllegalArgumentException("node " + n + " reads node " + in + " (not earlier)");
                }
                lastUse[in] = Math.max(lastUse[in], i);
            }
            if (n.op() instanceof Op.Activation a) {
                if (a.index() != acts.size()) {
                    throw new IllegalArgumentException("activation " + n + " has index " + a.index() + ", expected "
                            + acts.size());
                }
                acts.add(n);
                activationByName.put(n.name(), a.index());
            }
        }
        lastUse[nodes.size() - 1] = Integer.MAX_VALUE;
        if (!output().shape().flat()) {
            throw new IllegalArgumentException("network output must be flat logits, got " + output().shape());
        }
        this.activations = Collections.unmodifiableList(acts);
    }

    public String name() {
        return name;
    }

    public List<Node> nodes() {
        return nodes;
    }

    public Node node(int id) {
        return nodes.get(id);
    }

    public Shape inputShape() {
        return nodes.get(0).shape();
    }

    public Node output() {
        return nodes.get(nodes.size() - 1);
    }

    public int numClasses() {
        return output().shape().c();
    }

    /** Activation layers in execution order; element l is activation index l. */
    public List<Node> activations() {
        return activations;
    }

    public int numActivations() {
        return activations.size();
    }

    /** The node of activation layer {@code index}. */
    public Node activation(int index) {
        if (index < 0 || index >= activations.size()) {
            throw new IndexOutOfBoundsException("activation index " + index + " outside [0, " + activations.size()
                    + ") of " + name);
        }
        return activations.get(index);
    }

    /** Activation index of the activation node with this name. */
    public int activationIndex(String nodeName) {
        Integer i = activationByName.get(nodeName);
        if (i == null) {
            throw new IllegalArgumentException("no activation layer named '" + nodeName + "' in " + name
                    + "; activations: " + activations.stream().map(Node::name).toList());
        }
        return i;
    }

    /** Largest node id consuming node {@code id}'s output (Integer.MAX_VALUE for the output node, 0 if unused). */
    public int lastUse(int id) {
        return lastUse[id];
    }

    /**
     * Node ids whose values must be known to run nodes {@code from..end}: produced before {@code from} and read
     * by a node at or after it.
     */
    public int[] liveBefore(int from) {
        List<Integer> live = new ArrayList<>();
        for (int id = 0; id < from; id++) {
            if (lastUse[id] >= from) {
                live.add(id);
            }
        }
        return live.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Number of weights (conv, linear, affine, norm parameters). */
    public long parameterCount() {
        long p = 0;
        for (Node n : nodes) {
            Op op = n.op();
            if (op instanceof Op.Conv2d c) {
                p += c.weight().length + c.bias().length;
            } else if (op instanceof Op.Linear l) {
                p += l.weight().length + l.bias().length;
            } else if (op instanceof Op.ChannelAffine a) {
                p += a.scale().length + a.shift().length;
            } else if (op instanceof Op.LayerNorm ln) {
                p += ln.gamma().length + ln.beta().length;
            }
        }
        return p;
    }

    /** One line per node. */
    public String describe() {
        StringBuilder sb = new StringBuilder(name).append(": ").append(nodes.size()).append(" nodes, ")
                .append(activations.size()).append(" activations, ").append(parameterCount()).append(" parameters\n");
        for (Node n : nodes) {
            sb.append("  ").append(n);
            if (n.op() instanceof Op.Activation a) {
                sb.append("  [activation ").append(a.index()).append(' ').append(a.kind()).append(']');
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
