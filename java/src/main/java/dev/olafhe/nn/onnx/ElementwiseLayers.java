package dev.olafhe.nn.onnx;

import ai.onnx.proto.OnnxMl;
import dev.olafhe.nn.Op;
import dev.olafhe.nn.Shape;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Converts the element-wise operators on computed values: the residual Add of two values, a scalar sub-graph that
 * is a known activation ({@link ActivationRegions}), per-channel Add/Sub/Mul/Div by constants and Neg (one
 * per-channel affine map, folded into a preceding Conv/Gemm where possible).
 */
final class ElementwiseLayers {
    static final Set<String> OPS = Set.of("Div", "Mul", "Add", "Sub", "Pow", "Erf", "Tanh", "Sqrt", "Neg");

    private final GraphImport g;
    private final LinearLayers linear;
    private final ActivationRegions regions;

    ElementwiseLayers(GraphImport g, LinearLayers linear) {
        this.g = g;
        this.linear = linear;
        this.regions = new ActivationRegions(g);
    }

    void convert(OnnxMl.NodeProto n) {
        String op = n.getOpType();
        List<String> dynIns = n.getInputList().stream().filter(g::isDyn).toList();
        if (op.equals("Add") && dynIns.size() == 2) {
            residualAdd(n);
            return;
        }
        if (dynIns.size() != 1) {
            throw g.unsupported(n, "element-wise " + op + " of two computed values",
                    "only residual Add of two values is supported; products of activations are not");
        }
        String xv = dynIns.get(0);
        int x = g.computed(xv);
        // 1) a scalar element-wise sub-graph that is a known activation (GELU and its decompositions)
        if (regions.tryActivation(xv, x)) {
            return;
        }
        // 2) per-channel affine by constants
        Shape s = g.shapeOf(x);
        ConstTensor c = n.getInputCount() == 2 ? g.otherConst(n, xv) : null;
        float[] pc = c == null ? null : c.perChannel(s);
        if (pc != null) {
            affineByConstant(n, xv, x, pc);
            return;
        }
        if (op.equals("Neg")) {
            float[] scale = new float[s.c()];
            Arrays.fill(scale, -1f);
            linear.channelAffine(n, x, scale, new float[s.c()]);
            return;
        }
        throw g.unsupported(n, "element-wise " + op + " on " + s + " that is neither a per-channel affine map nor "
                + "part of a recognised activation (GELU erf/tanh forms)", "use nn.ReLU or nn.GELU");
    }

    private void residualAdd(OnnxMl.NodeProto n) {
        int a = g.dynId(n, 0);
        int b = g.dynId(n, 1);
        if (!g.shapeOf(a).equals(g.shapeOf(b))) {
            throw g.unsupported(n, "Add of shapes " + g.shapeOf(a) + " and " + g.shapeOf(b),
                    "no broadcasting of values");
        }
        g.define(n.getOutput(0), g.add(GraphImport.nodeName(n), new Op.Add(), g.shapeOf(a), a, b));
    }

    /** x + c, x - c, c - x, x * c or x / c with one constant {@code pc[ch]} per channel. */
    private void affineByConstant(OnnxMl.NodeProto n, String xv, int x, float[] pc) {
        String op = n.getOpType();
        float[] scale = new float[pc.length];
        float[] shift = new float[pc.length];
        Arrays.fill(scale, 1f);
        boolean xFirst = n.getInput(0).equals(xv);
        for (int i = 0; i < pc.length; i++) {
            switch (op) {
                case "Add" -> shift[i] = pc[i];
                case "Sub" -> {
                    if (xFirst) {
                        shift[i] = -pc[i];
                    } else {
                        scale[i] = -1f;
                        shift[i] = pc[i];
                    }
                }
                case "Mul" -> scale[i] = pc[i];
                case "Div" -> {
                    if (!xFirst) {
                        throw g.unsupported(n, "division by a computed value", null);
                    }
                    scale[i] = 1f / pc[i];
                }
                default -> throw g.unsupported(n, op + " with a constant", null);
            }
        }
        linear.channelAffine(n, x, scale, shift);
    }
}
