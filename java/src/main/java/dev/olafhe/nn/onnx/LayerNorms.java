package dev.olafhe.nn.onnx;

import ai.onnx.proto.OnnxMl;
import dev.olafhe.nn.Op;
import dev.olafhe.nn.Shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Converts LayerNormalization over the features of a flat value, and recognises the decomposed channel LayerNorm
 * torch exports for channels-first maps: mean = ReduceMean(x); d = x - mean; var = ReduceMean(d^2);
 * y = d / sqrt(var + eps) [* gamma + beta].
 */
final class LayerNorms {
    private final GraphImport g;

    LayerNorms(GraphImport g) {
        this.g = g;
    }

    void layerNormalization(OnnxMl.NodeProto n) {
        int x = g.dynId(n, 0);
        Shape s = g.shapeOf(x);
        long axis = Attributes.integer(n, "axis", -1);
        boolean ok = s.flat() ? (axis == -1 || axis == 1) : false;
        if (!ok) {
            throw g.unsupported(n, "LayerNormalization over axis " + axis + " of " + s,
                    "normalise over channels of NCHW maps with the decomposed channels-first form (mean over dim 1), "
                            + "or apply LayerNorm after flattening");
        }
        float[] gamma = g.requiredConst(n, 1).toFloats();
        ConstTensor b = g.constIn(n, 2);
        float[] beta = b == null ? new float[gamma.length] : b.toFloats();
        if (gamma.length != s.c()) {
            throw g.unsupported(n, "scale has " + gamma.length + " entries for " + s.c() + " features", null);
        }
        if (beta.length != gamma.length) {
            throw g.malformed(n, "bias has " + beta.length + " entries for " + gamma.length + " features");
        }
        if (n.getOutputCount() > 1 && g.consumers.containsKey(n.getOutput(1))) {
            throw g.unsupported(n, "Mean/InvStdDev outputs are used", null);
        }
        g.define(n.getOutput(0), g.add(GraphImport.nodeName(n),
                new Op.LayerNorm(gamma, beta, Attributes.real(n, "epsilon", 1e-5f)), s, x));
    }

    /** The axes a ReduceMean averages over (attribute, or since opset 18 its second input). */
    long[] reduceAxes(OnnxMl.NodeProto n) {
        long[] axes = Attributes.integers(n, "axes", null);
        if (axes == null && n.getInputCount() > 1) {
            axes = g.requiredConst(n, 1).toLongs(); // opset 18: axes as input
        }
        if (axes == null) {
            throw g.unsupported(n, "ReduceMean over all axes", null);
        }
        return axes;
    }

    /** The axes made non-negative for a value of the given rank, sorted. */
    static long[] normAxes(long[] axes, int rank) {
        long[] a = new long[axes.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = axes[i] < 0 ? axes[i] + rank : axes[i];
        }
        Arrays.sort(a);
        return a;
    }

    /**
     * If the ReduceMean {@code mean} of value {@code x} starts a decomposed LayerNorm over channels, emits one
     * LayerNorm node for the whole pattern (with the per-channel scale and shift that follow, if any), consumes its
     * ONNX nodes and returns true.
     */
    boolean matchDecomposed(OnnxMl.NodeProto mean, int x) {
        Shape s = g.shapeOf(x);
        List<OnnxMl.NodeProto> pattern = normalisation(mean, s);
        if (pattern == null) {
            return false;
        }
        float eps = (float) g.otherConst(pattern.get(4), pattern.get(3).getOutput(0)).data[0];
        String out = pattern.get(pattern.size() - 1).getOutput(0);
        float[] gamma = new float[s.c()];
        float[] beta = new float[s.c()];
        Arrays.fill(gamma, 1f);
        OnnxMl.NodeProto mul = g.onlyConsumer(out, "Mul");
        float[] scale = mul == null ? null : perChannel(g.otherConst(mul, out), s);
        if (scale != null) {
            gamma = scale;
            pattern.add(mul);
            out = mul.getOutput(0);
            OnnxMl.NodeProto addB = g.onlyConsumer(out, "Add");
            float[] shift = addB == null ? null : perChannel(g.otherConst(addB, out), s);
            if (shift != null) {
                beta = shift;
                pattern.add(addB);
                out = addB.getOutput(0);
            }
        }
        g.consumed.addAll(pattern);
        String name = GraphImport.nodeName(pattern.get(pattern.size() - 1));
        g.define(out, g.add(name, new Op.LayerNorm(gamma, beta, eps), s, x));
        return true;
    }

