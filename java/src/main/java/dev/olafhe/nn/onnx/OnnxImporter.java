package dev.olafhe.nn.onnx;

import ai.onnx.proto.OnnxMl;
import dev.olafhe.nn.ActivationKind;
import dev.olafhe.nn.Network;
import dev.olafhe.nn.Node;
import dev.olafhe.nn.Op;
import dev.olafhe.nn.Shape;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * nothing is silently skipped. MaxPool is refused on purpose (no low-degree polynomial form under CKKS).
 */
public final class OnnxImporter {
    private static final Set<String> ELEMENTWISE = Set.of("Div", "Mul", "Add", "Sub", "Pow", "Erf", "Tanh", "Sqrt",
            "Neg");

    private final OnnxMl.GraphProto graph;
    private final String modelName;
    private final List<Node> nodes = new ArrayList<>();
    /** Value name -> constant. */
    private final Map<String, ConstTensor> consts = new HashMap<>();
    /** Value name -> IR node id producing it. */
    private final Map<String, Integer> dyn = new HashMap<>();
    /** Value name -> ONNX nodes reading it. */
    private final Map<String, List<OnnxMl.NodeProto>> consumers = new HashMap<>();
    private final Map<String, OnnxMl.NodeProto> producer = new HashMap<>();
    private final Set<OnnxMl.NodeProto> consumed = new HashSet<>();
    private final Set<String> graphOutputs = new HashSet<>();
    private int activations;

    private OnnxImporter(OnnxMl.GraphProto graph, String modelName) {
        this.graph = graph;
        this.modelName = modelName;
    }

