package dev.olafhe.nn.onnx;

import ai.onnx.proto.OnnxMl;
import dev.olafhe.nn.Node;
import dev.olafhe.nn.Op;
import dev.olafhe.nn.Shape;

import java.util.Arrays;

/** Converts the layers with weights: Conv, Gemm, MatMul, and BatchNormalization (folded into them where possible). */
final class LinearLayers {
    private final GraphImport g;

    LinearLayers(GraphImport g) {
        this.g = g;
    }

    void conv(OnnxMl.NodeProto n) {
        int x = g.dynId(n, 0);
        Shape in = g.shapeOf(x);
        g.requireSpatial(n, in);
        ConstTensor w = g.requiredConst(n, 1);
        ConstTensor b = g.constIn(n, 2);
        if (w.rank() != 4) {
            throw g.unsupported(n, "only 2-D convolutions are supported (weight rank " + w.rank() + ")", null);
        }
        if (!"NOTSET".equals(Attributes.string(n, "auto_pad", "NOTSET"))) {
            throw g.unsupported(n, "auto_pad=" + Attributes.string(n, "auto_pad", ""), "export with explicit pads");
        }
        long[] dil = g.integers(n, "dilations", new long[] {1, 1}, 2);
        if (Arrays.stream(dil).anyMatch(d -> d != 1)) {
            throw g.unsupported(n, "dilation " + Arrays.toString(dil), "only dilation 1 is supported");
        }
        int[] st = g.strides(n);
        int[] pads = g.pads(n);
        int groups = g.intIn(n, "group", Attributes.integer(n, "group", 1), 1, in.c());
        int outC = g.intIn(n, "output channels", w.dims[0], 1, ConstTensor.MAX_ELEMENTS);
        int kh = g.intIn(n, "kernel height", w.dims[2], 1, in.h() + pads[0] + pads[2]);
        int kw = g.intIn(n, "kernel width", w.dims[3], 1, in.w() + pads[1] + pads[3]);
        if (w.dims[1] * groups != in.c()) {
            throw g.unsupported(n, "weight expects " + (w.dims[1] * groups) + " input channels, input has " + in.c(),
                    null);
        }
        if (outC % groups != 0) {
            throw g.malformed(n, outC + " output channels do not split into " + groups + " groups");
        }
        float[] bias = b == null ? new float[outC] : b.toFloats();
        if (bias.length != outC) {
            throw g.malformed(n, "bias has " + bias.length + " values for " + outC + " output channels");
        }
        Op.Conv2d c = new Op.Conv2d(in.c(), outC, kh, kw, st[0], st[1], pads[0], pads[1], pads[2], pads[3], groups,
                w.toFloats(), bias);
        Shape out = c.outputShape(in);
        g.define(n.getOutput(0), g.add(GraphImport.nodeName(n), c, g.chw(n, out.c(), out.h(), out.w()), x));
    }