    private static float[] perChannel(ConstTensor c, Shape s) {
        return c == null ? null : c.perChannel(s);
    }

    /**
     * The nodes of (x - mean) / sqrt(ReduceMean((x - mean)^2) + eps) starting at the first ReduceMean, in the order
     * mean, sub, square, mean of squares, add eps, sqrt, div; or null if the graph does not have that form.
     */
    private List<OnnxMl.NodeProto> normalisation(OnnxMl.NodeProto mean, Shape s) {
        String xv = GraphImport.input(mean, 0);
        OnnxMl.NodeProto sub = g.onlyConsumer(mean.getOutput(0), "Sub");
        if (sub == null || !GraphImport.input(sub, 0).equals(xv)
                || !GraphImport.input(sub, 1).equals(mean.getOutput(0))) {
            return null;
        }
        OnnxMl.NodeProto[] squareAndDiv = squareAndDivision(sub);
        if (squareAndDiv == null) {
            return null;
        }
        OnnxMl.NodeProto square = squareAndDiv[0];
        OnnxMl.NodeProto div = squareAndDiv[1];
        OnnxMl.NodeProto mean2 = g.onlyConsumer(square.getOutput(0), "ReduceMean");
        if (mean2 == null || !Arrays.equals(normAxes(reduceAxes(mean2), s.flat() ? 2 : 4), new long[] {1})) {
            return null;
        }
        OnnxMl.NodeProto addEps = g.onlyConsumer(mean2.getOutput(0), "Add");
        if (addEps == null) {
            return null;
        }
        ConstTensor eps = g.otherConst(addEps, mean2.getOutput(0));
        if (eps == null || !eps.isScalar()) {
            return null;
        }
        OnnxMl.NodeProto sqrt = g.onlyConsumer(addEps.getOutput(0), "Sqrt");
        if (sqrt == null || g.onlyConsumer(sqrt.getOutput(0), "Div") != div
                || !GraphImport.input(div, 1).equals(sqrt.getOutput(0))) {
            return null;
        }
        return new ArrayList<>(List.of(mean, sub, square, mean2, addEps, sqrt, div));
    }

    /** The two readers of d = x - mean: its square (Pow by 2, or d * d) and d / std; or null. */
    private OnnxMl.NodeProto[] squareAndDivision(OnnxMl.NodeProto sub) {
        List<OnnxMl.NodeProto> dUses = g.consumers.getOrDefault(sub.getOutput(0), List.of());
        if (dUses.size() != 2) {
            return null;
        }
        OnnxMl.NodeProto square = null;
        OnnxMl.NodeProto div = null;
        for (OnnxMl.NodeProto u : dUses) {
            if (u.getOpType().equals("Pow")) {
                square = u;
            } else if (u.getOpType().equals("Div")) {
                div = u;
            } else if (u.getOpType().equals("Mul") && GraphImport.input(u, 0).equals(GraphImport.input(u, 1))) {
                square = u; // d * d
            }
        }
        if (square == null || div == null || !GraphImport.input(div, 0).equals(sub.getOutput(0))) {
            return null;
        }
        if (square.getOpType().equals("Pow")) {
            ConstTensor e = g.consts.get(GraphImport.input(square, 1));
            if (e == null || !e.isScalar() || e.data[0] != 2.0) {
                return null;
            }
        }
        return new OnnxMl.NodeProto[] {square, div};
    }
}
