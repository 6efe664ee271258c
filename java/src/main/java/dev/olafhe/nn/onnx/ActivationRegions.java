package dev.olafhe.nn.onnx;

import ai.onnx.proto.OnnxMl;
import dev.olafhe.nn.ActivationKind;
import dev.olafhe.nn.Special;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recognises activations exported as scalar element-wise sub-graphs (erf- and tanh-GELU and their decompositions):
 * the maximal sub-graph of element-wise ops fed only by one value and scalar constants is evaluated at probe points
 * and compared with each supported activation.
 */
final class ActivationRegions {
    private static final Set<String> UNARY = Set.of("Erf", "Tanh", "Sqrt", "Neg");

    private final GraphImport g;

    ActivationRegions(GraphImport g) {
        this.g = g;
    }

    /**
     * Grows the region from value {@code xv} (computed by IR node {@code x}); if it has one output and numerically
     * equals a supported activation, emits that activation, consumes the region and returns true. A region of one
     * node is not an activation (false); a larger one that matches nothing is refused.
     */
    boolean tryActivation(String xv, int x) {
        List<OnnxMl.NodeProto> region = grow(xv);
        if (region.size() < 2) {
            return false;
        }
        List<OnnxMl.NodeProto> inGraphOrder = new ArrayList<>(region);
        inGraphOrder.sort(Comparator.comparingInt(g.position::get));
        OnnxMl.NodeProto first = inGraphOrder.get(0);
        String desc = inGraphOrder.stream().map(OnnxMl.NodeProto::getOpType).toList() + " from '" + xv + "'";
        List<String> outs = outputs(region);
        if (outs.size() != 1) {
            throw g.unsupported(first, "element-wise sub-graph " + desc + " has " + outs.size() + " outputs",
                    "use nn.GELU / nn.ReLU");
        }
        ActivationKind kind = identify(region, xv, outs.get(0));
        if (kind == null) {
            throw g.unsupported(first, "element-wise sub-graph " + desc
                    + " does not match a supported activation (ReLU, GELU erf or tanh form)", "use nn.GELU / nn.ReLU");
        }
        g.consumed.addAll(region);
        OnnxMl.NodeProto outNode = g.producer.get(outs.get(0));
        g.activation(kind, x, outs.get(0), GraphImport.nodeName(outNode));
        return true;
    }

    /**
     * The unconsumed element-wise nodes whose inputs are all {@code xv}, outputs of other region nodes or scalar
     * constants (and at least one is not a constant), each after the nodes it reads (the order they joined in).
     * Grown along the consumer lists, so the cost is proportional to the region, not to the graph.
     */
    private List<OnnxMl.NodeProto> grow(String xv) {
        Set<String> values = new HashSet<>();
        values.add(xv);
        Set<OnnxMl.NodeProto> region = new LinkedHashSet<>();
        Deque<String> fresh = new ArrayDeque<>();
        fresh.add(xv);
        while (!fresh.isEmpty()) {
            for (OnnxMl.NodeProto n : g.consumers.getOrDefault(fresh.poll(), List.of())) {
                if (!region.contains(n) && joins(n, values)) {
                    region.add(n);
                    if (values.add(n.getOutput(0))) {
                        fresh.add(n.getOutput(0));
                    }
                }
            }
        }
        return new ArrayList<>(region);
    }

    private boolean joins(OnnxMl.NodeProto n, Set<String> values) {
        if (g.consumed.contains(n) || !ElementwiseLayers.OPS.contains(n.getOpType())
                || n.getInputCount() != (UNARY.contains(n.getOpType()) ? 1 : 2)) {
            return false;
        }
        boolean usesRegion = false;
        for (String in : n.getInputList()) {
            if (values.contains(in)) {
                usesRegion = true;
            } else {
                ConstTensor c = g.consts.get(in);
                if (c == null || !c.isScalar()) {
                    return false;
                }
            }
        }
        return usesRegion;
    }

    /** The values the region computes that something outside it (or the graph output) reads. */
    private List<String> outputs(List<OnnxMl.NodeProto> region) {
        Set<OnnxMl.NodeProto> members = new HashSet<>(region);
        List<String> outs = new ArrayList<>();
        for (OnnxMl.NodeProto n : region) {
            String v = n.getOutput(0);
            boolean external = g.graphOutputs.contains(v);
            for (OnnxMl.NodeProto c : g.consumers.getOrDefault(v, List.of())) {
                if (!members.contains(c)) {
                    external = true;
                }
            }
            if (external) {
                outs.add(v);
            }
        }
        return outs;
    }

    private ActivationKind identify(List<OnnxMl.NodeProto> region, String xv, String out) {
        double[] probes = {-6, -3.3, -2, -1.1, -0.5, -0.1, 0, 0.2, 0.7, 1.3, 2.4, 4, 7.5};
        for (ActivationKind k : new ActivationKind[] {ActivationKind.GELU, ActivationKind.GELU_TANH}) {
            boolean match = true;
            for (double p : probes) {
                double got = evaluate(region, xv, out, p);
                double want = k.apply(p);
                if (!(Math.abs(got - want) <= 1e-9 + 1e-6 * Math.abs(want))) {
                    match = false;
                    break;
                }
            }
            if (match) {
                return k;
            }
        }
        return null;
    }

    /** The region's output {@code out} at input {@code x} (each region node comes after the nodes it reads). */
    private double evaluate(List<OnnxMl.NodeProto> region, String xv, String out, double x) {
        Map<String, Double> v = new HashMap<>();
        v.put(xv, x);
        for (OnnxMl.NodeProto n : region) {
            double[] a = new double[n.getInputCount()];
            for (int i = 0; i < a.length; i++) {
                String in = n.getInput(i);
                a[i] = v.containsKey(in) ? v.get(in) : g.consts.get(in).data[0];
            }
            v.put(n.getOutput(0), apply(n.getOpType(), a));
        }
        return v.get(out);
    }

    private static double apply(String op, double[] a) {
        return switch (op) {
            case "Div" -> a[0] / a[1];
            case "Mul" -> a[0] * a[1];
            case "Add" -> a[0] + a[1];
            case "Sub" -> a[0] - a[1];
            case "Pow" -> Math.pow(a[0], a[1]);
            case "Erf" -> Special.erf(a[0]);
            case "Tanh" -> Math.tanh(a[0]);
            case "Sqrt" -> Math.sqrt(a[0]);
            case "Neg" -> -a[0];
            default -> throw new IllegalStateException(op);
        };
    }
}
