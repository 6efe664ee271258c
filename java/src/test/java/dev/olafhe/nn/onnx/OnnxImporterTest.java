package dev.olafhe.nn.onnx;

import ai.onnx.proto.OnnxMl;
import dev.olafhe.nn.ActivationKind;
import dev.olafhe.nn.Executor;
import dev.olafhe.nn.ModelFiles;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.Node;
import dev.olafhe.nn.Op;
import dev.olafhe.nn.Shape;
import dev.olafhe.nn.Tensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnnxImporterTest {

    private static long count(Network net, Class<? extends Op> type) {
        return net.nodes().stream().filter(n -> type.isInstance(n.op())).count();
    }

    private static void checkResNet(String model, int blocksPerStage) throws IOException {
        Network net = OnnxImporter.load(ModelFiles.onnx(model));
        System.out.println("[import] " + net.describe().lines().findFirst().orElse(""));
        int relus = 1 + 2 * 3 * blocksPerStage;
        assertEquals(relus, net.numActivations());
        assertTrue(net.activations().stream().allMatch(n -> ((Op.Activation) n.op()).kind() == ActivationKind.RELU));
        assertEquals(1 + 2 * 3 * blocksPerStage, count(net, Op.Conv2d.class));
        assertEquals(0, count(net, Op.ChannelAffine.class), "every BatchNorm folded into its conv");
        assertEquals(3 * blocksPerStage, count(net, Op.Add.class));
        assertEquals(2, count(net, Op.StridedSlice.class));
        assertEquals(2, count(net, Op.ChannelPad.class));
        for (Node n : net.nodes()) {
            if (n.op() instanceof Op.ChannelPad p) {
                assertEquals(p.before(), p.after());
                assertEquals(n.shape().c(), net.node(n.inputs()[0]).shape().c() * 2);
            }
            if (n.op() instanceof Op.StridedSlice s) {
                assertEquals(new Op.StridedSlice(0, 2, 0, 2), s);
            }
        }
        assertEquals(Shape.chw(1, 32, 32), net.inputShape());
        assertEquals(Shape.flat(10), net.output().shape());
        assertEquals(Shape.chw(64, 8, 8), net.activation(relus - 1).shape());
        assertEveryActivationAddressableByName(net);
    }

    private static void assertEveryActivationAddressableByName(Network net) {
        for (int i = 0; i < net.numActivations(); i++) {
            assertEquals(i, net.activationIndex(net.activation(i).name()), "activation " + i + " by its name");
        }
    }

    @Test
    void importsResNet20() throws IOException {
        checkResNet("resnet20", 3);
    }

    @Test
    void importsResNet32() throws IOException {
        checkResNet("resnet32", 5);
    }

    @Test
    void importsConvNeXt() throws IOException {
        Network net = OnnxImporter.load(ModelFiles.onnx("convnext_tiny32"));
        System.out.println("[import] " + net.describe().lines().findFirst().orElse(""));
        assertEquals(4, net.numActivations());
        assertTrue(net.activations().stream().allMatch(n -> ((Op.Activation) n.op()).kind() == ActivationKind.GELU));
        // stem LN + 4 block LNs + downsample LN (decomposed) + final nn.LayerNorm (LayerNormalization op)
        assertEquals(7, count(net, Op.LayerNorm.class));
        assertEquals(4, net.nodes().stream().filter(n -> n.op() instanceof Op.Conv2d c && c.depthwise()
                && c.kh() == 7).count());
        assertEquals(0, count(net, Op.ChannelAffine.class));
        assertEquals(Shape.chw(128, 16, 16), net.activation(0).shape());
        assertEquals(Shape.chw(256, 8, 8), net.activation(3).shape());
        assertEveryActivationAddressableByName(net);
    }

    @Test
    void maxPoolIsRefusedWithAHint() {
        GraphBuilder b = new GraphBuilder("x", 1, 4, 4);
        String y = b.node("MaxPool", "pool1", List.of(GraphBuilder.ints("kernel_shape", 2, 2)), "x");
        OnnxMl.ModelProto m = b.build(y, 4);
        OnnxImportException e = assertThrows(OnnxImportException.class, () -> OnnxImporter.fromModel(m, "t"));
        assertTrue(e.getMessage().contains("MaxPool") && e.getMessage().contains("'pool1'")
                && e.getMessage().contains("AveragePool"), e.getMessage());
    }

    @Test
    void unsupportedOperatorIsRefusedWithTypeNameAndHint() {
        GraphBuilder b = new GraphBuilder("x", 2, 2, 2);
        String y = b.node("Sigmoid", "weird_act", "x");
        String z = b.node("GlobalAveragePool", "gap", y);
        String f = b.node("Flatten", "flat", z);
        OnnxMl.ModelProto m = b.build(f, 2);
        OnnxImportException e = assertThrows(OnnxImportException.class, () -> OnnxImporter.fromModel(m, "t"));
        assertTrue(e.getMessage().contains("unsupported ONNX operator Sigmoid (node 'weird_act')"), e.getMessage());
        assertTrue(e.getMessage().contains("Hint:"), e.getMessage());
    }

    @Test
    void elementwiseSubgraphThatIsNotAnActivationIsRefused() {
        GraphBuilder b = new GraphBuilder("x", 1, 2, 2);
        String t = b.node("Tanh", "t", "x");
        String u = b.node("Mul", "m", t, b.scalar(3f));
        String g = b.node("GlobalAveragePool", "gap", u);
        OnnxMl.ModelProto m = b.build(b.node("Flatten", "flat", g), 1);
        OnnxImportException e = assertThrows(OnnxImportException.class, () -> OnnxImporter.fromModel(m, "t"));
        assertTrue(e.getMessage().contains("does not match a supported activation"), e.getMessage());
    }

    /** Conv(stride 2, asymmetric pads) + BN (folded) + Relu + BN (unfolded, after Relu) + GAP + Gemm. */
    @Test
    void foldsBatchNormAndKeepsUnfoldableOnesNumericallyExact() {
        Random r = new Random(3);
        float[] w = new float[3 * 2 * 3 * 3];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian();
        }
        GraphBuilder b = new GraphBuilder("x", 2, 5, 5);
        String c = b.node("Conv", "conv", List.of(GraphBuilder.ints("strides", 2, 2), GraphBuilder.ints("pads", 1, 0, 1, 1),
                GraphBuilder.ints("kernel_shape", 3, 3)), "x", b.init(new long[] {3, 2, 3, 3}, w), b.init(new long[] {3}, 0.1f, -0.2f, 0.3f));
        float[] g1 = {1.5f, 0.5f, -1f}, be1 = {0.1f, 0.2f, 0.3f}, mu1 = {0.3f, -0.1f, 0f}, v1 = {2f, 0.5f, 1f};
        String bn = b.node("BatchNormalization", "bn1", List.of(GraphBuilder.floatAttr("epsilon", 1e-5f)), c,
                b.init(new long[] {3}, g1), b.init(new long[] {3}, be1), b.init(new long[] {3}, mu1), b.init(new long[] {3}, v1));
        String relu = b.node("Relu", "relu1", bn);
        float[] g2 = {2f, -1f, 0.5f}, be2 = {0f, 1f, -1f}, mu2 = {0.5f, 0.5f, 0.5f}, v2 = {1f, 4f, 0.25f};
        String bn2 = b.node("BatchNormalization", "bn2", List.of(GraphBuilder.floatAttr("epsilon", 1e-5f)), relu,
                b.init(new long[] {3}, g2), b.init(new long[] {3}, be2), b.init(new long[] {3}, mu2), b.init(new long[] {3}, v2));
        String gap = b.node("GlobalAveragePool", "gap", bn2);
        String flat = b.node("Flatten", "flat", gap);
        float[] fw = {1, 2, 3, -1, 0.5f, 0.25f};
        String y = b.node("Gemm", "fc", List.of(GraphBuilder.intAttr("transB", 1)), flat, b.init(new long[] {2, 3}, fw),
                b.init(new long[] {2}, 0.5f, -0.5f));
        Network net = OnnxImporter.fromModel(b.build(y, 2), "bn");
        assertEquals(1, count(net, Op.ChannelAffine.class), "BN after Relu stays a channel affine");
        assertEquals(1, count(net, Op.Conv2d.class));
        assertEquals(Shape.chw(3, 3, 2), net.node(1).shape()); // pads t1 l0 b1 r1, stride 2 on 5x5

        float[] x = new float[2 * 5 * 5];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        // reference in double
        double[] pooled = new double[3];
        for (int co = 0; co < 3; co++) {
            for (int oy = 0; oy < 3; oy++) {
                for (int ox = 0; ox < 2; ox++) {
                    double s = new double[] {0.1, -0.2, 0.3}[co];
                    for (int ci = 0; ci < 2; ci++) {
                        for (int ky = 0; ky < 3; ky++) {
                            for (int kx = 0; kx < 3; kx++) {
                                int iy = oy * 2 + ky - 1;
                                int ix = ox * 2 + kx;
                                if (iy >= 0 && iy < 5 && ix >= 0 && ix < 5) {
                                    s += w[((co * 2 + ci) * 3 + ky) * 3 + kx] * x[ci * 25 + iy * 5 + ix];
                                }
                            }
                        }
                    }
                    double t = (s - mu1[co]) / Math.sqrt(v1[co] + 1e-5) * g1[co] + be1[co];
                    t = Math.max(t, 0);
                    t = (t - mu2[co]) / Math.sqrt(v2[co] + 1e-5) * g2[co] + be2[co];
                    pooled[co] += t / 6;
                }
            }
        }
        double[] want = {0.5 + pooled[0] + 2 * pooled[1] + 3 * pooled[2],
                -0.5 - pooled[0] + 0.5 * pooled[1] + 0.25 * pooled[2]};
        try (Executor ex = new Executor(net, 1)) {
            Tensor out = ex.forward(new Tensor(1, Shape.chw(2, 5, 5), x));
            assertEquals(want[0], out.data[0], 1e-4);
            assertEquals(want[1], out.data[1], 1e-4);
        }
    }

    /** GELU tanh decomposition as torch exports it, LayerNormalization on a flat value, MatMul + Add bias. */
    @Test
    void recognisesTanhGeluLayerNormalizationAndMatMul() {
        GraphBuilder b = new GraphBuilder("x", 3, 2, 2);
        String gap = b.node("GlobalAveragePool", "gap", "x");
        String flat = b.node("Flatten", "flat", gap);
        // 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 * x^3)))
        String p3 = b.node("Pow", "g_pow", flat, b.scalar(3f));
        String m1 = b.node("Mul", "g_mul1", b.scalar(0.044715f), p3);
        String a1 = b.node("Add", "g_add1", flat, m1);
        String m2 = b.node("Mul", "g_mul2", a1, b.scalar((float) Math.sqrt(2 / Math.PI)));
        String th = b.node("Tanh", "g_tanh", m2);
        String a2 = b.node("Add", "g_add2", th, b.scalar(1f));
        String m3 = b.node("Mul", "g_mul3", flat, a2);
        String gelu = b.node("Mul", "g_mul4", m3, b.scalar(0.5f));
        String ln = b.node("LayerNormalization", "ln", List.of(GraphBuilder.intAttr("axis", -1),
                GraphBuilder.floatAttr("epsilon", 1e-5f)), gelu, b.init(new long[] {3}, 1f, 2f, 0.5f),
                b.init(new long[] {3}, 0f, 0.1f, -0.1f));
        String mm = b.node("MatMul", "mm", ln, b.init(new long[] {3, 2}, 1f, 0f, 0f, 1f, 1f, 1f));
        String y = b.node("Add", "bias", mm, b.init(new long[] {2}, 0.25f, -0.25f));
        Network net = OnnxImporter.fromModel(b.build(y, 2), "gelu");
        assertEquals(1, net.numActivations());
        assertEquals(ActivationKind.GELU_TANH, ((Op.Activation) net.activation(0).op()).kind());
        assertEquals("g_mul4", net.activation(0).name());
        assertEquals(1, count(net, Op.LayerNorm.class));
        assertEquals(1, count(net, Op.Linear.class), "bias Add folded into the MatMul's Linear");
        assertEquals(0, count(net, Op.ChannelAffine.class));

        float[] x = new float[12];
        for (int i = 0; i < 12; i++) {
            x[i] = (i % 5) - 1.7f;
        }
        double[] f = new double[3];
        for (int c = 0; c < 3; c++) {
            double s = 0;
            for (int k = 0; k < 4; k++) {
                s += x[c * 4 + k];
            }
            f[c] = ActivationKind.GELU_TANH.apply(s / 4);
        }
        double mean = (f[0] + f[1] + f[2]) / 3;
        double var = 0;
        for (double v : f) {
            var += (v - mean) * (v - mean) / 3;
        }
        double[] g = {1, 2, 0.5};
        double[] be = {0, 0.1, -0.1};
        double[] n = new double[3];
        for (int c = 0; c < 3; c++) {
            n[c] = (f[c] - mean) / Math.sqrt(var + 1e-5) * g[c] + be[c];
        }
        try (Executor ex = new Executor(net, 1)) {
            Tensor out = ex.forward(new Tensor(1, Shape.chw(3, 2, 2), x));
            assertEquals(n[0] + n[2] + 0.25, out.data[0], 1e-4);
            assertEquals(n[1] + n[2] - 0.25, out.data[1], 1e-4);
        }
    }

    @Test
    void corruptFileIsReported(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        java.nio.file.Path p = dir.resolve("bad.onnx");
        java.nio.file.Files.write(p, new byte[] {0x0a, 0x7f, 0x01});
        IOException e = assertThrows(IOException.class, () -> OnnxImporter.load(p));
        assertTrue(e.getMessage().contains("not a valid ONNX protobuf"), e.getMessage());
    }
}
