package dev.olafhe.nn.onnx;

import ai.onnx.proto.OnnxMl;
import dev.olafhe.nn.Shape;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** A constant (initializer, Constant node, or folded) tensor, held as doubles whatever its ONNX type. */
final class ConstTensor {
    /**
     * The most elements any tensor of an imported model may have (a constant, or one sample of a computed value):
     * 2^24, 64 MiB of floats, far above what a model evaluated under CKKS can use. Checked before allocating, so a
     * crafted dimension is refused instead of exhausting memory.
     */
    static final int MAX_ELEMENTS = 1 << 24;

    final long[] dims;
    final double[] data;
    final boolean integer;

    ConstTensor(long[] dims, double[] data, boolean integer) {
        if (elements(dims) != data.length) {
            throw new IllegalArgumentException("constant of dims " + Arrays.toString(dims) + " has " + data.length
                    + " values");
        }
        this.dims = dims;
        this.data = data;
        this.integer = integer;
    }

    /**
     * The element count of {@code dims}, or -1 if a dimension is negative or the count exceeds {@link #MAX_ELEMENTS}
     * (computed without overflow).
     */
    static long elements(long[] dims) {
        long n = 1;
        for (long d : dims) {
            if (d < 0 || d > MAX_ELEMENTS) {
                return -1;
            }
            n *= d;
            if (n > MAX_ELEMENTS) {
                return -1;
            }
        }
        return n;
    }

    static ConstTensor of(OnnxMl.TensorProto t) {
        if (t.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL) {
            throw new OnnxImportException("tensor '" + t.getName() + "' uses external data; export the model with "
                    + "the weights inside the file");
        }
        long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long count = elements(dims);
        if (count < 0) {
            throw new OnnxImportException("tensor '" + t.getName() + "' has dims " + Arrays.toString(dims)
                    + " (negative, or more than " + MAX_ELEMENTS + " elements)");
        }
        int type = t.getDataType();
        boolean integer = type == 7 || type == 6 || type == 9;
        if (!t.getRawData().isEmpty()) {
            return new ConstTensor(dims, raw(t, type, (int) count), integer);
        }
        return new ConstTensor(dims, typed(t, type, (int) count), integer);
    }

    /** Bytes per element in raw_data of the supported data types (FLOAT, DOUBLE, INT64, INT32, BOOL). */
    private static int width(OnnxMl.TensorProto t, int type) {
        return switch (type) {
            case 1, 6 -> 4;
            case 11, 7 -> 8;
            case 9 -> 1;
            default -> throw new OnnxImportException("tensor '" + t.getName() + "' has unsupported data type "
                    + type);
        };
    }

    private static double[] raw(OnnxMl.TensorProto t, int type, int count) {
        int width = width(t, type);
        if (t.getRawData().size() != (long) count * width) {
            throw new OnnxImportException("tensor '" + t.getName() + "' has " + t.getRawData().size() + " bytes of "
                    + "raw data for " + count + " elements of " + width + " bytes");
        }
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = switch (type) {
                case 1 -> raw.getFloat(4 * i);
                case 11 -> raw.getDouble(8 * i);
                case 7 -> raw.getLong(8 * i);
                case 6 -> raw.getInt(4 * i);
                default -> raw.get(i); // BOOL
            };
        }
        return out;
    }

    private static double[] typed(OnnxMl.TensorProto t, int type, int count) {
        width(t, type); // refuses unsupported types
        int have = switch (type) {
            case 1 -> t.getFloatDataCount();
            case 11 -> t.getDoubleDataCount();
            case 7 -> t.getInt64DataCount();
            default -> t.getInt32DataCount(); // INT32 and BOOL
        };
        if (have != count) {
            throw new OnnxImportException("tensor '" + t.getName() + "' has " + have + " values for " + count
                    + " elements");
        }
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = switch (type) {
                case 1 -> t.getFloatData(i);
                case 11 -> t.getDoubleData(i);
                case 7 -> t.getInt64Data(i);
                default -> t.getInt32Data(i);
            };
        }
        return out;
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

    /**
     * This constant as one value per channel of {@code s} (a scalar broadcast, or [C], [C,1,1], [1,C,1,1]: the
     * channel axis must be the one broadcasting puts on channels), or null if it is not of that form.
     */
    float[] perChannel(Shape s) {
        float[] out = new float[s.c()];
        if (isScalar()) {
            Arrays.fill(out, (float) data[0]);
            return out;
        }
        if (size() != s.c()) {
            return null;
        }
        // the channel axis must be dim 1 counted from the right end of a rank-4 (or rank-2 if flat) broadcast
        int trailing = s.flat() ? 0 : 2;
        int nonOne = -1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] != 1) {
                if (nonOne >= 0) {
                    return null;
                }
                nonOne = i;
            }
        }
        if (s.c() > 1 && dims.length - 1 - nonOne != trailing) {
            return null;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) data[i];
        }
        return out;
    }

    @Override
    public String toString() {
        return "const" + Arrays.toString(dims);
    }
}
