package dev.olafhe.nn.onnx;

import ai.onnx.proto.OnnxMl;
import dev.olafhe.nn.Op;
import dev.olafhe.nn.Shape;

import java.util.Arrays;

/** Converts AveragePool, GlobalAveragePool and ReduceMean (over H, W; over channels inside a LayerNorm pattern). */
final class PoolingLayers {
    private final GraphImport g;
    private final LayerNorms layerNorms;

    PoolingLayers(GraphImport g, LayerNorms layerNorms) {
        this.g = g;
        this.layerNorms = layerNorms;
    }

    void avgPool(OnnxMl.NodeProto n) {
        int x = g.dynId(n, 0);
        Shape in = g.shapeOf(x);
        g.requireSpatial(n, in);
        if (Attributes.integer(n, "ceil_mode", 0) != 0) {
            throw g.unsupported(n, "ceil_mode=1", "use ceil_mode=False");
        }
        if (!"NOTSET".equals(Attributes.string(n, "auto_pad", "NOTSET"))) {
            throw g.unsupported(n, "auto_pad", "export with explicit pads");
        }
        long[] k = g.integers(n, "kernel_shape", null, 2);
        int[] st = g.strides(n);
        int[] pads = g.pads(n);
        int kh = g.intIn(n, "kernel height", k[0], 1, in.h() + pads[0] + pads[2]);
        int kw = g.intIn(n, "kernel width", k[1], 1, in.w() + pads[1] + pads[3]);
        Op.AvgPool p = new Op.AvgPool(kh, kw, st[0], st[1], pads[0], pads[1], pads[2], pads[3],
                Attributes.integer(n, "count_include_pad", 0) != 0);
        Shape out = p.outputShape(in);
        g.define(n.getOutput(0), g.add(GraphImport.nodeName(n), p, g.chw(n, out.c(), out.h(), out.w()), x));
    }

    void globalAvgPool(OnnxMl.NodeProto n) {
        int x = g.dynId(n, 0);
        Shape s = g.shapeOf(x);
        g.requireSpatial(n, s);
        g.define(n.getOutput(0), g.add(GraphImport.nodeName(n), new Op.GlobalAvgPool(false), Shape.chw(s.c(), 1, 1),
                x));
    }

    void reduceMean(OnnxMl.NodeProto n) {
        int x = g.dynId(n, 0);
        Shape s = g.shapeOf(x);
        int rank = s.flat() ? 2 : 4;
        long[] axes = LayerNorms.normAxes(layerNorms.reduceAxes(n), rank);
        boolean keep = Attributes.integer(n, "keepdims", 1) != 0;
        if (Arrays.equals(axes, new long[] {1}) && keep) {
            if (layerNorms.matchDecomposed(n, x)) {
                return;
            }
            throw g.unsupported(n, "ReduceMean over channels outside a LayerNorm pattern",
                    "write LayerNorm as mean/var over dim 1: (x - u) / sqrt(var + eps) * w + b");
        }
        if (!s.flat() && Arrays.equals(axes, new long[] {2, 3})) {
            g.define(n.getOutput(0), g.add(GraphImport.nodeName(n), new Op.GlobalAvgPool(!keep),
                    keep ? Shape.chw(s.c(), 1, 1) : Shape.flat(s.c()), x));
            return;
        }
        throw g.unsupported(n, "ReduceMean over axes " + Arrays.toString(axes) + " of " + s, null);
    }
}
