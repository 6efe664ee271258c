package dev.olafhe.nn.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;

import java.util.ArrayList;
import java.util.List;

/**
 * One structural change to an ONNX graph for {@link OnnxFuzzTest}: {@code a} and {@code b} pick what is changed
 * (taken modulo the number of candidates), {@code value} is the crafted number (a dim, an attribute, a length).
 * A change that finds nothing to change (e.g. no attribute on the node) leaves the graph as it is.
 */
record ModelMutation(Kind kind, int a, int b, long value) {
    enum Kind {
        INITIALIZER_DIM, INITIALIZER_RANK, RAW_DATA_LENGTH, DATA_TYPE, NODE_INPUT, NODE_OUTPUT, ATTRIBUTE_VALUE,
        ATTRIBUTE_LENGTH, ATTRIBUTE_REMOVED, OP_TYPE, NODE_REMOVED, NODE_DUPLICATED, NODES_SWAPPED, INPUT_DIM,
        CONSTANT_DIM, GRAPH_OUTPUT
    }

    private static final String[] OP_TYPES = {"Conv", "Slice", "Pad", "Concat", "Reshape", "Gemm", "MatMul", "Add",
        "Mul", "Div", "Sub", "Pow", "Sqrt", "Erf", "Tanh", "Neg", "ReduceMean", "Relu", "Gelu", "GlobalAveragePool",
        "AveragePool", "Flatten", "Identity", "ConstantOfShape", "Gather", "Unsqueeze", "Squeeze", "Transpose",
        "Shape", "Cast", "BatchNormalization", "LayerNormalization", "Constant", "Dropout", "MaxPool", ""};

    void applyTo(OnnxMl.GraphProto.Builder g) {
        switch (kind) {
            case INITIALIZER_DIM, INITIALIZER_RANK, RAW_DATA_LENGTH, DATA_TYPE -> {
                if (g.getInitializerCount() > 0) {
                    changeTensor(g.getInitializerBuilder(a % g.getInitializerCount()));
                }
            }
            case NODE_INPUT, NODE_OUTPUT, ATTRIBUTE_VALUE, ATTRIBUTE_LENGTH, ATTRIBUTE_REMOVED, OP_TYPE, CONSTANT_DIM -> {
                if (g.getNodeCount() > 0) {
                    changeNode(g, g.getNodeBuilder(a % g.getNodeCount()));
                }
            }
            case NODE_REMOVED, NODE_DUPLICATED, NODES_SWAPPED -> changeNodeList(g);
            case INPUT_DIM -> {
                if (g.getInputCount() > 0) {
                    OnnxMl.TensorShapeProto.Builder s = g.getInputBuilder(a % g.getInputCount()).getTypeBuilder()
                            .getTensorTypeBuilder().getShapeBuilder();
                    if (s.getDimCount() > 0) {
                        s.getDimBuilder(b % s.getDimCount()).setDimValue(value);
                    }
                }
            }
            case GRAPH_OUTPUT -> {
                if (b % 2 == 0 && g.getOutputCount() > 0) {
                    g.removeOutput(a % g.getOutputCount());
                } else if (g.getNodeCount() > 0) {
                    g.addOutput(OnnxMl.ValueInfoProto.newBuilder().setName(g.getNode(a % g.getNodeCount()).getOutput(0)));
                }
            }
            default -> throw new IllegalStateException(kind.toString());
        }
    }

    private void changeTensor(OnnxMl.TensorProto.Builder t) {
        switch (kind) {
            case INITIALIZER_DIM, CONSTANT_DIM -> {
                if (t.getDimsCount() > 0) {
                    t.setDims(b % t.getDimsCount(), value);
                } else {
                    t.addDims(value);
                }
            }
            case INITIALIZER_RANK -> {
                List<Long> dims = new ArrayList<>(t.getDimsList());
                if (b % 2 == 0 || dims.isEmpty()) {
                    dims.add(b % (dims.size() + 1), value);
                } else {
                    dims.remove(b % dims.size());
                }
                t.clearDims().addAllDims(dims);
            }
            case RAW_DATA_LENGTH -> t.setRawData(resized(t.getRawData(), value));
            default -> t.setDataType((int) Math.floorMod(value, 17L));
        }
    }

    private static ByteString resized(ByteString raw, long value) {
        int length = (int) Math.floorMod(value, raw.size() + 17L);
        return length <= raw.size() ? raw.substring(0, length)
                : raw.concat(ByteString.copyFrom(new byte[length - raw.size()]));
    }

    private void changeNode(OnnxMl.GraphProto.Builder g, OnnxMl.NodeProto.Builder n) {
        switch (kind) {
            case NODE_INPUT -> changeInput(g, n);
            case NODE_OUTPUT -> {
                if (b % 2 == 0) {
                    n.clearOutput();
                } else if (n.getOutputCount() > 0) {
                    n.setOutput(0, "fuzz_" + value);
                }
            }
            case OP_TYPE -> n.setOpType(OP_TYPES[b % OP_TYPES.length]);
            default -> {
                if (n.getAttributeCount() > 0) {
                    changeAttribute(n, n.getAttributeBuilder(b % n.getAttributeCount()));
                }
            }
        }
    }

    private void changeInput(OnnxMl.GraphProto.Builder g, OnnxMl.NodeProto.Builder n) {
        int i = n.getInputCount() == 0 ? 0 : b % n.getInputCount();
        switch ((int) Math.floorMod(value, 4L)) {
            case 0 -> {
                List<String> ins = new ArrayList<>(n.getInputList());
                if (!ins.isEmpty()) {
                    ins.remove(i);
                }
                n.clearInput().addAllInput(ins);
            }
            case 1 -> n.addInput(g.getNode(b % g.getNodeCount()).getOutputCount() > 0
                    ? g.getNode(b % g.getNodeCount()).getOutput(0) : "");
            case 2 -> {
                if (n.getInputCount() > 0) {
                    n.setInput(i, "dangling");
                }
            }
            default -> {
                if (n.getInputCount() > 0) {
                    n.setInput(i, "");
                }
            }
        }
    }

    private void changeAttribute(OnnxMl.NodeProto.Builder n, OnnxMl.AttributeProto.Builder attr) {
        switch (kind) {
            case ATTRIBUTE_VALUE -> {
                if (attr.getIntsCount() > 0) {
                    attr.setInts(a % attr.getIntsCount(), value);
                } else {
                    attr.setI(value).setF(Float.intBitsToFloat((int) value));
                }
            }
            case ATTRIBUTE_LENGTH -> {
                if (a % 2 == 0) {
                    attr.addInts(value);
                } else {
                    attr.clearInts();
                }
            }
            case CONSTANT_DIM -> {
                if (attr.hasT()) {
                    changeTensor(attr.getTBuilder());
                }
            }
            default -> n.removeAttribute(b % n.getAttributeCount());
        }
    }

    private void changeNodeList(OnnxMl.GraphProto.Builder g) {
        int count = g.getNodeCount();
        if (count == 0) {
            return;
        }
        switch (kind) {
            case NODE_REMOVED -> g.removeNode(a % count);
            case NODE_DUPLICATED -> g.addNode(b % (count + 1), g.getNode(a % count));
            default -> {
                OnnxMl.NodeProto first = g.getNode(a % count);
                g.setNode(a % count, g.getNode(b % count));
                g.setNode(b % count, first);
            }
        }
    }
}