    /** Reads and imports an .onnx file. */
    public static Network load(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString(), null, "ONNX model file missing");
        }
        OnnxMl.ModelProto model;
        try {
            model = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(path));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IOException(path + " is not a valid ONNX protobuf: " + e.getMessage(), e);
        }
        String name = path.getFileName().toString().replaceFirst("\\.onnx$", "");
        return fromModel(model, name);
    }

    public static Network fromModel(OnnxMl.ModelProto model, String name) {
        if (!model.hasGraph()) {
            throw new OnnxImportException(name + ": model has no graph");
        }
        return new OnnxImporter(model.getGraph(), name).run();
    }

    private Network run() {
        for (OnnxMl.TensorProto t : graph.getInitializerList()) {
            consts.put(t.getName(), ConstTensor.of(t));
        }
        for (OnnxMl.NodeProto n : graph.getNodeList()) {
            for (String in : n.getInputList()) {
                consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
            }
            for (String out : n.getOutputList()) {
                producer.put(out, n);
            }
            if (n.getOpType().equals("Constant")) {
                consts.put(n.getOutput(0), constantNode(n));
                consumed.add(n);
            }
        }
        graph.getOutputList().forEach(o -> graphOutputs.add(o.getName()));
        addInput();
        for (OnnxMl.NodeProto n : graph.getNodeList()) {
            if (!consumed.contains(n)) {
                convert(n);
            }
        }
        if (graph.getOutputCount() != 1) {
            throw new OnnxImportException(modelName + ": expected exactly one graph output (logits), got "
                    + graph.getOutputCount());
        }
        String out = graph.getOutput(0).getName();
        Integer id = dyn.get(out);
        if (id == null) {
            throw new OnnxImportException(modelName + ": graph output '" + out + "' is constant or unknown");
        }
        if (id != nodes.size() - 1) {
            throw new OnnxImportException(modelName + ": graph output '" + out + "' is not the last computed value "
                    + "(the graph has dead branches after it)");
        }
        return new Network(modelName, nodes);
    }

    private void addInput() {
        List<OnnxMl.ValueInfoProto> inputs = new ArrayList<>();
        for (OnnxMl.ValueInfoProto v : graph.getInputList()) {
            if (!consts.containsKey(v.getName())) {
                inputs.add(v);
            }
        }
        if (inputs.size() != 1) {
            throw new OnnxImportException(modelName + ": expected one (non-initializer) graph input, got "
                    + inputs.stream().map(OnnxMl.ValueInfoProto::getName).toList());
        }
        OnnxMl.ValueInfoProto in = inputs.get(0);
        List<OnnxMl.TensorShapeProto.Dimension> dims = in.getType().getTensorType().getShape().getDimList();
        if (dims.size() != 4) {
            throw new OnnxImportException(modelName + ": input '" + in.getName() + "' must be NCHW (rank 4), has rank "
                    + dims.size());
        }
        int[] d = new int[3];
        for (int i = 1; i < 4; i++) {
            if (!dims.get(i).hasDimValue()) {
                throw new OnnxImportException(modelName + ": input dimension " + i + " of '" + in.getName()
                        + "' is symbolic; only the batch dimension may be");
            }
            d[i - 1] = (int) dims.get(i).getDimValue();
        }
        Shape s = Shape.chw(d[0], d[1], d[2]);
        nodes.add(new Node(0, in.getName(), new Op.Input(s), new int[0], s));
        dyn.put(in.getName(), 0);
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static String nodeName(OnnxMl.NodeProto n) {
        return n.getName().isEmpty() ? n.getOpType() + "(" + n.getOutput(0) + ")" : n.getName();
    }

    private OnnxImportException unsupported(OnnxMl.NodeProto n, String why, String hint) {
        return new OnnxImportException("unsupported ONNX operator " + n.getOpType() + " (node '" + nodeName(n)
                + "') in " + modelName + ": " + why + (hint == null ? "" : ". Hint: " + hint));
    }

    private int add(String name, Op op, Shape shape, int... inputs) {
        int id = nodes.size();
        nodes.add(new Node(id, name, op, inputs, shape));
        return id;
    }

    private void define(String value, int nodeId) {
        dyn.put(value, nodeId);
    }

    private boolean isDyn(String v) {
        return dyn.containsKey(v);
    }

    private boolean isConst(String v) {
        return v.isEmpty() || consts.containsKey(v);
    }

    private int dynId(OnnxMl.NodeProto n, int input) {
        Integer id = dyn.get(n.getInput(input));
        if (id == null) {
            throw unsupported(n, "input " + input + " ('" + n.getInput(input) + "') is not a computed value", null);
        }
        return id;
    }

    private ConstTensor constIn(OnnxMl.NodeProto n, int input) {
        if (input >= n.getInputCount() || n.getInput(input).isEmpty()) {
            return null;
        }
        ConstTensor c = consts.get(n.getInput(input));
        if (c == null) {
            throw unsupported(n, "input " + input + " ('" + n.getInput(input) + "') must be a constant (weights)",
                    "export with do_constant_folding=True and the weights inside the file");
        }
        return c;
    }

    private Shape shapeOf(int id) {
        return nodes.get(id).shape();
    }

    private int singleConsumerCount(String value) {
        return consumers.getOrDefault(value, List.of()).size() + (graphOutputs.contains(value) ? 1 : 0);
    }

    private static OnnxMl.AttributeProto attr(OnnxMl.NodeProto n, String name) {
        for (OnnxMl.AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }

    private static long attrInt(OnnxMl.NodeProto n, String name, long def) {
        OnnxMl.AttributeProto a = attr(n, name);
        return a == null ? def : a.getI();
    }

    private static float attrFloat(OnnxMl.NodeProto n, String name, float def) {
        OnnxMl.AttributeProto a = attr(n, name);
        return a == null ? def : a.getF();
    }

    private static long[] attrInts(OnnxMl.NodeProto n, String name, long[] def) {
        OnnxMl.AttributeProto a = attr(n, name);
        return a == null ? def : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    private static String attrString(OnnxMl.NodeProto n, String name, String def) {
        OnnxMl.AttributeProto a = attr(n, name);
        return a == null ? def : a.getS().toStringUtf8();
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
        throw unsupported(n, "Constant without a supported value attribute", null);
    }

    // ------------------------------------------------------------------------------------------ conversion

    private void convert(OnnxMl.NodeProto n) {
        String op = n.getOpType();
        boolean allConst = n.getInputList().stream().allMatch(this::isConst);
        if (allConst && n.getInputCount() > 0) {
            List<ConstTensor> ins = new ArrayList<>();
            for (String in : n.getInputList()) {
                ins.add(in.isEmpty() ? null : consts.get(in));
            }
            ConstTensor r = ConstFolder.fold(n, ins, this::unsupported);
            consts.put(n.getOutput(0), r);
            return;
        }
        switch (op) {
            case "Identity":
            case "Dropout":
                define(n.getOutput(0), dynId(n, 0));
                return;
            case "Conv":
                conv(n);
                return;
            case "BatchNormalization":
                batchNorm(n);
                return;
            case "Relu":
                activation(n, ActivationKind.RELU, dynId(n, 0), n.getOutput(0), nodeName(n));
                return;
            case "Gelu":
                activation(n, "tanh".equals(attrString(n, "approximate", "none")) ? ActivationKind.GELU_TANH
                        : ActivationKind.GELU, dynId(n, 0), n.getOutput(0), nodeName(n));
                return;
            case "MaxPool":
                throw unsupported(n, "max pooling has no low-degree polynomial form and cannot be evaluated under "
                        + "CKKS", "replace MaxPool by AveragePool (or a stride-2 convolution) and retrain");
            case "AveragePool":
                avgPool(n);
                return;
            case "GlobalAveragePool": {
                int x = dynId(n, 0);
                Shape s = shapeOf(x);
                requireSpatial(n, s);
                define(n.getOutput(0), add(nodeName(n), new Op.GlobalAvgPool(false), Shape.chw(s.c(), 1, 1), x));
                return;
            }
            case "ReduceMean":
                reduceMean(n);
                return;
            case "Flatten": {
                int x = dynId(n, 0);
                long axis = attrInt(n, "axis", 1);
                if (axis != 1) {
                    throw unsupported(n, "Flatten axis " + axis, "only flattening to [N, features] (axis 1) is supported");
                }
                flatten(n, x);
                return;
            }
            case "Reshape":
                reshape(n);
                return;
            case "Gemm":
                gemm(n);
                return;
            case "MatMul":
                matmul(n);
                return;
            case "LayerNormalization":
                layerNormalization(n);
                return;
            case "Slice":
                slice(n);
                return;
            case "Pad":
                pad(n);
                return;
            case "Concat":
                concat(n);
                return;
            default:
                break;
        }
        if (ELEMENTWISE.contains(op)) {
            elementwise(n);
            return;
        }
        throw unsupported(n, "no mapping to the OLA-FHE model IR", hintFor(op));
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

    private void requireSpatial(OnnxMl.NodeProto n, Shape s) {
        if (s.flat()) {
            throw unsupported(n, "input is flat " + s + ", expected NCHW feature maps", null);
        }
    }

    private void conv(OnnxMl.NodeProto n) {
        int x = dynId(n, 0);
        Shape in = shapeOf(x);
        requireSpatial(n, in);
        ConstTensor w = constIn(n, 1);
        ConstTensor b = constIn(n, 2);
        if (w.rank() != 4) {
            throw unsupported(n, "only 2-D convolutions are supported (weight rank " + w.rank() + ")", null);
        }
        if (!"NOTSET".equals(attrString(n, "auto_pad", "NOTSET"))) {
            throw unsupported(n, "auto_pad=" + attrString(n, "auto_pad", ""), "export with explicit pads");
        }
        long[] dil = attrInts(n, "dilations", new long[] {1, 1});
        if (Arrays.stream(dil).anyMatch(d -> d != 1)) {
            throw unsupported(n, "dilation " + Arrays.toString(dil), "only dilation 1 is supported");
        }
        long[] st = attrInts(n, "strides", new long[] {1, 1});
        long[] pads = attrInts(n, "pads", new long[] {0, 0, 0, 0});
        int groups = (int) attrInt(n, "group", 1);
        int outC = (int) w.dims[0];
        int kh = (int) w.dims[2];
        int kw = (int) w.dims[3];
        if (w.dims[1] * groups != in.c()) {
            throw unsupported(n, "weight expects " + (w.dims[1] * groups) + " input channels, input has " + in.c(), null);
        }
        float[] bias = b == null ? new float[outC] : b.toFloats();
        Op.Conv2d c = new Op.Conv2d(in.c(), outC, kh, kw, (int) st[0], (int) st[1], (int) pads[0], (int) pads[1],
                (int) pads[2], (int) pads[3], groups, w.toFloats(), bias);
        int oh = (in.h() + c.padTop() + c.padBottom() - kh) / c.strideH() + 1;
        int ow = (in.w() + c.padLeft() + c.padRight() - kw) / c.strideW() + 1;
        define(n.getOutput(0), add(nodeName(n), c, Shape.chw(outC, oh, ow), x));
    }

    private void batchNorm(OnnxMl.NodeProto n) {
        int x = dynId(n, 0);
        if (attrInt(n, "training_mode", 0) != 0 || n.getOutputCount() > 1) {
            throw unsupported(n, "BatchNormalization in training mode", "export the model in eval() mode");
        }
        float[] gamma = constIn(n, 1).toFloats();
        float[] beta = constIn(n, 2).toFloats();
        float[] mean = constIn(n, 3).toFloats();
        float[] var = constIn(n, 4).toFloats();
        float eps = attrFloat(n, "epsilon", 1e-5f);
        int c = gamma.length;
        if (shapeOf(x).c() != c) {
            throw unsupported(n, "BatchNorm over " + c + " channels on input " + shapeOf(x), null);
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
    private void channelAffine(OnnxMl.NodeProto n, int x, float[] scale, float[] shift) {
        Node prev = nodes.get(x);
        String xName = n.getInput(0);
        if (!isDyn(xName)) {
            xName = n.getInput(1);
        }
        boolean foldable = singleConsumerCount(xName) == 1 && x == nodes.size() - 1;
        if (foldable && prev.op() instanceof Op.Conv2d c) {
            int per = c.weight().length / c.outC();
            float[] w = c.weight().clone();
            float[] b = new float[c.outC()];
            for (int o = 0; o < c.outC(); o++) {
                for (int i = 0; i < per; i++) {
                    w[o * per + i] *= scale[o];
                }
                b[o] = c.bias()[o] * scale[o] + shift[o];
            }
            Op.Conv2d folded = new Op.Conv2d(c.inC(), c.outC(), c.kh(), c.kw(), c.strideH(), c.strideW(), c.padTop(),
                    c.padLeft(), c.padBottom(), c.padRight(), c.groups(), w, b);
            nodes.set(x, new Node(x, prev.name(), folded, prev.inputs(), prev.shape()));
            define(n.getOutput(0), x);
        } else if (foldable && prev.op() instanceof Op.Linear l) {
            float[] w = l.weight().clone();
            float[] b = new float[l.out()];
            for (int o = 0; o < l.out(); o++) {
                for (int i = 0; i < l.in(); i++) {
                    w[o * l.in() + i] *= scale[o];
                }
                b[o] = l.bias()[o] * scale[o] + shift[o];
            }
            nodes.set(x, new Node(x, prev.name(), new Op.Linear(l.in(), l.out(), w, b), prev.inputs(), prev.shape()));
            define(n.getOutput(0), x);
        } else {
            define(n.getOutput(0), add(nodeName(n), new Op.ChannelAffine(scale, shift), shapeOf(x), x));
        }
    }

    private void activation(OnnxMl.NodeProto n, ActivationKind kind, int x, String out, String name) {
        Op.Activation a = new Op.Activation(kind, activations++);
        define(out, add(name, a, shapeOf(x), x));
    }

    private void avgPool(OnnxMl.NodeProto n) {
        int x = dynId(n, 0);
        Shape in = shapeOf(x);
        requireSpatial(n, in);
        if (attrInt(n, "ceil_mode", 0) != 0) {
            throw unsupported(n, "ceil_mode=1", "use ceil_mode=False");
        }
        if (!"NOTSET".equals(attrString(n, "auto_pad", "NOTSET"))) {
            throw unsupported(n, "auto_pad", "export with explicit pads");
        }
        long[] k = attrInts(n, "kernel_shape", null);
        long[] st = attrInts(n, "strides", new long[] {1, 1});
        long[] pads = attrInts(n, "pads", new long[] {0, 0, 0, 0});
        Op.AvgPool p = new Op.AvgPool((int) k[0], (int) k[1], (int) st[0], (int) st[1], (int) pads[0], (int) pads[1],
                (int) pads[2], (int) pads[3], attrInt(n, "count_include_pad", 0) != 0);
        int oh = (in.h() + p.padTop() + p.padBottom() - p.kh()) / p.strideH() + 1;
        int ow = (in.w() + p.padLeft() + p.padRight() - p.kw()) / p.strideW() + 1;
        define(n.getOutput(0), add(nodeName(n), p, Shape.chw(in.c(), oh, ow), x));
    }

    private void flatten(OnnxMl.NodeProto n, int x) {
        Shape s = shapeOf(x);
        if (s.flat()) {
            define(n.getOutput(0), x);
            return;
        }
        define(n.getOutput(0), add(nodeName(n), new Op.Flatten(), Shape.flat(s.size()), x));
    }

    private void reshape(OnnxMl.NodeProto n) {
        int x = dynId(n, 0);
        long[] target = constIn(n, 1).toLongs();
        Shape s = shapeOf(x);
        if (target.length == 2 && (target[1] == -1 || target[1] == s.size()) && (target[0] == -1 || target[0] == 0
                || target[1] != -1)) {
            flatten(n, x);
            return;
        }
        if (target.length == 4 && !s.flat() && target[1] == s.c() && target[2] == s.h() && target[3] == s.w()) {
            define(n.getOutput(0), x);
            return;
        }
        throw unsupported(n, "reshape of " + s + " to " + Arrays.toString(target),
                "only flattening to [N, -1] is supported");
    }

    private void gemm(OnnxMl.NodeProto n) {
        int x = dynId(n, 0);
        Shape s = shapeOf(x);
        if (!s.flat()) {
            throw unsupported(n, "Gemm on non-flat input " + s, "Flatten before the Gemm");
        }
        if (attrInt(n, "transA", 0) != 0) {
            throw unsupported(n, "transA=1", null);
        }
        ConstTensor b = constIn(n, 1);
        ConstTensor c = constIn(n, 2);
        boolean transB = attrInt(n, "transB", 0) != 0;
        float alpha = attrFloat(n, "alpha", 1f);
        float beta = attrFloat(n, "beta", 1f);
        int in = (int) (transB ? b.dims[1] : b.dims[0]);
        int out = (int) (transB ? b.dims[0] : b.dims[1]);
        if (in != s.c()) {
            throw unsupported(n, "weight expects " + in + " inputs, value has " + s.c(), null);
        }
        float[] w = new float[in * out];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                w[o * in + i] = alpha * (float) (transB ? b.data[o * in + i] : b.data[i * out + o]);
            }
        }
        float[] bias = new float[out];
        if (c != null) {
            if (c.size() != out && c.size() != 1) {
                throw unsupported(n, "bias C of dims " + Arrays.toString(c.dims) + " is not a vector of " + out, null);
            }
            for (int o = 0; o < out; o++) {
                bias[o] = beta * (float) c.data[c.size() == 1 ? 0 : o];
            }
        }
        define(n.getOutput(0), add(nodeName(n), new Op.Linear(in, out, w, bias), Shape.flat(out), x));
    }

    private void matmul(OnnxMl.NodeProto n) {
        int x = dynId(n, 0);
        Shape s = shapeOf(x);
        ConstTensor b = constIn(n, 1);
        if (!s.flat() || b.rank() != 2 || b.dims[0] != s.c()) {
            throw unsupported(n, "MatMul of " + s + " by constant " + Arrays.toString(b.dims),
                    "only [N, K] x [K, M] with a constant right-hand side is supported");
        }
        int in = (int) b.dims[0];
        int out = (int) b.dims[1];
        float[] w = new float[in * out];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                w[o * in + i] = (float) b.data[i * out + o];
            }
        }
        define(n.getOutput(0), add(nodeName(n), new Op.Linear(in, out, w, new float[out]), Shape.flat(out), x));
    }

    private void layerNormalization(OnnxMl.NodeProto n) {
        int x = dynId(n, 0);
        Shape s = shapeOf(x);
        long axis = attrInt(n, "axis", -1);
        boolean ok = s.flat() ? (axis == -1 || axis == 1) : false;
        if (!ok) {
            throw unsupported(n, "LayerNormalization over axis " + axis + " of " + s,
                    "normalise over channels of NCHW maps with the decomposed channels-first form (mean over dim 1), "
                            + "or apply LayerNorm after flattening");
        }
        float[] gamma = constIn(n, 1).toFloats();
        ConstTensor b = constIn(n, 2);
        float[] beta = b == null ? new float[gamma.length] : b.toFloats();
        if (gamma.length != s.c()) {
            throw unsupported(n, "scale has " + gamma.length + " entries for " + s.c() + " features", null);
        }
        if (n.getOutputCount() > 1 && consumers.containsKey(n.getOutput(1))) {
            throw unsupported(n, "Mean/InvStdDev outputs are used", null);
        }
        define(n.getOutput(0), add(nodeName(n), new Op.LayerNorm(gamma, beta, attrFloat(n, "epsilon", 1e-5f)), s, x));
    }

    private long[] reduceAxes(OnnxMl.NodeProto n) {
        long[] axes = attrInts(n, "axes", null);
        if (axes == null && n.getInputCount() > 1) {
            axes = constIn(n, 1).toLongs(); // opset 18: axes as input
        }
        if (axes == null) {
            throw unsupported(n, "ReduceMean over all axes", null);
        }
        return axes;
    }

    private static long[] normAxes(long[] axes, int rank) {
        long[] a = new long[axes.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = axes[i] < 0 ? axes[i] + rank : axes[i];
        }
        Arrays.sort(a);
        return a;
    }

    private void reduceMean(OnnxMl.NodeProto n) {
        int x = dynId(n, 0);
        Shape s = shapeOf(x);
        int rank = s.flat() ? 2 : 4;
        long[] axes = normAxes(reduceAxes(n), rank);
        boolean keep = attrInt(n, "keepdims", 1) != 0;
        if (Arrays.equals(axes, new long[] {1}) && keep) {
            if (matchLayerNorm(n, x)) {
                return;
            }
            throw unsupported(n, "ReduceMean over channels outside a LayerNorm pattern",
                    "write LayerNorm as mean/var over dim 1: (x - u) / sqrt(var + eps) * w + b");
        }
        if (!s.flat() && Arrays.equals(axes, new long[] {2, 3})) {
            define(n.getOutput(0), add(nodeName(n), new Op.GlobalAvgPool(!keep),
                    keep ? Shape.chw(s.c(), 1, 1) : Shape.flat(s.c()), x));
            return;
        }
        throw unsupported(n, "ReduceMean over axes " + Arrays.toString(axes) + " of " + s, null);
    }

    private OnnxMl.NodeProto onlyConsumer(String value, String opType) {
        List<OnnxMl.NodeProto> cs = consumers.getOrDefault(value, List.of());
        if (cs.size() != 1 || graphOutputs.contains(value) || !cs.get(0).getOpType().equals(opType)) {
            return null;
        }
        return cs.get(0);
    }

    private ConstTensor otherConst(OnnxMl.NodeProto n, String dynValue) {
        if (n.getInputCount() != 2) {
            return null;
        }
        String other = n.getInput(0).equals(dynValue) ? n.getInput(1) : n.getInput(0);
        return other.equals(dynValue) ? null : consts.get(other);
    }

    /** mean = ReduceMean(x); d = x - mean; var = ReduceMean(d^2); y = d / sqrt(var + eps) [* gamma + beta]. */
    private boolean matchLayerNorm(OnnxMl.NodeProto mean, int x) {
        String xv = mean.getInput(0);
        Shape s = shapeOf(x);
        OnnxMl.NodeProto sub = onlyConsumer(mean.getOutput(0), "Sub");
        if (sub == null || !sub.getInput(0).equals(xv) || !sub.getInput(1).equals(mean.getOutput(0))) {
            return false;
        }
        List<OnnxMl.NodeProto> dUses = consumers.getOrDefault(sub.getOutput(0), List.of());
        if (dUses.size() != 2) {
            return false;
        }
        OnnxMl.NodeProto pow = null;
        OnnxMl.NodeProto div = null;
        for (OnnxMl.NodeProto u : dUses) {
            if (u.getOpType().equals("Pow")) {
                pow = u;
            } else if (u.getOpType().equals("Div")) {
                div = u;
            } else if (u.getOpType().equals("Mul") && u.getInput(0).equals(u.getInput(1))) {
                pow = u; // d * d
            }
        }
        if (pow == null || div == null || !div.getInput(0).equals(sub.getOutput(0))) {
            return false;
        }
        if (pow.getOpType().equals("Pow")) {
            ConstTensor e = consts.get(pow.getInput(1));
            if (e == null || !e.isScalar() || e.data[0] != 2.0) {
                return false;
            }
        }
        OnnxMl.NodeProto mean2 = onlyConsumer(pow.getOutput(0), "ReduceMean");
        if (mean2 == null || !Arrays.equals(normAxes(reduceAxes(mean2), s.flat() ? 2 : 4), new long[] {1})) {
            return false;
        }
        OnnxMl.NodeProto addEps = onlyConsumer(mean2.getOutput(0), "Add");
        if (addEps == null) {
            return false;
        }
        ConstTensor eps = otherConst(addEps, mean2.getOutput(0));
        if (eps == null || !eps.isScalar()) {
            return false;
        }
        OnnxMl.NodeProto sqrt = onlyConsumer(addEps.getOutput(0), "Sqrt");
        if (sqrt == null || onlyConsumer(sqrt.getOutput(0), "Div") != div || !div.getInput(1).equals(sqrt.getOutput(0))) {
            return false;
        }
        List<OnnxMl.NodeProto> pattern = new ArrayList<>(List.of(mean, sub, pow, mean2, addEps, sqrt, div));
        String out = div.getOutput(0);
        float[] gamma = new float[s.c()];
        float[] beta = new float[s.c()];
        Arrays.fill(gamma, 1f);
        OnnxMl.NodeProto mul = onlyConsumer(out, "Mul");
        if (mul != null) {
            float[] g = perChannel(otherConst(mul, out), s);
            if (g != null) {
                gamma = g;
                pattern.add(mul);
                out = mul.getOutput(0);
                OnnxMl.NodeProto addB = onlyConsumer(out, "Add");
                if (addB != null) {
                    float[] b = perChannel(otherConst(addB, out), s);
                    if (b != null) {
                        beta = b;
                        pattern.add(addB);
                        out = addB.getOutput(0);
                    }
                }
            }
        }
        consumed.addAll(pattern);
        String name = nodeName(pattern.get(pattern.size() - 1));
        define(out, add(name, new Op.LayerNorm(gamma, beta, (float) eps.data[0]), s, x));
        return true;
    }

    /** The constant as one value per channel of {@code s} (scalar broadcast, [C], [C,1,1], [1,C,1,1]), or null. */
    private static float[] perChannel(ConstTensor c, Shape s) {
        if (c == null) {
            return null;
        }
        float[] out = new float[s.c()];
        if (c.isScalar()) {
            Arrays.fill(out, (float) c.data[0]);
            return out;
        }
        if (c.size() != s.c()) {
            return null;
        }
        long[] d = c.dims;
        // the channel axis must be dim 1 counted from the right end of a rank-4 (or rank-2 if flat) broadcast
        int trailing = s.flat() ? 0 : 2;
        int nonOne = -1;
        for (int i = 0; i < d.length; i++) {
            if (d[i] != 1) {
                if (nonOne >= 0) {
                    return null;
                }
                nonOne = i;
            }
        }
        if (s.c() > 1 && d.length - 1 - nonOne != trailing) {
            return null;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) c.data[i];
        }
        return out;
    }

    private void slice(OnnxMl.NodeProto n) {
        int x = dynId(n, 0);
        Shape s = shapeOf(x);
        requireSpatial(n, s);
        long[] starts = constIn(n, 1).toLongs();
        long[] ends = constIn(n, 2).toLongs();
        ConstTensor ax = constIn(n, 3);
        ConstTensor stp = constIn(n, 4);
        long[] axes = ax == null ? null : ax.toLongs();
        long[] steps = stp == null ? null : stp.toLongs();
        int[] dims = {Integer.MAX_VALUE, s.c(), s.h(), s.w()};
        int startH = 0;
        int stepH = 1;
        int startW = 0;
        int stepW = 1;
        for (int i = 0; i < starts.length; i++) {
            int a = (int) (axes == null ? i : (axes[i] < 0 ? axes[i] + 4 : axes[i]));
            long step = steps == null ? 1 : steps[i];
            long dim = dims[a];
            long st = starts[i] < 0 ? starts[i] + dim : starts[i];
            long en = ends[i] < 0 ? ends[i] + dim : ends[i];
            if (step < 1 || st < 0 || en < dim) {
                throw unsupported(n, "slice [" + starts[i] + ":" + ends[i] + ":" + step + "] on axis " + a,
                        "only x[..., start::step] with positive steps to the end of H or W is supported");
            }
            if (a == 2) {
                startH = (int) st;
                stepH = (int) step;
            } else if (a == 3) {
                startW = (int) st;
                stepW = (int) step;
            } else if (st != 0 || step != 1) {
                throw unsupported(n, "slice on axis " + a, "only H and W may be sliced");
            }
        }
        if (startH == 0 && stepH == 1 && startW == 0 && stepW == 1) {
            define(n.getOutput(0), x);
            return;
        }
        Node prev = nodes.get(x);
        if (prev.op() instanceof Op.StridedSlice p && x == nodes.size() - 1 && singleConsumerCount(n.getInput(0)) == 1) {
            // x[a::s][b::t] == x[a + b*s :: s*t]: merge the per-axis slices torch emits into one node
            Op.StridedSlice merged = new Op.StridedSlice(p.startH() + startH * p.stepH(), p.stepH() * stepH,
                    p.startW() + startW * p.stepW(), p.stepW() * stepW);
            Shape base = shapeOf(prev.inputs()[0]);
            nodes.set(x, new Node(x, nodeName(n), merged, prev.inputs(), sliceShape(base, merged)));
            define(n.getOutput(0), x);
            return;
        }
        Op.StridedSlice op = new Op.StridedSlice(startH, stepH, startW, stepW);
        define(n.getOutput(0), add(nodeName(n), op, sliceShape(s, op), x));
    }

    private static Shape sliceShape(Shape s, Op.StridedSlice op) {
        int oh = (s.h() - op.startH() + op.stepH() - 1) / op.stepH();
        int ow = (s.w() - op.startW() + op.stepW() - 1) / op.stepW();
        return Shape.chw(s.c(), oh, ow);
    }

    private void pad(OnnxMl.NodeProto n) {
        int x = dynId(n, 0);
        Shape s = shapeOf(x);
        requireSpatial(n, s);
        String mode = attrString(n, "mode", "constant");
        long[] pads = n.getInputCount() > 1 ? constIn(n, 1).toLongs() : attrInts(n, "pads", null);
        ConstTensor value = constIn(n, 2);
        if (!"constant".equals(mode) || (value != null && value.data[0] != 0.0)) {
            throw unsupported(n, "Pad mode " + mode + " with value " + (value == null ? 0 : value.data[0]),
                    "only zero padding is supported");
        }
        if (pads == null || pads.length != 8) {
            throw unsupported(n, "pads " + Arrays.toString(pads), "expected 8 pad amounts for NCHW");
        }
        for (int i : new int[] {0, 2, 3, 4, 6, 7}) {
            if (pads[i] != 0) {
                throw unsupported(n, "padding on axis " + (i % 4) + " " + Arrays.toString(pads),
                        "only channel zero-padding (option-A shortcut) is supported; put spatial padding into the "
                                + "convolution's pads");
            }
        }
        if (pads[1] < 0 || pads[5] < 0) {
            throw unsupported(n, "negative pads " + Arrays.toString(pads), null);
        }
        Op.ChannelPad op = new Op.ChannelPad((int) pads[1], (int) pads[5]);
        define(n.getOutput(0), add(nodeName(n), op, Shape.chw(s.c() + op.before() + op.after(), s.h(), s.w()), x));
    }

    private void concat(OnnxMl.NodeProto n) {
        int rank = 4;
        long axis = attrInt(n, "axis", 1);
        int[] ins = new int[n.getInputCount()];
        int c = 0;
        Shape first = null;
        for (int i = 0; i < ins.length; i++) {
            if (!isDyn(n.getInput(i))) {
                throw unsupported(n, "concatenation of a computed value with a constant",
                        "zero channels: use F.pad on the channel axis instead of torch.cat with zeros");
            }
            ins[i] = dynId(n, i);
            Shape s = shapeOf(ins[i]);
            if (first == null) {
                first = s;
                rank = s.flat() ? 2 : 4;
            } else if (s.h() != first.h() || s.w() != first.w() || s.flat() != first.flat()) {
                throw unsupported(n, "inputs of shapes " + first + " and " + s, null);
            }
            c += s.c();
        }
        if ((axis < 0 ? axis + rank : axis) != 1) {
            throw unsupported(n, "Concat on axis " + axis, "only channel concatenation is supported");
        }
        Shape out = first.flat() ? Shape.flat(c) : Shape.chw(c, first.h(), first.w());
        define(n.getOutput(0), add(nodeName(n), new Op.Concat(), out, ins));
    }

    // ------------------------------------------------------------------------------------------ element-wise

    private void elementwise(OnnxMl.NodeProto n) {
        String op = n.getOpType();
        List<String> dynIns = n.getInputList().stream().filter(this::isDyn).toList();
        if (op.equals("Add") && dynIns.size() == 2) {
            int a = dynId(n, 0);
            int b = dynId(n, 1);
            if (!shapeOf(a).equals(shapeOf(b))) {
                throw unsupported(n, "Add of shapes " + shapeOf(a) + " and " + shapeOf(b), "no broadcasting of values");
            }
            define(n.getOutput(0), add(nodeName(n), new Op.Add(), shapeOf(a), a, b));
            return;
        }
        if (dynIns.size() != 1) {
            throw unsupported(n, "element-wise " + op + " of two computed values",
                    "only residual Add of two values is supported; products of activations are not");
        }
        String xv = dynIns.get(0);
        int x = dyn.get(xv);
        // 1) a scalar element-wise sub-graph that is a known activation (GELU and its decompositions)
        if (tryActivationRegion(xv, x)) {
            return;
        }
        // 2) per-channel affine by constants
        Shape s = shapeOf(x);
        ConstTensor c = n.getInputCount() == 2 ? otherConst(n, xv) : null;
        float[] pc = c == null ? null : perChannel(c, s);
        if (pc != null) {
            float[] scale = new float[s.c()];
            float[] shift = new float[s.c()];
            Arrays.fill(scale, 1f);
            boolean xFirst = n.getInput(0).equals(xv);
            for (int i = 0; i < s.c(); i++) {
                switch (op) {
                    case "Add":
                        shift[i] = pc[i];
                        break;
                    case "Sub":
                        if (xFirst) {
                            shift[i] = -pc[i];
                        } else {
                            scale[i] = -1f;
                            shift[i] = pc[i];
                        }
                        break;
                    case "Mul":
                        scale[i] = pc[i];
                        break;
                    case "Div":
                        if (!xFirst) {
                            throw unsupported(n, "division by a computed value", null);
                        }
                        scale[i] = 1f / pc[i];
                        break;
                    default:
                        throw unsupported(n, op + " with a constant", null);
                }
            }
            channelAffine(n, x, scale, shift);
            return;
        }
        if (op.equals("Neg")) {
            float[] scale = new float[s.c()];
            Arrays.fill(scale, -1f);
            channelAffine(n, x, scale, new float[s.c()]);
            return;
        }
        throw unsupported(n, "element-wise " + op + " on " + s + " that is neither a per-channel affine map nor "
                + "part of a recognised activation (GELU erf/tanh forms)", "use nn.ReLU or nn.GELU");
    }

    /**
     * Grows the maximal sub-graph of scalar element-wise ops fed only by {@code xv} and scalar constants; if it has
     * one output and numerically equals a supported activation, emits that activation and consumes the sub-graph.
     */
    private boolean tryActivationRegion(String xv, int x) {
        Set<String> values = new HashSet<>();
        values.add(xv);
        LinkedHashSet<OnnxMl.NodeProto> region = new LinkedHashSet<>();
        boolean grown = true;
        while (grown) {
            grown = false;
            for (OnnxMl.NodeProto n : graph.getNodeList()) {
                if (region.contains(n) || consumed.contains(n) || !ELEMENTWISE.contains(n.getOpType())) {
                    continue;
                }
                boolean usesRegion = false;
                boolean ok = true;
                for (String in : n.getInputList()) {
                    if (values.contains(in)) {
                        usesRegion = true;
                    } else {
                        ConstTensor c = consts.get(in);
                        if (c == null || !c.isScalar()) {
                            ok = false;
                            break;
                        }
                    }
                }
                if (ok && usesRegion) {
                    region.add(n);
                    values.add(n.getOutput(0));
                    grown = true;
                }
            }
        }
        if (region.size() < 2) {
            return false;
        }
        List<String> outs = new ArrayList<>();
        for (OnnxMl.NodeProto n : region) {
            String v = n.getOutput(0);
            boolean external = graphOutputs.contains(v);
            for (OnnxMl.NodeProto c : consumers.getOrDefault(v, List.of())) {
                if (!region.contains(c)) {
                    external = true;
                }
            }
            if (external) {
                outs.add(v);
            }
        }
        OnnxMl.NodeProto last = null;
        for (OnnxMl.NodeProto n : region) {
            last = n;
        }
        String desc = region.stream().map(OnnxMl.NodeProto::getOpType).toList() + " from '" + xv + "'";
        if (outs.size() != 1) {
            throw unsupported(region.iterator().next(), "element-wise sub-graph " + desc + " has " + outs.size()
                    + " outputs", "use nn.GELU / nn.ReLU");
        }
        ActivationKind kind = identify(region, xv, outs.get(0));
        if (kind == null) {
            throw unsupported(region.iterator().next(), "element-wise sub-graph " + desc
                    + " does not match a supported activation (ReLU, GELU erf or tanh form)", "use nn.GELU / nn.ReLU");
        }
        consumed.addAll(region);
        OnnxMl.NodeProto outNode = producer.get(outs.get(0));
        activation(outNode, kind, x, outs.get(0), nodeName(outNode));
        return true;
    }

    private ActivationKind identify(Set<OnnxMl.NodeProto> region, String xv, String out) {
        double[] probes = {-6, -3.3, -2, -1.1, -0.5, -0.1, 0, 0.2, 0.7, 1.3, 2.4, 4, 7.5};
        for (ActivationKind k : new ActivationKind[] {ActivationKind.GELU, ActivationKind.GELU_TANH}) {
            boolean match = true;
            for (double p : probes) {
                double got = evalRegion(region, xv, out, p);
                double want = k.apply(p);
                if (!(Math.abs(got - want) <= 1e-9 + 1e-6 * Math.abs(want))) {
                    match = false;
                    break;
                }
            }
            if (match) {
                return k;
            }
        }
        return null;
    }

    private double evalRegion(Set<OnnxMl.NodeProto> region, String xv, String out, double x) {
        Map<String, Double> v = new HashMap<>();
        v.put(xv, x);
        for (OnnxMl.NodeProto n : graph.getNodeList()) {
            if (!region.contains(n)) {
                continue;
            }
            double[] a = new double[n.getInputCount()];
            for (int i = 0; i < a.length; i++) {
                String in = n.getInput(i);
                a[i] = v.containsKey(in) ? v.get(in) : consts.get(in).data[0];
            }
            double r;
            switch (n.getOpType()) {
                case "Div": r = a[0] / a[1]; break;
                case "Mul": r = a[0] * a[1]; break;
                case "Add": r = a[0] + a[1]; break;
                case "Sub": r = a[0] - a[1]; break;
                case "Pow": r = Math.pow(a[0], a[1]); break;
                case "Erf": r = dev.olafhe.nn.Special.erf(a[0]); break;
                case "Tanh": r = Math.tanh(a[0]); break;
                case "Sqrt": r = Math.sqrt(a[0]); break;
                case "Neg": r = -a[0]; break;
                default: throw new IllegalStateException(n.getOpType());
            }
            v.put(n.getOutput(0), r);
        }
        return v.get(out);
    }
}
