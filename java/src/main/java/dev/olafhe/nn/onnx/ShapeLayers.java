package dev.olafhe.nn.onnx;

import ai.onnx.proto.OnnxMl;
import dev.olafhe.nn.Node;
import dev.olafhe.nn.Op;
import dev.olafhe.nn.Shape;

import java.util.Arrays;

/**
 * Converts the layout operators on computed values: Flatten, Reshape to [N, -1], Slice on H/W, channel Pad and
 * channel Concat (the pieces of a ResNet option-A shortcut and of the classifier head).
 */
final class ShapeLayers {
    private final GraphImport g;

    ShapeLayers(GraphImport g) {
        this.g = g;
    }

    void flatten(OnnxMl.NodeProto n) {
        int x = g.dynId(n, 0);
        long axis = Attributes.integer(n, "axis", 1);
        if (axis != 1) {
            throw g.unsupported(n, "Flatten axis " + axis, "only flattening to [N, features] (axis 1) is supported");
        }
        flatten(n, x);
    }

    private void flatten(OnnxMl.NodeProto n, int x) {
        Shape s = g.shapeOf(x);
        if (s.flat()) {
            g.define(n.getOutput(0), x);
            return;
        }
        g.define(n.getOutput(0), g.add(GraphImport.nodeName(n), new Op.Flatten(), Shape.flat(s.size()), x));
    }

    void reshape(OnnxMl.NodeProto n) {
        int x = g.dynId(n, 0);
        long[] target = g.requiredConst(n, 1).toLongs();
        Shape s = g.shapeOf(x);
        if (target.length == 2 && (target[1] == -1 || target[1] == s.size()) && (target[0] == -1 || target[0] == 0
                || target[1] != -1)) {
            flatten(n, x);
            return;
        }
        if (target.length == 4 && !s.flat() && target[1] == s.c() && target[2] == s.h() && target[3] == s.w()) {
            g.define(n.getOutput(0), x);
            return;
        }
        throw g.unsupported(n, "reshape of " + s + " to " + Arrays.toString(target),
                "only flattening to [N, -1] is supported");
    }

    void slice(OnnxMl.NodeProto n) {
        int x = g.dynId(n, 0);
        Shape s = g.shapeOf(x);
        g.requireSpatial(n, s);
        Op.StridedSlice op = stridedSlice(n, s);
        if (op.startH() == 0 && op.stepH() == 1 && op.startW() == 0 && op.stepW() == 1) {
            g.define(n.getOutput(0), x);
            return;
        }
        Node prev = g.nodes.get(x);
        if (prev.op() instanceof Op.StridedSlice p && x == g.nodes.size() - 1
                && g.consumerCount(n.getInput(0)) == 1) {
            // x[a::s][b::t] == x[a + b*s :: s*t]: merge the per-axis slices torch emits into one node
            Op.StridedSlice merged = new Op.StridedSlice(p.startH() + op.startH() * p.stepH(),
                    p.stepH() * op.stepH(), p.startW() + op.startW() * p.stepW(), p.stepW() * op.stepW());
            Shape base = g.shapeOf(prev.inputs()[0]);
            g.nodes.set(x, new Node(x, GraphImport.nodeName(n), merged, prev.inputs(), merged.outputShape(base)));
            g.define(n.getOutput(0), x);
            return;
        }
        g.define(n.getOutput(0), g.add(GraphImport.nodeName(n), op, op.outputShape(s), x));
    }

