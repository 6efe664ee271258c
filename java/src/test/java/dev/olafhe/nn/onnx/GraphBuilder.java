package dev.olafhe.nn.onnx;

import ai.onnx.proto.OnnxMl;

import java.util.ArrayList;
import java.util.List;

/** Builds small ONNX graphs in tests (float initializers, scalar constants, any node). */
final class GraphBuilder {
    private final OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("test");
    private int counter;

    GraphBuilder(String input, int c, int h, int w) {
        g.addInput(valueInfo(input, new long[] {-1, c, h, w}));
    }

    private static OnnxMl.ValueInfoProto valueInfo(String name, long[] dims) {
        OnnxMl.TensorShapeProto.Builder s = OnnxMl.TensorShapeProto.newBuilder();
        for (long d : dims) {
            s.addDim(d < 0 ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N").build()
                    : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d).build());
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(1).setShape(s))).build();
    }

    static OnnxMl.TensorProto floats(String name, long[] dims, float[] v) {
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(1);
        for (long d : dims) {
            t.addDims(d);
        }
        for (float f : v) {
            t.addFloatData(f);
        }
        return t.build();
    }

    static OnnxMl.TensorProto longs(String name, long[] dims, long[] v) {
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(7);
        for (long d : dims) {
            t.addDims(d);
        }
        for (long f : v) {
            t.addInt64Data(f);
        }
        return t.build();
    }

    String init(long[] dims, float... v) {
        String name = "w" + (counter++);
        g.addInitializer(floats(name, dims, v));
        return name;
    }

    /** Adds the tensor (as built, e.g. with crafted dims or raw data) as an initializer under a fresh name. */
    String init(OnnxMl.TensorProto t) {
        String name = "t" + (counter++);
        g.addInitializer(t.toBuilder().setName(name));
        return name;
    }

    String initLongs(long... v) {
        String name = "i" + (counter++);
        g.addInitializer(longs(name, new long[] {v.length}, v));
        return name;
    }

    /** A Constant node holding a float scalar. */
    String scalar(float v) {
        String out = "c" + (counter++);
        g.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Constant").setName(out + "_node").addOutput(out)
                .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("value")
                        .setType(OnnxMl.AttributeProto.AttributeType.TENSOR)
                        .setT(floats("", new long[0], new float[] {v}))));
        return out;
    }

    static OnnxMl.AttributeProto ints(String name, long... v) {
        OnnxMl.AttributeProto.Builder a = OnnxMl.AttributeProto.newBuilder().setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.INTS);
        for (long x : v) {
            a.addInts(x);
        }
        return a.build();
    }

    static OnnxMl.AttributeProto intAttr(String name, long v) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT)
                .setI(v).build();
    }

    static OnnxMl.AttributeProto floatAttr(String name, float v) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.FLOAT)
                .setF(v).build();
    }

    String node(String op, String name, List<OnnxMl.AttributeProto> attrs, String... inputs) {
        String out = name + "_out";
        OnnxMl.NodeProto.Builder n = OnnxMl.NodeProto.newBuilder().setOpType(op).setName(name).addOutput(out);
        for (String i : inputs) {
            n.addInput(i);
        }
        n.addAllAttribute(attrs);
        g.addNode(n);
        return out;
    }

    String node(String op, String name, String... inputs) {
        return node(op, name, new ArrayList<>(), inputs);
    }

    OnnxMl.ModelProto build(String output, int classes) {
        g.addOutput(valueInfo(output, new long[] {-1, classes}));
        return OnnxMl.ModelProto.newBuilder().setIrVersion(8).setProducerName("test").setGraph(g)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(17)).build();
    }
}
