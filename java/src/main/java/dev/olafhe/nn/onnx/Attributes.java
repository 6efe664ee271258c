package dev.olafhe.nn.onnx;

import ai.onnx.proto.OnnxMl;

/** Reads the attributes of an ONNX node (the importer and the constant folder share these readers). */
final class Attributes {
    private Attributes() {
    }

    /** The attribute called {@code name}, or null if the node has none. */
    static OnnxMl.AttributeProto find(OnnxMl.NodeProto n, String name) {
        for (OnnxMl.AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }

    static long integer(OnnxMl.NodeProto n, String name, long def) {
        OnnxMl.AttributeProto a = find(n, name);
        return a == null ? def : a.getI();
    }

    static float real(OnnxMl.NodeProto n, String name, float def) {
        OnnxMl.AttributeProto a = find(n, name);
        return a == null ? def : a.getF();
    }

    /** The integer list, or {@code def} (may be null) if the attribute is absent. */
    static long[] integers(OnnxMl.NodeProto n, String name, long[] def) {
        OnnxMl.AttributeProto a = find(n, name);
        return a == null ? def : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    static String string(OnnxMl.NodeProto n, String name, String def) {
        OnnxMl.AttributeProto a = find(n, name);
        return a == null ? def : a.getS().toStringUtf8();
    }
}
