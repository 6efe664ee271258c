package dev.olafhe.nn.onnx;

import ai.onnx.proto.OnnxMl;
import dev.olafhe.nn.ActivationKind;
import dev.olafhe.nn.InputFiles;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.Node;
import dev.olafhe.nn.Op;
import dev.olafhe.nn.Shape;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Imports an ONNX model (parsed with {@code ai.onnx.proto.OnnxMl} from tribuo-util-onnx) into the
 * {@link Network} IR.
 *
 * <p>Supported: Conv (strides, explicit pads, groups incl. depthwise; dilation 1), BatchNormalization (folded into
 * the preceding Conv when that Conv has no other consumer, else a per-channel affine), Relu, Gelu (opset 20) and
 * its decompositions (any element-wise subgraph of Div/Mul/Add/Sub/Pow/Erf/Tanh/Sqrt/Neg with scalar constants
 * that numerically equals erf- or tanh-GELU becomes one GELU node), Add (residual; or a constant bias folded
 * into the preceding Conv/Gemm), per-channel Mul/Add/Sub/Div by constants, AveragePool, GlobalAveragePool,
 * ReduceMean over H,W, Flatten, Reshape to [N, -1], Gemm, MatMul, LayerNormalization over the last axis of a
 * flat value, the decomposed channel LayerNorm (ReduceMean/Sub/Pow/ReduceMean/Add/Sqrt/Div[/Mul/Add]), Slice on
 * H/W with steps and Pad on channels (the ResNet option-A shortcut, whose pad amounts torch computes with
 * constant sub-graphs that are folded here), Concat on channels, Identity/Dropout. Constant sub-graphs
 * (Constant, ConstantOfShape, Concat, Reshape, Slice, Transpose, Cast, Unsqueeze, Squeeze, Shape, Gather,
 * arithmetic) are folded.
 *
 * <p>Everything else is refused with an {@link OnnxImportException} naming op type, node name and a hint;
 * nothing is silently skipped. MaxPool is refused on purpose (no low-degree polynomial form under CKKS). A
 * malformed model (sizes that do not add up, missing inputs, out-of-range attributes, tensors over
 * {@link ConstTensor#MAX_ELEMENTS} elements) is refused the same way, before anything is allocated for it.
 */
public final class OnnxImporter {
    /** The largest model file read: protobuf messages are limited to 2 GiB, and so is a Java array. */
    public static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

    private final GraphImport g;
    private final LinearLayers linear;
    private final PoolingLayers pooling;
    private final LayerNorms layerNorms;
    private final ShapeLayers shapes;
    private final ElementwiseLayers elementwise;

    private OnnxImporter(OnnxMl.GraphProto graph, String modelName) {
        g = new GraphImport(graph, modelName);
        linear = new LinearLayers(g);
        layerNorms = new LayerNorms(g);
        pooling = new PoolingLayers(g, layerNorms);
        shapes = new ShapeLayers(g);
        elementwise = new ElementwiseLayers(g, linear);
    }

    /**
     * Reads and imports an .onnx file. Every refusal is an {@link IOException} whose one-line message names the file
     * and the problem: a {@link java.nio.file.NoSuchFileException} for a missing file, a plain IOException for one
     * that is not a regular file or is over {@link #MAX_FILE_BYTES}, a {@link ModelFormatException} for contents
     * that are not ONNX, malformed or unsupported.
     */
    public static Network load(Path path) throws IOException {
        byte[] bytes = InputFiles.readAll(path, MAX_FILE_BYTES, "ONNX model");
        OnnxMl.ModelProto model;
        try {
            model = OnnxMl.ModelProto.parseFrom(bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new ModelFormatException(path + " is not a valid ONNX protobuf: " + e.getMessage(), e);
        }
        String name = path.getFileName().toString().replaceFirst("\\.onnx$", "");
        try {
            return fromModel(model, name);
        } catch (OnnxImportException e) {
            throw new ModelFormatException(path + ": " + e.getMessage(), e);
        }
    }

    /** Imports a parsed model; refuses with an {@link OnnxImportException} (see the class comment). */
    public static Network fromModel(OnnxMl.ModelProto model, String name) {
        if (!model.hasGraph()) {
            throw new OnnxImportException(name + ": model has no graph");
        }
        return new OnnxImporter(model.getGraph(), name).run();
    }

    private Network run() {
        readGraph();
        addInput();
        for (OnnxMl.NodeProto n : g.graph.getNodeList()) {
            if (!g.consumed.contains(n)) {
                convert(n);
            }
        }
        return network();
    }

    /** Fills the lookup tables: initializers and Constant nodes, producers and consumers of every value. */
    private void readGraph() {
        for (OnnxMl.TensorProto t : g.graph.getInitializerList()) {
            g.consts.put(t.getName(), ConstTensor.of(t));
        }
        for (OnnxMl.NodeProto n : g.graph.getNodeList()) {
            if (n.getOutputCount() == 0 || n.getOutput(0).isEmpty()) {
                throw g.malformed(n, "has no output");
            }
            g.position.put(n, g.position.size());
            for (String in : n.getInputList()) {
                g.consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
            }
            for (String out : n.getOutputList()) {
                g.producer.put(out, n);
            }
            if (n.getOpType().equals("Constant")) {
                g.consts.put(n.getOutput(0), constantNode(n));
                g.consumed.add(n);
            }
        }
        g.graph.getOutputList().forEach(o -> g.graphOutputs.add(o.getName()));
    }

    private ConstTensor constantNode(OnnxMl.NodeProto n) {
        for (OnnxMl.AttributeProto a : n.getAttributeList()) {
            switch (a.getName()) {
                case "value":
                    return ConstTensor.of(a.getT());
                case "value_float":
                    return new ConstTensor(new long[0], new double[] {a.getF()}, false);
                case "value_floats":
                    return new ConstTensor(new long[] {a.getFloatsCount()},
                            a.getFloatsList().stream().mapToDouble(Float::doubleValue).toArray(), false);
                case "value_int":
                    return new ConstTensor(new long[0], new double[] {a.getI()}, true);
                case "value_ints":
                    return new ConstTensor(new long[] {a.getIntsCount()},
                            a.getIntsList().stream().mapToDouble(Long::doubleValue).toArray(), true);
                default:
                    break;
            }
        }
        throw g.unsupported(n, "Constant without a supported value attribute", null);
    }

    private void addInput() {
        List<OnnxMl.ValueInfoProto> inputs = new ArrayList<>();
        for (OnnxMl.ValueInfoProto v : g.graph.getInputList()) {
            if (!g.consts.containsKey(v.getName())) {
                inputs.add(v);
            }
        }
        if (inputs.size() != 1) {
            throw new OnnxImportException(g.modelName + ": expected one (non-initializer) graph input, got "
                    + inputs.stream().map(OnnxMl.ValueInfoProto::getName).toList());
        }
        OnnxMl.ValueInfoProto in = inputs.get(0);
        List<OnnxMl.TensorShapeProto.Dimension> dims = in.getType().getTensorType().getShape().getDimList();
        if (dims.size() != 4) {
            throw new OnnxImportException(g.modelName + ": input '" + in.getName() + "' must be NCHW (rank 4), has "
                    + "rank " + dims.size());
        }
        long[] d = new long[3];
        for (int i = 1; i < 4; i++) {
            if (!dims.get(i).hasDimValue()) {
                throw new OnnxImportException(g.modelName + ": input dimension " + i + " of '" + in.getName()
                        + "' is symbolic; only the batch dimension may be");
            }
            d[i - 1] = dims.get(i).getDimValue();
        }
        if (ConstTensor.elements(d) < 1) {
            throw new OnnxImportException(g.modelName + ": input '" + in.getName() + "' has dimensions "
                    + java.util.Arrays.toString(d) + " (empty, negative or over " + ConstTensor.MAX_ELEMENTS
                    + " elements)");
        }
        Shape s = Shape.chw((int) d[0], (int) d[1], (int) d[2]);
        g.nodes.add(new Node(0, in.getName(), new Op.Input(s), new int[0], s));
        g.define(in.getName(), 0);
    }

    private Network network() {
        if (g.graph.getOutputCount() != 1) {
            throw new OnnxImportException(g.modelName + ": expected exactly one graph output (logits), got "
                    + g.graph.getOutputCount());
        }
        String out = g.graph.getOutput(0).getName();
        Integer id = g.computed(out);
        if (id == null) {
            throw new OnnxImportException(g.modelName + ": graph output '" + out + "' is constant or unknown");
        }
        if (id != g.nodes.size() - 1) {
            throw new OnnxImportException(g.modelName + ": graph output '" + out + "' is not the last computed value "
                    + "(the graph has dead branches after it)");
        }
        if (!g.shapeOf(id).flat()) {
            throw new OnnxImportException(g.modelName + ": graph output '" + out + "' has shape " + g.shapeOf(id)
                    + "; expected flat logits");
        }
        return new Network(g.modelName, g.nodes);
    }

    // ------------------------------------------------------------------------------------------ conversion

    private void convert(OnnxMl.NodeProto n) {
        String op = n.getOpType();
        if (n.getInputCount() > 0 && n.getInputList().stream().allMatch(g::isConst)) {
            List<ConstTensor> ins = new ArrayList<>();
            for (String in : n.getInputList()) {
                ins.add(in.isEmpty() ? null : g.consts.get(in));
            }
            g.consts.put(n.getOutput(0), ConstFolder.fold(g, n, ins));
            return;
        }
        switch (op) {
            case "Identity", "Dropout" -> g.define(n.getOutput(0), g.dynId(n, 0));
            case "Conv" -> linear.conv(n);
            case "BatchNormalization" -> linear.batchNorm(n);
            case "Gemm" -> linear.gemm(n);
            case "MatMul" -> linear.matmul(n);
            case "Relu" -> g.activation(ActivationKind.RELU, g.dynId(n, 0), n.getOutput(0), GraphImport.nodeName(n));
            case "Gelu" -> g.activation("tanh".equals(Attributes.string(n, "approximate", "none"))
                    ? ActivationKind.GELU_TANH : ActivationKind.GELU, g.dynId(n, 0), n.getOutput(0),
                    GraphImport.nodeName(n));
            case "MaxPool" -> throw g.unsupported(n, "max pooling has no low-degree polynomial form and cannot be "
                    + "evaluated under CKKS", "replace MaxPool by AveragePool (or a stride-2 convolution) and retrain");
            case "AveragePool" -> pooling.avgPool(n);
            case "GlobalAveragePool" -> pooling.globalAvgPool(n);
            case "ReduceMean" -> pooling.reduceMean(n);
            case "LayerNormalization" -> layerNorms.layerNormalization(n);
            case "Flatten" -> shapes.flatten(n);
            case "Reshape" -> shapes.reshape(n);
            case "Slice" -> shapes.slice(n);
            case "Pad" -> shapes.pad(n);
            case "Concat" -> shapes.concat(n);
            default -> {
                if (!ElementwiseLayers.OPS.contains(op)) {
                    throw g.unsupported(n, "no mapping to the OLA-FHE model IR", hintFor(op));
                }
                elementwise.convert(n);
            }
        }
    }

    private static String hintFor(String op) {
        switch (op) {
            case "Sigmoid":
            case "Softmax":
            case "LogSoftmax":
                return "drop the final softmax from the exported model (logits are enough); other sigmoids are "
                        + "not supported yet";
            case "Transpose":
                return "keep tensors NCHW (e.g. write channel LayerNorm over dim 1 and MLPs as 1x1 convolutions)";
            default:
                return "rewrite the layer with Conv/BatchNormalization/Relu/Gelu/Add/AveragePool/Gemm, or extend "
                        + "dev.olafhe.nn.onnx.OnnxImporter";
        }
    }
}
