package dev.olafhe.infer;

import dev.olafhe.ckks.Ciphertext;
import dev.olafhe.ckks.ComplexVector;
import dev.olafhe.ckks.PrecisionStats;
import dev.olafhe.ckks.testing.HeFixture;
import dev.olafhe.nn.Executor;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.Node;
import dev.olafhe.nn.Shape;
import dev.olafhe.nn.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each linear layer of the encrypted runtime (convolution with folded BN, stride 1 and 2, per-channel
 * affine, average pooling, option-A shortcut, global pooling + fully connected) against the plaintext
 * executor (semantics) and float64 (precision), at logN 11 (INSECURE test parameters).
 */
class LinearLayersTest {
    private static final int LOG_N = 11;

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        cases.add(Arguments.of("conv 3x3 stride 1", (Function<NetBuilder, Integer>) b -> b.conv(0, 4, 1),
                Shape.chw(2, 8, 8)));
        cases.add(Arguments.of("conv stride 2, then stride 1 at gap 2",
                (Function<NetBuilder, Integer>) b -> b.conv(b.conv(0, 8, 2), 8, 1), Shape.chw(4, 8, 8)));
        cases.add(Arguments.of("option-A shortcut (slice + channel pad)",
                (Function<NetBuilder, Integer>) b -> b.optionAShortcut(0), Shape.chw(4, 8, 8)));
        cases.add(Arguments.of("channel affine, then 2x2 average pool",
                (Function<NetBuilder, Integer>) b -> b.avgPool2(b.channelAffine(0)), Shape.chw(3, 8, 8)));
        cases.add(Arguments.of("global average pool, then fully connected",
                (Function<NetBuilder, Integer>) b -> b.linear(b.globalAvgPool(0), 10), Shape.chw(16, 4, 4)));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void encryptedLayersMatchExecutorAndFloat64(String name, Function<NetBuilder, Integer> layers, Shape input) {
        NetBuilder builder = new NetBuilder(input, name.hashCode());
        layers.apply(builder);
        Network net = builder.build("linear-test");
        double[] x = randomInput(input, name.hashCode());

        // float64 through the affine maps vs the plaintext executor (float32)
        List<Node> linear = net.nodes().subList(1, net.nodes().size());
        double[] want = x;
        List<AffineMap> maps = new ArrayList<>();
        for (Node node : linear) {
            AffineMap map = AffineMap.of(node.op(), net.node(node.inputs()[0]).shape(), node.shape());
            maps.add(map);
            want = map.apply(want);
        }
        try (Executor ex = new Executor(net, 1)) {
            float[] in = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                in[i] = (float) x[i];
            }
            Tensor out = ex.forward(new Tensor(1, input, in));
            assertArrayEquals(toDouble(out.data), want, 1e-5, "affine maps disagree with the executor");
        }

        // compile to slot transforms; the last appended Flatten is a map too
        int slots = 1 << (LOG_N - 1);
        SlotLayout layout = SlotLayout.of(input);
        List<SlotLinearTransform> transforms = new ArrayList<>();
        TreeSet<Integer> steps = new TreeSet<>();
        double[] slotReference = layout.pack(x, slots);
        for (int k = 0; k < maps.size(); k++) {
            Node node = linear.get(k);
            SlotLayout next = layout.after(node.op(), node.shape());
            SlotLinearTransform t = SlotLinearTransform.compile(maps.get(k), layout, next, slots);
            transforms.add(t);
            for (int s : t.rotationSteps()) {
                steps.add(s);
            }
            slotReference = t.applyToSlots(slotReference);
            layout = next;
        }
        assertArrayEquals(layout.pack(want, slots), slotReference, 1e-9, "slot algorithm differs from the map");

