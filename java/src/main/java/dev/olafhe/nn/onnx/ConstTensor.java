package dev.olafhe.nn.onnx;

import ai.onnx.proto.OnnxMl;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** A constant (initializer, Constant node, or folded) tensor, held as doubles whatever its ONNX type. */
final class ConstTensor {
    final long[] dims;
    final double[] data;
    final boolean integer;

    ConstTensor(long[] dims, double[] data, boolean integer) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("constant of dims " + Arrays.toString(dims) + " has " + data.length
                    + " values");
        }
        this.dims = dims;
        this.data = data;
        this.integer = integer;
    }

    static ConstTensor of(OnnxMl.TensorProto t) {
        if (t.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL) {
            throw new OnnxImportException("tensor '" + t.getName() + "' uses external data; export the model with "
                    + "the weights inside the file");
        }
        long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        int count = Math.toIntExact(n);
        double[] out = new double[count];
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        boolean hasRaw = !t.getRawData().isEmpty();
        int type = t.getDataType();
        boolean integer;
        switch (type) {
            case 1: // FLOAT
                integer = false;
                for (int i = 0; i < count; i++) {
                    out[i] = hasRaw ? raw.getFloat(4 * i) : t.getFloatData(i);
                }
                break;
            case 11: // DOUBLE
                integer = false;
                for (int i = 0; i < count; i++) {
                    out[i] = hasRaw ? raw.getDouble(8 * i) : t.getDoubleData(i);
                }
                break;
            case 7: // INT64
                integer = true;
                for (int i = 0; i < count; i++) {
                    out[i] = hasRaw ? raw.getLong(8 * i) : t.getInt64Data(i);
                }
                break;
            case 6: // INT32
                integer = true;
                for (int i = 0; i < count; i++) {
                    out[i] = hasRaw ? raw.getInt(4 * i) : t.getInt32Data(i);
                }
                break;
            case 9: // BOOL
                integer = true;
                for (int i = 0; i < count; i++) {
                    out[i] = hasRaw ? raw.get(i) : t.getInt32Data(i);
                }
                break;
            default:
                throw new OnnxImportException("tensor '" + t.getName() + "' has unsupported data type " + type);
        }
        return new ConstTensor(dims, out, integer);
    }

    int size() {
        return data.length;
    }

    boolean isScalar() {
        return data.length == 1;
    }

    float[] toFloats() {
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) data[i];
        }
        return f;
    }

    long[] toLongs() {
        long[] l = new long[data.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = (long) data[i]; // saturates for INT64_MAX/MIN stored as double
        }
        return l;
    }

    int rank() {
        return dims.length;
    }

    @Override
    public String toString() {
        return "const" + Arrays.toString(dims);
    }
}