    /**
     * The Slice as x[:, :, startH::stepH, startW::stepW] on a value of shape {@code s}: only H and W may be sliced,
     * to their end, with a positive step no larger than the dimension (so merged slices cannot overflow).
     */
    private Op.StridedSlice stridedSlice(OnnxMl.NodeProto n, Shape s) {
        long[] starts = g.requiredConst(n, 1).toLongs();
        long[] ends = g.requiredConst(n, 2).toLongs();
        ConstTensor ax = g.constIn(n, 3);
        ConstTensor stp = g.constIn(n, 4);
        long[] axes = ax == null ? null : ax.toLongs();
        long[] steps = stp == null ? null : stp.toLongs();
        if (ends.length != starts.length || (axes != null && axes.length != starts.length)
                || (steps != null && steps.length != starts.length)) {
            throw g.malformed(n, "starts, ends, axes and steps differ in length");
        }
        int[] dims = {Integer.MAX_VALUE, s.c(), s.h(), s.w()};
        int[] start = {0, 0, 0, 0};
        int[] step = {1, 1, 1, 1};
        for (int i = 0; i < starts.length; i++) {
            long a = axes == null ? i : (axes[i] < 0 ? axes[i] + 4 : axes[i]);
            if (a < 0 || a > 3) {
                throw g.malformed(n, "slice axis " + (axes == null ? i : axes[i]) + " of a rank-4 value");
            }
            long dim = dims[(int) a];
            long st = starts[i] < 0 ? starts[i] + dim : starts[i];
            long en = ends[i] < 0 ? ends[i] + dim : ends[i];
            long sp = steps == null ? 1 : steps[i];
            if (sp < 1 || sp > dim || st < 0 || st >= dim || en < dim) {
                throw g.unsupported(n, "slice [" + starts[i] + ":" + ends[i] + ":" + sp + "] on axis " + a,
                        "only x[..., start::step] with positive steps to the end of H or W is supported");
            }
            if (a < 2 && (st != 0 || sp != 1)) {
                throw g.unsupported(n, "slice on axis " + a, "only H and W may be sliced");
            }
            start[(int) a] = (int) st;
            step[(int) a] = (int) sp;
        }
        return new Op.StridedSlice(start[2], step[2], start[3], step[3]);
    }

    void pad(OnnxMl.NodeProto n) {
        int x = g.dynId(n, 0);
        Shape s = g.shapeOf(x);
        g.requireSpatial(n, s);
        String mode = Attributes.string(n, "mode", "constant");
        long[] pads = n.getInputCount() > 1 ? g.requiredConst(n, 1).toLongs() : Attributes.integers(n, "pads", null);
        ConstTensor value = g.constIn(n, 2);
        if (value != null && !value.isScalar()) {
            throw g.malformed(n, "pad value of dims " + Arrays.toString(value.dims) + " is not a scalar");
        }
        if (!"constant".equals(mode) || (value != null && value.data[0] != 0.0)) {
            throw g.unsupported(n, "Pad mode " + mode + " with value " + (value == null ? 0 : value.data[0]),
                    "only zero padding is supported");
        }
        if (pads == null || pads.length != 8) {
            throw g.unsupported(n, "pads " + Arrays.toString(pads), "expected 8 pad amounts for NCHW");
        }
        for (int i : new int[] {0, 2, 3, 4, 6, 7}) {
            if (pads[i] != 0) {
                throw g.unsupported(n, "padding on axis " + (i % 4) + " " + Arrays.toString(pads),
                        "only channel zero-padding (option-A shortcut) is supported; put spatial padding into the "
                                + "convolution's pads");
            }
        }
        if (pads[1] < 0 || pads[5] < 0) {
            throw g.unsupported(n, "negative pads " + Arrays.toString(pads), null);
        }
        int before = g.intIn(n, "channels padded before", pads[1], 0, ConstTensor.MAX_ELEMENTS);
        int after = g.intIn(n, "channels padded after", pads[5], 0, ConstTensor.MAX_ELEMENTS);
        Shape out = g.chw(n, (long) s.c() + before + after, s.h(), s.w());
        g.define(n.getOutput(0), g.add(GraphImport.nodeName(n), new Op.ChannelPad(before, after), out, x));
    }

    void concat(OnnxMl.NodeProto n) {
        if (n.getInputCount() == 0) {
            throw g.malformed(n, "has no inputs");
        }
        long axis = Attributes.integer(n, "axis", 1);
        int[] ins = new int[n.getInputCount()];
        long c = 0;
        Shape first = null;
        for (int i = 0; i < ins.length; i++) {
            if (!g.isDyn(n.getInput(i))) {
                throw g.unsupported(n, "concatenation of a computed value with a constant",
                        "zero channels: use F.pad on the channel axis instead of torch.cat with zeros");
            }
            ins[i] = g.dynId(n, i);
            Shape s = g.shapeOf(ins[i]);
            if (first == null) {
                first = s;
            } else if (s.h() != first.h() || s.w() != first.w() || s.flat() != first.flat()) {
                throw g.unsupported(n, "inputs of shapes " + first + " and " + s, null);
            }
            c += s.c();
        }
        int rank = first.flat() ? 2 : 4;
        if ((axis < 0 ? axis + rank : axis) != 1) {
            throw g.unsupported(n, "Concat on axis " + axis, "only channel concatenation is supported");
        }
        Shape out = first.flat() ? g.flat(n, c) : g.chw(n, c, first.h(), first.w());
        g.define(n.getOutput(0), g.add(GraphImport.nodeName(n), new Op.Concat(), out, ins));
    }
}
