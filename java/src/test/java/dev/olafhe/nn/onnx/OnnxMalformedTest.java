package dev.olafhe.nn.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import dev.olafhe.nn.ModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Regression tests for model files that used to crash the importer (issue 15): each is refused with a checked
 * exception naming the file (or, for an in-memory model, an {@link OnnxImportException} naming the node) instead of
 * an ArrayIndexOutOfBounds/Arithmetic/IllegalArgument exception or an OutOfMemoryError.
 */
class OnnxMalformedTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);

    private static ModelFormatException refusedFile(Path file) {
        return assertTimeoutPreemptively(LIMIT, () -> assertThrows(ModelFormatException.class,
                () -> OnnxImporter.load(file)));
    }

    private static String refused(OnnxMl.ModelProto m) {
        return assertThrows(OnnxImportException.class, () -> OnnxImporter.fromModel(m, "t")).getMessage();
    }

    /** tiny_resnet with one bit flipped (offset, bit): both used to throw ArrayIndexOutOfBounds in ConstFolder.slice. */
    @Test
    void flippedBitsInAFoldedSliceAreRefused(@TempDir Path dir) throws IOException {
        int[][] flips = {{2971, 6}, {2973, 1}};
        for (int[] f : flips) {
            byte[] b = Files.readAllBytes(ModelFiles.onnx("tiny_resnet"));
            b[f[0]] ^= (byte) (1 << f[1]);
            Path p = dir.resolve("flip.onnx");
            Files.write(p, b);
            String m = refusedFile(p).getMessage();
            assertTrue(m.startsWith(p + ": malformed ONNX node Slice (node '/block/shortcut/Slice_2')"), m);
        }
    }

    /** `ola eval --model /dev/zero` used to read until OutOfMemoryError. */
    @Test
    void aDeviceIsRefusedBeforeReading() {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero));
        IOException e = assertTimeoutPreemptively(LIMIT, () -> assertThrows(IOException.class,
                () -> OnnxImporter.load(zero)));
        assertEquals("/dev/zero is a device, FIFO or socket, not a regular file", e.getMessage());
    }

    @Test
    void aDirectoryAndAFifoAreRefused(@TempDir Path dir) throws Exception {
        IOException e = assertThrows(IOException.class, () -> OnnxImporter.load(dir));
        assertEquals(dir + " is a directory, not a regular file", e.getMessage());
        Path fifo = dir.resolve("model.onnx");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException noMkfifo) {
            return; // no mkfifo on this system: the directory case above still ran
        }
        assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0);
        // reading a FIFO nobody writes to blocks forever: the check must refuse it without opening it
        e = assertTimeoutPreemptively(LIMIT, () -> assertThrows(IOException.class, () -> OnnxImporter.load(fifo)));
        assertTrue(e.getMessage().endsWith("is a device, FIFO or socket, not a regular file"), e.getMessage());
    }

    @Test
    void hugeOrNegativeTensorDimsAreRefusedBeforeAllocating() {
        for (long[] dims : new long[][] {{1L << 40}, {1 << 20, 1 << 20}, {-1, 4}, {Long.MAX_VALUE}}) {
            GraphBuilder b = new GraphBuilder("x", 1, 2, 2);
            String w = b.init(OnnxMl.TensorProto.newBuilder().setDataType(1)
                    .addAllDims(java.util.Arrays.stream(dims).boxed().toList()).build());
            String m = refused(b.build(b.node("Conv", "conv", "x", w), 1));
            assertTrue(m.contains("negative, or more than " + ConstTensor.MAX_ELEMENTS + " elements"), m);
        }
    }

    @Test
    void rawDataOfTheWrongLengthIsRefused() {
        GraphBuilder b = new GraphBuilder("x", 1, 2, 2);
        String w = b.init(OnnxMl.TensorProto.newBuilder().setDataType(1).addAllDims(List.of(1L, 1L, 1L, 2L))
                .setRawData(ByteString.copyFrom(new byte[7])).build());
        String m = refused(b.build(b.node("Conv", "conv", "x", w), 1));
        assertTrue(m.contains("has 7 bytes of raw data for 2 elements of 4 bytes"), m);
    }

    @Test
    void aConstantOfHugeShapeIsRefusedBeforeAllocating() {
        GraphBuilder b = new GraphBuilder("x", 1, 2, 2);
        String shape = b.node("ConstantOfShape", "big", b.initLongs(1 << 20, 1 << 20, 1 << 20));
        String m = refused(b.build(b.node("Add", "add", "x", shape), 1));
        assertTrue(m.contains("malformed ONNX node ConstantOfShape (node 'big')"), m);
    }

    @Test
    void zeroStridesAndGroupsAreRefused() {
        for (OnnxMl.AttributeProto bad : List.of(GraphBuilder.ints("strides", 0, 0), GraphBuilder.intAttr("group", 0),
                GraphBuilder.ints("pads", 1, 1), GraphBuilder.ints("strides", 1L << 40, 1))) {
            GraphBuilder b = new GraphBuilder("x", 1, 4, 4);
            String y = b.node("Conv", "conv", List.of(bad), "x", b.init(new long[] {1, 1, 1, 1}, 1f));
            String m = refused(b.build(b.node("Flatten", "flat", y), 16));
            assertTrue(m.startsWith("malformed ONNX node Conv (node 'conv') in t: "), m);
        }
    }

    @Test
    void missingInputsAndOutputsAreRefused() {
        GraphBuilder b = new GraphBuilder("x", 1, 2, 2);
        String m = refused(b.build(b.node("Conv", "conv", "x"), 4));
        assertTrue(m.contains("required input 1 is missing"), m);

        b = new GraphBuilder("x", 1, 2, 2);
        m = refused(b.build(b.node("Relu", "relu"), 4));
        assertTrue(m.contains("has 0 inputs, needs at least 1"), m);

        OnnxMl.ModelProto m0 = new GraphBuilder("x", 1, 2, 2).build("x", 4);
        OnnxMl.ModelProto noOutput = m0.toBuilder().setGraph(m0.getGraph().toBuilder()
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Relu").addInput("x"))).build();
        assertTrue(refused(noOutput).contains("has no output"));
    }

    @Test
    void outOfRangeIndicesInConstantFoldingAreRefused() {
        GraphBuilder b = new GraphBuilder("x", 1, 2, 2);
        String gathered = b.node("Gather", "gather", b.initLongs(1, 2, 3), b.initLongs(3));
        String m = refused(b.build(b.node("Reshape", "r", "x", gathered), 4));
        assertTrue(m.contains("index 3 outside a tensor of 3 elements"), m);

        b = new GraphBuilder("x", 1, 2, 2);
        String quotient = b.node("Div", "div", b.initLongs(4), b.initLongs(0));
        m = refused(b.build(b.node("Reshape", "r", "x", quotient), 4));
        assertTrue(m.contains("integer division by zero"), m);
    }

    @Test
    void namesWithLineBreaksGiveOneLineMessages() {
        GraphBuilder b = new GraphBuilder("x", 1, 2, 2);
        String m = refused(b.build(b.node("Sigmoid", "evil\nname", "x"), 4));
        assertTrue(m.contains("(node 'evil?name')"), m);
    }
}