        try (HeFixture he = HeFixture.withLevels(LOG_N, transforms.size(), steps.stream().mapToInt(i -> i).toArray(), 7)) {
            Ciphertext ct = he.encrypt(SlotLayout.of(input).pack(x, slots));
            for (SlotLinearTransform t : transforms) {
                Ciphertext next;
                try (EncodedSlotTransform encoded = t.encode(he.encoder, he.params, ct.level(), ct.scale(),
                        he.params.defaultScale(), false)) {
                    next = encoded.evaluate(he.evaluator, ct);
                }
                ct.close();
                ct = next;
            }
            assertEquals(0, ct.level());
            assertEquals(0, ct.scale().compareTo(he.params.defaultScale()), "output scale must be exactly Δ");
            double[] have = he.decryptReal(ct);
            ct.close();
            // every slot (copies included) against the float64 slot reference
            PrecisionStats p = PrecisionStats.compute(ComplexVector.real(slotReference), ComplexVector.real(have));
            double gain = 0;
            for (AffineMap m : maps) {
                gain += Math.log(Math.max(1, m.maxRowNorm())) / Math.log(2);
            }
            // fresh + rotation + rescale noise ~ 2^(logN/2 + few) over Δ = 2^40, amplified by the row norms and
            // adding up over the transforms
            double minBits = 40 - LOG_N - 5 - gain - Math.log(transforms.size()) / Math.log(2);
            System.out.printf("%s: %s; %d transforms, gain 2^%.1f, min threshold %.1f%n", name, p, transforms.size(),
                    gain, minBits);
            assertTrue(p.real().min() >= minBits, name + ": worst slot " + p.real().min() + " bits < " + minBits);
            assertTrue(p.real().mean() >= minBits + 2, name + ": mean " + p.real().mean() + " bits < " + (minBits + 2));
        }
    }

    /** The compiled form of pool + FC: rotate-and-add over the positions, then a map from one slot per channel. */
    @org.junit.jupiter.api.Test
    void globalPoolByRotateAndAddThenFullyConnected() {
        Shape input = Shape.chw(16, 4, 4);
        NetBuilder b = new NetBuilder(input, 9);
        b.linear(b.globalAvgPool(0), 10);
        Network net = b.build("pool-fc");
        HeProgram program = HeProgram.compile(net, new LayerPolynomials(java.util.Map.of()), p -> 0, 1, -1);
        HeStep.Linear step = (HeStep.Linear) program.steps().get(0);
        assertTrue(step.transform().diagonalCount() <= 16 * 10,
                "pool + FC should read one slot per channel: " + step.transform());
        double[] x = randomInput(input, 9);
        float[] image = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            image[i] = (float) x[i];
        }
        float[] want;
        try (Executor ex = new Executor(net, 1)) {
            want = ex.forward(new Tensor(1, input, image)).data;
        }
        try (HeFixture he = HeFixture.withLevels(LOG_N, 1, program.rotationSteps(), 3)) {
            try (EncryptedInference server = new EncryptedInference(program, he.evaluator, he.encoder, null, null);
                 Ciphertext ct = he.encrypt(program.encodeInput(image));
                 Ciphertext out = server.run(ct, null).logits()) {
                double[] have = program.decodeValue(program.outputValue(), he.decryptReal(out));
                PrecisionStats p = PrecisionStats.compute(ComplexVector.real(toDouble(want)), ComplexVector.real(have));
                System.out.println("pool+FC by rotate-and-add: " + p + "; " + step.transform());
                // single-op noise bound, capped by the float32 executor reference (~23 bits on values near 1)
                assertTrue(p.real().min() >= Math.min(40 - LOG_N - 8, 20), p.toString());
            }
        }
    }

    /** Compact diagonals (integer coefficients, encoded at each use) give the resident result bit for bit. */
    @org.junit.jupiter.api.Test
    void compactDiagonalsEvaluateBitIdenticallyToResidentOnes() {
        Shape input = Shape.chw(4, 8, 8);
        NetBuilder b = new NetBuilder(input, 5);
        int conv = b.conv(0, 8, 2);
        Network net = b.build("conv-stride-2");
        int slots = 1 << (LOG_N - 1);
        SlotLayout from = SlotLayout.of(input);
        SlotLayout to = from.after(net.node(conv).op(), net.node(conv).shape());
        SlotLinearTransform t = SlotLinearTransform.compile(AffineMap.of(net.node(conv).op(), input,
                net.node(conv).shape()), from, to, slots);
        try (HeFixture he = HeFixture.withLevels(LOG_N, 1, t.rotationSteps(), 11);
             Ciphertext ct = he.encrypt(from.pack(randomInput(input, 5), slots));
             EncodedSlotTransform resident = t.encode(he.encoder, he.params, 1, ct.scale(), ct.scale(), false);
             EncodedSlotTransform compact = t.encode(he.encoder, he.params, 1, ct.scale(), ct.scale(), true);
             Ciphertext r = resident.evaluate(he.evaluator, ct);
             Ciphertext c = compact.evaluate(he.evaluator, ct)) {
            assertTrue(compact.diagonalBytes() < resident.diagonalBytes(), "compact must take less memory");
            assertArrayEquals(he.decryptReal(r), he.decryptReal(c), 0.0);
        }
    }

    static double[] randomInput(Shape shape, long seed) {
        Random r = new Random(seed);
        double[] x = new double[shape.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (2 * r.nextDouble() - 1); // representable in float32, so the executor sees the same input
        }
        return x;
    }

    static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
