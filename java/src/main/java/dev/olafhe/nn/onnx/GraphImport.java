package dev.olafhe.nn.onnx;

import ai.onnx.proto.OnnxMl;
import dev.olafhe.nn.ActivationKind;
import dev.olafhe.nn.Node;
import dev.olafhe.nn.Op;
import dev.olafhe.nn.Shape;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state of one import: the ONNX graph read into lookup tables (constants, producers, consumers) and the IR
 * nodes built so far, with the checked accessors the operator converters share. Every accessor refuses a missing
 * input, a wrong reference or an out-of-range size with an {@link OnnxImportException} naming the node.
 */
final class GraphImport {
    final OnnxMl.GraphProto graph;
    final String modelName;
    final List<Node> nodes = new ArrayList<>();
    /** Value name -> constant. */
    final Map<String, ConstTensor> consts = new HashMap<>();
    /** Value name -> IR node id producing it. */
    private final Map<String, Integer> dyn = new HashMap<>();
    /** Value name -> ONNX nodes reading it. */
    final Map<String, List<OnnxMl.NodeProto>> consumers = new HashMap<>();
    final Map<String, OnnxMl.NodeProto> producer = new HashMap<>();
    /** ONNX nodes already converted as part of a recognised pattern. */
    final Set<OnnxMl.NodeProto> consumed = new HashSet<>();
    final Set<String> graphOutputs = new HashSet<>();
    /** Position of every ONNX node in the graph (patterns evaluate their nodes in this order). */
    final Map<OnnxMl.NodeProto, Integer> position = new IdentityHashMap<>();
    private int activations;

    GraphImport(OnnxMl.GraphProto graph, String modelName) {
        this.graph = graph;
        this.modelName = modelName;
    }

    // ------------------------------------------------------------------------------------------ refusals

    static String nodeName(OnnxMl.NodeProto n) {
        if (!n.getName().isEmpty()) {
            return n.getName();
        }
        return n.getOpType() + "(" + (n.getOutputCount() > 0 ? n.getOutput(0) : "") + ")";
    }

    OnnxImportException unsupported(OnnxMl.NodeProto n, String why, String hint) {
        return new OnnxImportException("unsupported ONNX operator " + n.getOpType() + " (node '" + nodeName(n)
                + "') in " + modelName + ": " + why + (hint == null ? "" : ". Hint: " + hint));
    }

    /** The node contradicts the ONNX specification or the rest of the graph (a missing input, sizes that differ). */
    OnnxImportException malformed(OnnxMl.NodeProto n, String why) {
        return new OnnxImportException("malformed ONNX node " + n.getOpType() + " (node '" + nodeName(n) + "') in "
                + modelName + ": " + why);
    }

    // ------------------------------------------------------------------------------------------ values

    /** Input {@code i} of the node, or "" (ONNX's name for an optional input left out) if it has fewer inputs. */
    static String input(OnnxMl.NodeProto n, int i) {
        return i < n.getInputCount() ? n.getInput(i) : "";
    }

    int add(String name, Op op, Shape shape, int... inputs) {
        int id = nodes.size();
        nodes.add(new Node(id, name, op, inputs, shape));
        return id;
    }

    void define(String value, int nodeId) {
        dyn.put(value, nodeId);
    }

    /** The IR node computing {@code value}, or null if it is not a computed value. */
    Integer computed(String value) {
        return dyn.get(value);
    }

    boolean isDyn(String v) {
        return dyn.containsKey(v);
    }

    boolean isConst(String v) {
        return v.isEmpty() || consts.containsKey(v);
    }

    int dynId(OnnxMl.NodeProto n, int input) {
        if (input >= n.getInputCount()) {
            throw malformed(n, "has " + n.getInputCount() + " inputs, needs at least " + (input + 1));
        }
        Integer id = dyn.get(n.getInput(input));
        if (id == null) {
            throw unsupported(n, "input " + input + " ('" + n.getInput(input) + "') is not a computed value", null);
        }
        return id;
    }

    /** Constant input {@code input}, or null if the node leaves that (optional) input out. */
    ConstTensor constIn(OnnxMl.NodeProto n, int input) {
        String name = input(n, input);
        if (name.isEmpty()) {
            return null;
        }
        ConstTensor c = consts.get(name);
        if (c == null) {
            throw unsupported(n, "input " + input + " ('" + name + "') must be a constant (weights)",
                    "export with do_constant_folding=True and the weights inside the file");
        }
        return c;
    }