    void gemm(OnnxMl.NodeProto n) {
        int x = g.dynId(n, 0);
        Shape s = g.shapeOf(x);
        if (!s.flat()) {
            throw g.unsupported(n, "Gemm on non-flat input " + s, "Flatten before the Gemm");
        }
        if (Attributes.integer(n, "transA", 0) != 0) {
            throw g.unsupported(n, "transA=1", null);
        }
        ConstTensor b = g.requiredConst(n, 1);
        ConstTensor c = g.constIn(n, 2);
        boolean transB = Attributes.integer(n, "transB", 0) != 0;
        float alpha = Attributes.real(n, "alpha", 1f);
        float beta = Attributes.real(n, "beta", 1f);
        if (b.rank() != 2) {
            throw g.malformed(n, "weight B of dims " + Arrays.toString(b.dims) + " is not a matrix");
        }
        int in = (int) (transB ? b.dims[1] : b.dims[0]);
        int out = (int) (transB ? b.dims[0] : b.dims[1]);
        if (in != s.c()) {
            throw g.unsupported(n, "weight expects " + in + " inputs, value has " + s.c(), null);
        }
        Shape outShape = g.flat(n, out);
        float[] w = new float[in * out];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                w[o * in + i] = alpha * (float) (transB ? b.data[o * in + i] : b.data[i * out + o]);
            }
        }
        float[] bias = new float[out];
        if (c != null) {
            if (c.size() != out && c.size() != 1) {
                throw g.unsupported(n, "bias C of dims " + Arrays.toString(c.dims) + " is not a vector of " + out,
                        null);
            }
            for (int o = 0; o < out; o++) {
                bias[o] = beta * (float) c.data[c.size() == 1 ? 0 : o];
            }
        }
        g.define(n.getOutput(0), g.add(GraphImport.nodeName(n), new Op.Linear(in, out, w, bias), outShape, x));
    }

    void matmul(OnnxMl.NodeProto n) {
        int x = g.dynId(n, 0);
        Shape s = g.shapeOf(x);
        ConstTensor b = g.requiredConst(n, 1);
        if (!s.flat() || b.rank() != 2 || b.dims[0] != s.c()) {
            throw g.unsupported(n, "MatMul of " + s + " by constant " + Arrays.toString(b.dims),
                    "only [N, K] x [K, M] with a constant right-hand side is supported");
        }
        int in = (int) b.dims[0];
        int out = (int) b.dims[1];
        Shape outShape = g.flat(n, out);
        float[] w = new float[in * out];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                w[o * in + i] = (float) b.data[i * out + o];
            }
        }
        g.define(n.getOutput(0), g.add(GraphImport.nodeName(n), new Op.Linear(in, out, w, new float[out]), outShape,
                x));
    }

    void batchNorm(OnnxMl.NodeProto n) {
        int x = g.dynId(n, 0);
        if (Attributes.integer(n, "training_mode", 0) != 0 || n.getOutputCount() > 1) {
            throw g.unsupported(n, "BatchNormalization in training mode", "export the model in eval() mode");
        }
        float[] gamma = g.requiredConst(n, 1).toFloats();
        float[] beta = g.requiredConst(n, 2).toFloats();
        float[] mean = g.requiredConst(n, 3).toFloats();
        float[] var = g.requiredConst(n, 4).toFloats();
        float eps = Attributes.real(n, "epsilon", 1e-5f);
        int c = gamma.length;
        if (g.shapeOf(x).c() != c) {
            throw g.unsupported(n, "BatchNorm over " + c + " channels on input " + g.shapeOf(x), null);
        }
        if (beta.length != c || mean.length != c || var.length != c) {
            throw g.malformed(n, "scale, bias, mean and variance have " + c + ", " + beta.length + ", "
                    + mean.length + " and " + var.length + " values");
        }
        float[] scale = new float[c];
        float[] shift = new float[c];
        for (int i = 0; i < c; i++) {
            scale[i] = (float) (gamma[i] / Math.sqrt((double) var[i] + eps));
            shift[i] = beta[i] - mean[i] * scale[i];
        }
        channelAffine(n, x, scale, shift);
    }

    /** Applies y = x * scale + shift per channel: folded into a preceding Conv/Linear if it has no other consumer. */
    void channelAffine(OnnxMl.NodeProto n, int x, float[] scale, float[] shift) {
        Node prev = g.nodes.get(x);
        String xName = GraphImport.input(n, 0);
        if (!g.isDyn(xName)) {
            xName = GraphImport.input(n, 1);
        }
        boolean foldable = g.consumerCount(xName) == 1 && x == g.nodes.size() - 1;
        Op folded = null;
        if (foldable && prev.op() instanceof Op.Conv2d c) {
            folded = foldIntoConv(c, scale, shift);
        } else if (foldable && prev.op() instanceof Op.Linear l) {
            folded = foldIntoLinear(l, scale, shift);
        }
        if (folded != null) {
            g.nodes.set(x, new Node(x, prev.name(), folded, prev.inputs(), prev.shape()));
            g.define(n.getOutput(0), x);
        } else {
            g.define(n.getOutput(0), g.add(GraphImport.nodeName(n), new Op.ChannelAffine(scale, shift), g.shapeOf(x),
                    x));
        }
    }

    private static Op.Conv2d foldIntoConv(Op.Conv2d c, float[] scale, float[] shift) {
        int per = c.weight().length / c.outC();
        float[] w = c.weight().clone();
        float[] b = new float[c.outC()];
        for (int o = 0; o < c.outC(); o++) {
            for (int i = 0; i < per; i++) {
                w[o * per + i] *= scale[o];
            }
            b[o] = c.bias()[o] * scale[o] + shift[o];
        }
        return new Op.Conv2d(c.inC(), c.outC(), c.kh(), c.kw(), c.strideH(), c.strideW(), c.padTop(), c.padLeft(),
                c.padBottom(), c.padRight(), c.groups(), w, b);
    }

    private static Op.Linear foldIntoLinear(Op.Linear l, float[] scale, float[] shift) {
        float[] w = l.weight().clone();
        float[] b = new float[l.out()];
        for (int o = 0; o < l.out(); o++) {
            for (int i = 0; i < l.in(); i++) {
                w[o * l.in() + i] *= scale[o];
            }
            b[o] = l.bias()[o] * scale[o] + shift[o];
        }
        return new Op.Linear(l.in(), l.out(), w, b);
    }
}
