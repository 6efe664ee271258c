package dev.olafhe.infer;

import dev.olafhe.approx.ChebyshevSeries;
import dev.olafhe.approx.CompositeSign;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.Shape;

import java.util.HashMap;
import java.util.Map;

/** Small ResNet-shaped networks and plans for the end-to-end tests. */
final class TinyNets {
    private TinyNets() {
    }

    /**
     * conv(c→4) → act → [conv → act → conv] + identity → act → [conv stride 2 → act → conv] + option-A
     * shortcut → act → global average pool → FC(10): the ResNet-20 building blocks in miniature.
     */
    static Network tinyResNet(Shape input, long seed) {
        NetBuilder b = new NetBuilder(input, seed);
        int x = b.relu(b.conv(0, 4, 1));
        int y = b.conv(b.relu(b.conv(x, 4, 1)), 4, 1);
        x = b.relu(b.add(y, x));
        y = b.conv(b.relu(b.conv(x, 8, 2)), 8, 1);
        x = b.relu(b.add(y, b.optionAShortcut(x)));
        b.linear(b.globalAvgPool(x), 10);
        return b.build("tiny-resnet");
    }

    /**
     * CIFAR ResNet-20 (He et al.): conv 3→16, three stages of three basic blocks (16, 32, 64 channels; the
     * first block of stages 2 and 3 has stride 2 and an option-A shortcut), global pooling, FC 64→10.
     * Random weights: for compilation, key and placement checks, not accuracy.
     */
    static Network resNet(Shape input, int blocksPerStage, long seed) {
        NetBuilder b = new NetBuilder(input, seed);
        int x = b.relu(b.conv(0, 16, 1));
        int channels = 16;
        for (int stage = 0; stage < 3; stage++) {
            for (int block = 0; block < blocksPerStage; block++) {
                boolean down = stage > 0 && block == 0;
                int out = down ? 2 * channels : channels;
                int y = b.conv(b.relu(b.conv(x, out, down ? 2 : 1)), out, 1);
                x = b.relu(b.add(y, down ? b.optionAShortcut(x) : x));
                channels = out;
            }
        }
        b.linear(b.globalAvgPool(x), 10);
        return b.build("resnet" + (6 * blocksPerStage + 2));
    }

    /** Every activation gets the ReLU interpolant of the given degree (cycling) on [-bound, bound]. */
    static LayerPolynomials reluPlan(Network net, double bound, int... degrees) {
        Map<Integer, ChebyshevSeries> layers = new HashMap<>();
        for (int l = 0; l < net.numActivations(); l++) {
            layers.put(l, UniformReluPlan.interpolant(-bound, bound, degrees[l % degrees.length]));
        }
        return new LayerPolynomials(layers);
    }

    /** Every activation the composite ReLU of {@code sign} on [-bound, bound]. */
    static LayerPolynomials compositePlan(Network net, double bound, CompositeSign sign) {
        Map<Integer, ActivationPolynomial> layers = new HashMap<>();
        for (int l = 0; l < net.numActivations(); l++) {
            layers.put(l, ActivationPolynomial.CompositeRelu.of(sign, bound));
        }
        return LayerPolynomials.of(layers);
    }
}