    /** Constant input {@code input}, which the node must have. */
    ConstTensor requiredConst(OnnxMl.NodeProto n, int input) {
        ConstTensor c = constIn(n, input);
        if (c == null) {
            throw malformed(n, "required input " + input + " is missing");
        }
        return c;
    }

    Shape shapeOf(int id) {
        return nodes.get(id).shape();
    }

    void requireSpatial(OnnxMl.NodeProto n, Shape s) {
        if (s.flat()) {
            throw unsupported(n, "input is flat " + s + ", expected NCHW feature maps", null);
        }
    }

    /** A feature-map shape, refused unless every dimension is positive and the whole has at most MAX_ELEMENTS. */
    Shape chw(OnnxMl.NodeProto n, long c, long h, long w) {
        long size = ConstTensor.elements(new long[] {c, h, w});
        if (c < 1 || h < 1 || w < 1 || size < 0) {
            throw malformed(n, "output shape " + c + "x" + h + "x" + w + " is empty, negative or over "
                    + ConstTensor.MAX_ELEMENTS + " elements");
        }
        return Shape.chw((int) c, (int) h, (int) w);
    }

    /** A flat shape of {@code features} values, checked like {@link #chw}. */
    Shape flat(OnnxMl.NodeProto n, long features) {
        if (features < 1 || features > ConstTensor.MAX_ELEMENTS) {
            throw malformed(n, "output of " + features + " features is empty, negative or over "
                    + ConstTensor.MAX_ELEMENTS);
        }
        return Shape.flat((int) features);
    }

    /** {@code value} as an int if it lies in [min, max]; otherwise the node is refused, naming {@code what}. */
    int intIn(OnnxMl.NodeProto n, String what, long value, long min, long max) {
        if (value < min || value > max) {
            throw malformed(n, what + " " + value + " is outside [" + min + ", " + max + "]");
        }
        return (int) value;
    }

    /** The integer-list attribute (or {@code def} if absent), which must have {@code length} entries. */
    long[] integers(OnnxMl.NodeProto n, String name, long[] def, int length) {
        long[] v = Attributes.integers(n, name, def);
        if (v == null || v.length != length) {
            throw malformed(n, "attribute " + name + " needs " + length + " values, has "
                    + (v == null ? "none" : String.valueOf(v.length)));
        }
        return v;
    }

    /** The strides attribute (default 1, 1), each in [1, MAX_ELEMENTS]. */
    int[] strides(OnnxMl.NodeProto n) {
        long[] st = integers(n, "strides", new long[] {1, 1}, 2);
        return new int[] {intIn(n, "stride", st[0], 1, ConstTensor.MAX_ELEMENTS),
                intIn(n, "stride", st[1], 1, ConstTensor.MAX_ELEMENTS)};
    }

    /** The pads attribute (top, left, bottom, right; default 0), each in [0, MAX_ELEMENTS]. */
    int[] pads(OnnxMl.NodeProto n) {
        long[] p = integers(n, "pads", new long[] {0, 0, 0, 0}, 4);
        int[] out = new int[4];
        for (int i = 0; i < 4; i++) {
            out[i] = intIn(n, "pad", p[i], 0, ConstTensor.MAX_ELEMENTS);
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ graph structure

    int consumerCount(String value) {
        return consumers.getOrDefault(value, List.of()).size() + (graphOutputs.contains(value) ? 1 : 0);
    }

    /** The one node reading {@code value} if it has type {@code opType} and the value is not a graph output. */
    OnnxMl.NodeProto onlyConsumer(String value, String opType) {
        List<OnnxMl.NodeProto> cs = consumers.getOrDefault(value, List.of());
        if (cs.size() != 1 || graphOutputs.contains(value) || !cs.get(0).getOpType().equals(opType)) {
            return null;
        }
        return cs.get(0);
    }

    /** The constant other input of a two-input node whose other input is {@code dynValue}, or null. */
    ConstTensor otherConst(OnnxMl.NodeProto n, String dynValue) {
        if (n.getInputCount() != 2) {
            return null;
        }
        String other = n.getInput(0).equals(dynValue) ? n.getInput(1) : n.getInput(0);
        return other.equals(dynValue) ? null : consts.get(other);
    }

    void activation(ActivationKind kind, int x, String out, String name) {
        define(out, add(name, new Op.Activation(kind, activations++), shapeOf(x), x));
    }
}
