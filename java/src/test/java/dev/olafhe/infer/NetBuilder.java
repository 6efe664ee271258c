package dev.olafhe.infer;

import dev.olafhe.nn.ActivationKind;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.Node;
import dev.olafhe.nn.Op;
import dev.olafhe.nn.Shape;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Builds small model-IR networks with seeded random weights for the encrypted-inference tests. */
final class NetBuilder {
    private final List<Node> nodes = new ArrayList<>();
    private final Random random;
    private int activations;

    NetBuilder(Shape input, long seed) {
        random = new Random(seed);
        nodes.add(new Node(0, "input", new Op.Input(input), new int[0], input));
    }

    int last() {
        return nodes.size() - 1;
    }

    Shape shape(int id) {
        return nodes.get(id).shape();
    }

    private int add(String name, Op op, Shape shape, int... inputs) {
        int id = nodes.size();
        nodes.add(new Node(id, name + id, op, inputs, shape));
        return id;
    }

    private float[] weights(int count, double std) {
        float[] w = new float[count];
        for (int i = 0; i < count; i++) {
            w[i] = (float) (random.nextGaussian() * std);
        }
        return w;
    }

    /** 3×3 convolution, padding 1, random weights (He-like scale) and bias: BatchNorm already folded in. */
    int conv(int from, int outC, int stride) {
        Shape in = shape(from);
        int oh = (in.h() + 2 - 3) / stride + 1;
        int ow = (in.w() + 2 - 3) / stride + 1;
        Op.Conv2d op = new Op.Conv2d(in.c(), outC, 3, 3, stride, stride, 1, 1, 1, 1, 1,
                weights(outC * in.c() * 9, Math.sqrt(1.0 / (in.c() * 9))), weights(outC, 0.1));
        return add("conv", op, Shape.chw(outC, oh, ow), from);
    }

    int relu(int from) {
        return add("relu", new Op.Activation(ActivationKind.RELU, activations++), shape(from), from);
    }

    int add(int a, int b) {
        return add("add", new Op.Add(), shape(a), a, b);
    }

    int channelAffine(int from) {
        int c = shape(from).c();
        return add("affine", new Op.ChannelAffine(weights(c, 0.5), weights(c, 0.3)), shape(from), from);
    }

    /** ResNet option-A shortcut: x[:, :, ::2, ::2] padded with c/2 zero channels on each side. */
    int optionAShortcut(int from) {
        Shape in = shape(from);
        int slice = add("slice", new Op.StridedSlice(0, 2, 0, 2), Shape.chw(in.c(), (in.h() + 1) / 2, (in.w() + 1) / 2),
                from);
        Shape s = shape(slice);
        return add("pad", new Op.ChannelPad(in.c() / 2, in.c() / 2), Shape.chw(2 * in.c(), s.h(), s.w()), slice);
    }

    int avgPool2(int from) {
        Shape in = shape(from);
        return add("avgpool", new Op.AvgPool(2, 2, 2, 2, 0, 0, 0, 0, true), Shape.chw(in.c(), in.h() / 2, in.w() / 2),
                from);
    }

    int globalAvgPool(int from) {
        return add("gap", new Op.GlobalAvgPool(true), Shape.flat(shape(from).c()), from);
    }

    int flatten(int from) {
        return add("flatten", new Op.Flatten(), Shape.flat(shape(from).size()), from);
    }

    int linear(int from, int out) {
        int in = shape(from).size();
        return add("fc", new Op.Linear(in, out, weights(in * out, Math.sqrt(1.0 / in)), weights(out, 0.1)),
                Shape.flat(out), from);
    }

    /** The network; a Flatten is appended when the last node is not flat (the IR's output must be). */
    Network build(String name) {
        if (!shape(last()).flat()) {
            flatten(last());
        }
        return new Network(name, nodes);
    }
}
