package dev.olafhe.nn.onnx;

import ai.onnx.proto.OnnxMl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Evaluates ONNX nodes whose inputs are all constant (the shape arithmetic exporters emit). */
final class ConstFolder {
    private ConstFolder() {
    }

    interface Refusal {
        OnnxImportException make(OnnxMl.NodeProto n, String why, String hint);
    }

    static ConstTensor fold(OnnxMl.NodeProto n, List<ConstTensor> in, Refusal refuse) {
        switch (n.getOpType()) {
            case "Identity":
            case "Cast":
                if (n.getOpType().equals("Cast")) {
                    long to = attrInt(n, "to", 1);
                    boolean integer = to == 6 || to == 7 || to == 9;
                    double[] d = in.get(0).data.clone();
                    if (integer) {
                        for (int i = 0; i < d.length; i++) {
                            d[i] = (long) d[i];
                        }
                    }
                    return new ConstTensor(in.get(0).dims, d, integer);
                }
                return in.get(0);
            case "ConstantOfShape": {
                long[] dims = in.get(0).toLongs();
                OnnxMl.AttributeProto v = attr(n, "value");
                ConstTensor val = v == null ? new ConstTensor(new long[] {1}, new double[] {0}, false)
                        : ConstTensor.of(v.getT());
                long size = 1;
                for (long d : dims) {
                    size *= d;
                }
                double[] data = new double[Math.toIntExact(size)];
                Arrays.fill(data, val.data[0]);
                return new ConstTensor(dims, data, val.integer);
            }
            case "Shape":
                return vector(in.get(0).dims, true);
            case "Concat": {
                long axis = attrInt(n, "axis", 0);
                List<ConstTensor> parts = new ArrayList<>();
                for (ConstTensor t : in) {
                    if (t != null && t.size() > 0) {
                        parts.add(t);
                    }
                }
                if (parts.isEmpty()) {
                    return in.get(0);
                }
                int rank = parts.get(0).rank();
                int a = (int) (axis < 0 ? axis + rank : axis);
                long[] dims = parts.get(0).dims.clone();
                dims[a] = 0;
                for (ConstTensor t : parts) {
                    dims[a] += t.dims[a];
                }
                long outer = 1;
                for (int i = 0; i < a; i++) {
                    outer *= dims[i];
                }
                List<Double> out = new ArrayList<>();
                for (long o = 0; o < outer; o++) {
                    for (ConstTensor t : parts) {
                        int block = (int) (t.size() / outer);
                        for (int j = 0; j < block; j++) {
                            out.add(t.data[(int) (o * block + j)]);
                        }
                    }
                }
                return new ConstTensor(dims, out.stream().mapToDouble(Double::doubleValue).toArray(),
                        parts.get(0).integer);
            }
            case "Reshape": {
                ConstTensor x = in.get(0);
                long[] shape = in.get(1).toLongs();
                long known = 1;
                int infer = -1;
                for (int i = 0; i < shape.length; i++) {
                    if (shape[i] == 0) {
                        shape[i] = x.dims[i];
                    }
                    if (shape[i] == -1) {
                        infer = i;
                    } else {
                        known *= shape[i];
                    }
                }
                if (infer >= 0) {
                    shape[infer] = x.size() / known;
                }
                return new ConstTensor(shape, x.data, x.integer);
            }
            case "Unsqueeze": {
                ConstTensor x = in.get(0);
                long[] axes = in.size() > 1 && in.get(1) != null ? in.get(1).toLongs() : attrInts(n, "axes");
                int rank = x.rank() + axes.length;
                long[] dims = new long[rank];
                boolean[] isNew = new boolean[rank];
                for (long a : axes) {
                    isNew[(int) (a < 0 ? a + rank : a)] = true;
                }
                int j = 0;
                for (int i = 0; i < rank; i++) {
                    dims[i] = isNew[i] ? 1 : x.dims[j++];
                }
                return new ConstTensor(dims, x.data, x.integer);
            }
            case "Squeeze": {
                ConstTensor x = in.get(0);
                List<Long> dims = new ArrayList<>();
                for (long d : x.dims) {
                    if (d != 1) {
                        dims.add(d);
                    }
                }
                return new ConstTensor(dims.stream().mapToLong(Long::longValue).toArray(), x.data, x.integer);
            }
            case "Transpose": {
                ConstTensor x = in.get(0);
                int r = x.rank();
                long[] perm = attrInts(n, "perm");
                if (perm == null) {
                    perm = new long[r];
                    for (int i = 0; i < r; i++) {
                        perm[i] = r - 1 - i;
                    }
                }
                long[] dims = new long[r];
                for (int i = 0; i < r; i++) {
                    dims[i] = x.dims[(int) perm[i]];
                }
                long[] inStrides = strides(x.dims);
                double[] out = new double[x.size()];
                int[] idx = new int[r];
                for (int o = 0; o < out.length; o++) {
                    long src = 0;
                    for (int i = 0; i < r; i++) {
                        src += idx[i] * inStrides[(int) perm[i]];
                    }
                    out[o] = x.data[(int) src];
                    for (int i = r - 1; i >= 0; i--) {
                        if (++idx[i] < dims[i]) {
                            break;
                        }
                        idx[i] = 0;
                    }
                }
                return new ConstTensor(dims, out, x.integer);
            }
            case "Slice":
                return slice(n, in);
            case "Gather": {
                ConstTensor x = in.get(0);
                ConstTensor idx = in.get(1);
                if (attrInt(n, "axis", 0) != 0 || x.rank() != 1) {
                    throw refuse.make(n, "constant Gather other than on a 1-D tensor", null);
                }
                double[] out = new double[idx.size()];
                for (int i = 0; i < out.length; i++) {
                    long k = (long) idx.data[i];
                    out[i] = x.data[(int) (k < 0 ? k + x.size() : k)];
                }
                return new ConstTensor(idx.dims, out, x.integer);
            }
            case "Add":
            case "Sub":
            case "Mul":
            case "Div":
            case "Pow":
                return binary(n, in.get(0), in.get(1), refuse);
            case "Sqrt":
            case "Neg": {
                ConstTensor x = in.get(0);
                double[] d = x.data.clone();
                for (int i = 0; i < d.length; i++) {
                    d[i] = n.getOpType().equals("Sqrt") ? Math.sqrt(d[i]) : -d[i];
                }
                return new ConstTensor(x.dims, d, x.integer && n.getOpType().equals("Neg"));
            }
            default:
                throw refuse.make(n, "cannot fold this operator on constant inputs",
                        "export with do_constant_folding=True");
        }
    }

    private static ConstTensor binary(OnnxMl.NodeProto n, ConstTensor a, ConstTensor b, Refusal refuse) {
        ConstTensor big = a.size() >= b.size() ? a : b;
        if (!(a.size() == b.size() || a.isScalar() || b.isScalar())) {
            throw refuse.make(n, "broadcasting constants of dims " + Arrays.toString(a.dims) + " and "
                    + Arrays.toString(b.dims), null);
        }
        double[] out = new double[big.size()];
        boolean integer = a.integer && b.integer;
        for (int i = 0; i < out.length; i++) {
            double x = a.data[a.isScalar() ? 0 : i];
            double y = b.data[b.isScalar() ? 0 : i];
            double r;
            switch (n.getOpType()) {
                case "Add": r = x + y; break;
                case "Sub": r = x - y; break;
                case "Mul": r = x * y; break;
                case "Div": r = integer ? (double) ((long) x / (long) y) : x / y; break;
                default: r = Math.pow(x, y); break;
            }
            out[i] = r;
        }
        return new ConstTensor(big.dims, out, integer);
    }

    private static ConstTensor slice(OnnxMl.NodeProto n, List<ConstTensor> in) {
        ConstTensor x = in.get(0);
        int r = x.rank();
        long[] starts = in.get(1).toLongs();
        long[] ends = in.get(2).toLongs();
        long[] axes = in.size() > 3 && in.get(3) != null ? in.get(3).toLongs() : null;
        long[] steps = in.size() > 4 && in.get(4) != null ? in.get(4).toLongs() : null;
        long[] st = new long[r];
        long[] sp = new long[r];
        long[] cnt = new long[r];
        for (int i = 0; i < r; i++) {
            st[i] = 0;
            sp[i] = 1;
            cnt[i] = x.dims[i];
        }
        for (int i = 0; i < starts.length; i++) {
            int a = (int) (axes == null ? i : (axes[i] < 0 ? axes[i] + r : axes[i]));
            long dim = x.dims[a];
            long step = steps == null ? 1 : steps[i];
            long s = starts[i];
            long e = ends[i];
            if (s < 0) {
                s += dim;
            }
            if (e < 0 && e > Long.MIN_VALUE / 2) {
                e += dim;
            }
            if (step > 0) {
                s = Math.max(0, Math.min(dim, s));
                e = Math.max(0, Math.min(dim, e));
                cnt[a] = Math.max(0, (e - s + step - 1) / step);
            } else {
                s = Math.max(-1, Math.min(dim - 1, s));
                e = Math.max(-1, Math.min(dim - 1, e));
                cnt[a] = Math.max(0, (s - e + (-step) - 1) / (-step));
            }
            st[a] = s;
            sp[a] = step;
        }
        long total = 1;
        for (long c : cnt) {
            total *= c;
        }
        long[] inStrides = strides(x.dims);
        double[] out = new double[(int) total];
        int[] idx = new int[r];
        for (int o = 0; o < out.length; o++) {
            long src = 0;
            for (int i = 0; i < r; i++) {
                src += (st[i] + idx[i] * sp[i]) * inStrides[i];
            }
            out[o] = x.data[(int) src];
            for (int i = r - 1; i >= 0; i--) {
                if (++idx[i] < cnt[i]) {
                    break;
                }
                idx[i] = 0;
            }
        }
        return new ConstTensor(cnt, out, x.integer);
    }

    private static long[] strides(long[] dims) {
        long[] s = new long[dims.length];
        long acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    private static ConstTensor vector(long[] values, boolean integer) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i];
        }
        return new ConstTensor(new long[] {values.length}, d, integer);
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

    private static long[] attrInts(OnnxMl.NodeProto n, String name) {
        OnnxMl.AttributeProto a = attr(n, name);
        return a == null ? null : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }
}
