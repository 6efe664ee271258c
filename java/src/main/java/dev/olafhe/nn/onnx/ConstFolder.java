package dev.olafhe.nn.onnx;

import ai.onnx.proto.OnnxMl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Evaluates one ONNX node whose inputs are all constant (the shape arithmetic exporters emit). Every size and index
 * is checked before use: a node that contradicts its inputs is refused as malformed, a result over
 * {@link ConstTensor#MAX_ELEMENTS} elements before it is allocated.
 */
final class ConstFolder {
    private final GraphImport g;
    private final OnnxMl.NodeProto n;
    private final List<ConstTensor> in;

    private ConstFolder(GraphImport g, OnnxMl.NodeProto n, List<ConstTensor> in) {
        this.g = g;
        this.n = n;
        this.in = in;
    }

    /** The value of node {@code n} given its constant inputs ({@code in}, null for optional inputs left out). */
    static ConstTensor fold(GraphImport g, OnnxMl.NodeProto n, List<ConstTensor> in) {
        return new ConstFolder(g, n, in).fold();
    }

    private ConstTensor fold() {
        return switch (n.getOpType()) {
            case "Identity" -> arg(0);
            case "Cast" -> cast();
            case "ConstantOfShape" -> constantOfShape();
            case "Shape" -> vector(arg(0).dims, true);
            case "Concat" -> concat();
            case "Reshape" -> reshape();
            case "Unsqueeze" -> unsqueeze();
            case "Squeeze" -> squeeze();
            case "Transpose" -> transpose();
            case "Slice" -> slice();
            case "Gather" -> gather();
            case "Add", "Sub", "Mul", "Div", "Pow" -> binary();
            case "Sqrt", "Neg" -> unary();
            default -> throw g.unsupported(n, "cannot fold this operator on constant inputs",
                    "export with do_constant_folding=True");
        };
    }

    /** Input {@code i}, which the node must have. */
    private ConstTensor arg(int i) {
        ConstTensor t = optionalArg(i);
        if (t == null) {
            throw g.malformed(n, "required input " + i + " is missing");
        }
        return t;
    }

    private ConstTensor optionalArg(int i) {
        return i < in.size() ? in.get(i) : null;
    }

    /** The element count of {@code dims}, refused if negative or over the limit. */
    private int count(long[] dims) {
        long count = ConstTensor.elements(dims);
        if (count < 0) {
            throw g.malformed(n, "result dims " + Arrays.toString(dims) + " are negative or over "
                    + ConstTensor.MAX_ELEMENTS + " elements");
        }
        return (int) count;
    }

    /** Axis {@code axis} (negative counts from the end) of a rank-{@code rank} tensor, refused if out of range. */
    private int axis(long axis, int rank) {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw g.malformed(n, "axis " + axis + " of a rank-" + rank + " tensor");
        }
        return (int) a;
    }

    private ConstTensor cast() {
        long to = Attributes.integer(n, "to", 1);
        boolean integer = to == 6 || to == 7 || to == 9;
        double[] d = arg(0).data.clone();
        if (integer) {
            for (int i = 0; i < d.length; i++) {
                d[i] = (long) d[i];
            }
        }
        return new ConstTensor(arg(0).dims, d, integer);
    }

    private ConstTensor constantOfShape() {
        long[] dims = arg(0).toLongs();
        OnnxMl.AttributeProto v = Attributes.find(n, "value");
        ConstTensor val = v == null ? new ConstTensor(new long[] {1}, new double[] {0}, false) : ConstTensor.of(v.getT());
        if (!val.isScalar()) {
            throw g.malformed(n, "value of dims " + Arrays.toString(val.dims) + " is not one element");
        }
        double[] data = new double[count(dims)];
        Arrays.fill(data, val.data[0]);
        return new ConstTensor(dims, data, val.integer);
    }

    private ConstTensor concat() {
        List<ConstTensor> parts = new ArrayList<>();
        for (ConstTensor t : in) {
            if (t != null && t.size() > 0) {
                parts.add(t);
            }
        }
        if (parts.isEmpty()) {
            return arg(0);
        }
        ConstTensor first = parts.get(0);
        int a = axis(Attributes.integer(n, "axis", 0), first.rank());
        long[] dims = first.dims.clone();
        dims[a] = 0;
        for (ConstTensor t : parts) {
            if (t.rank() != first.rank()) {
                throw g.malformed(n, "inputs of ranks " + first.rank() + " and " + t.rank());
            }
            for (int i = 0; i < dims.length; i++) {
                if (i != a && t.dims[i] != first.dims[i]) {
                    throw g.malformed(n, "inputs of dims " + Arrays.toString(first.dims) + " and "
                            + Arrays.toString(t.dims));
                }
            }
            dims[a] += t.dims[a];
        }
        double[] out = new double[count(dims)];
        long outer = 1;
        for (int i = 0; i < a; i++) {
            outer *= dims[i];
        }
        int k = 0;
        for (long o = 0; o < outer; o++) {
            for (ConstTensor t : parts) {
                int block = (int) (t.size() / outer);
                System.arraycopy(t.data, (int) (o * block), out, k, block);
                k += block;
            }
        }
        return new ConstTensor(dims, out, first.integer);
    }

    private ConstTensor reshape() {
        ConstTensor x = arg(0);
        long[] shape = arg(1).toLongs();
        long known = 1;
        int infer = -1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == 0) {
                if (i >= x.rank()) {
                    throw g.malformed(n, "shape entry " + i + " copies a dimension the rank-" + x.rank()
                            + " input does not have");
                }
                shape[i] = x.dims[i];
            }
            if (shape[i] == -1 && infer < 0) {
                infer = i;
            } else if (shape[i] < 0 || ConstTensor.elements(new long[] {known, shape[i]}) < 0) {
                throw g.malformed(n, "target shape " + Arrays.toString(arg(1).toLongs()));
            } else {
                known *= shape[i];
            }
        }
        if (infer >= 0) {
            shape[infer] = known == 0 ? 0 : x.size() / known;
        }
        if (count(shape) != x.size()) {
            throw g.malformed(n, "cannot reshape " + Arrays.toString(x.dims) + " to "
                    + Arrays.toString(arg(1).toLongs()));
        }
        return new ConstTensor(shape, x.data, x.integer);
    }

    private ConstTensor unsqueeze() {
        ConstTensor x = arg(0);
        ConstTensor axesIn = optionalArg(1);
        long[] axes = axesIn != null ? axesIn.toLongs() : Attributes.integers(n, "axes", null);
        if (axes == null) {
            throw g.malformed(n, "no axes to insert");
        }
        int rank = x.rank() + axes.length;
        long[] dims = new long[rank];
        boolean[] isNew = new boolean[rank];
        for (long a : axes) {
            int i = axis(a, rank);
            if (isNew[i]) {
                throw g.malformed(n, "axis " + a + " inserted twice");
            }
            isNew[i] = true;
        }
        int j = 0;
        for (int i = 0; i < rank; i++) {
            dims[i] = isNew[i] ? 1 : x.dims[j++];
        }
        return new ConstTensor(dims, x.data, x.integer);
    }

    private ConstTensor squeeze() {
        ConstTensor x = arg(0);
        long[] dims = Arrays.stream(x.dims).filter(d -> d != 1).toArray();
        return new ConstTensor(dims, x.data, x.integer);
    }

    private ConstTensor transpose() {
        ConstTensor x = arg(0);
        int r = x.rank();
        long[] perm = Attributes.integers(n, "perm", null);
        if (perm == null) {
            perm = new long[r];
            for (int i = 0; i < r; i++) {
                perm[i] = r - 1 - i;
            }
        }
        long[] sorted = perm.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < Math.max(r, sorted.length); i++) {
            if (sorted.length != r || sorted[i] != i) {
                throw g.malformed(n, "perm " + Arrays.toString(perm) + " is not a permutation of the " + r + " axes");
            }
        }
        long[] dims = new long[r];
        for (int i = 0; i < r; i++) {
            dims[i] = x.dims[(int) perm[i]];
        }
        long[] inStrides = strides(x.dims);
        long[] step = new long[r];
        for (int i = 0; i < r; i++) {
            step[i] = inStrides[(int) perm[i]];
        }
        return gatherStrided(x, new long[r], step, dims);
    }

    /** {@code out[idx] = x[sum_i start[i] + idx[i] * step[i]]} over all indices of {@code dims} (offsets in elements). */
    private static ConstTensor gatherStrided(ConstTensor x, long[] start, long[] step, long[] dims) {
        int r = dims.length;
        long total = 1;
        for (long d : dims) {
            total *= d;
        }
        double[] out = new double[(int) total];
        int[] idx = new int[r];
        for (int o = 0; o < out.length; o++) {
            long src = 0;
            for (int i = 0; i < r; i++) {
                src += start[i] + idx[i] * step[i];
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

    private ConstTensor gather() {
        ConstTensor x = arg(0);
        ConstTensor idx = arg(1);
        if (Attributes.integer(n, "axis", 0) != 0 || x.rank() != 1) {
            throw g.unsupported(n, "constant Gather other than on a 1-D tensor", null);
        }
        double[] out = new double[idx.size()];
        for (int i = 0; i < out.length; i++) {
            long k = (long) idx.data[i];
            if (k < -x.size() || k >= x.size()) {
                throw g.malformed(n, "index " + k + " outside a tensor of " + x.size() + " elements");
            }
            out[i] = x.data[(int) (k < 0 ? k + x.size() : k)];
        }
        return new ConstTensor(idx.dims, out, x.integer);
    }

    private ConstTensor binary() {
        ConstTensor a = arg(0);
        ConstTensor b = arg(1);
        ConstTensor big = a.size() >= b.size() ? a : b;
        if (!(a.size() == b.size() || a.isScalar() || b.isScalar())) {
            throw g.unsupported(n, "broadcasting constants of dims " + Arrays.toString(a.dims) + " and "
                    + Arrays.toString(b.dims), null);
        }
        double[] out = new double[big.size()];
        boolean integer = a.integer && b.integer;
        for (int i = 0; i < out.length; i++) {
            double x = a.data[a.isScalar() ? 0 : i];
            double y = b.data[b.isScalar() ? 0 : i];
            out[i] = switch (n.getOpType()) {
                case "Add" -> x + y;
                case "Sub" -> x - y;
                case "Mul" -> x * y;
                case "Div" -> integer ? integerDivision(x, y) : x / y;
                default -> Math.pow(x, y);
            };
        }
        return new ConstTensor(big.dims, out, integer);
    }

    private double integerDivision(double x, double y) {
        if ((long) y == 0) {
            throw g.malformed(n, "integer division by zero");
        }
        return (double) ((long) x / (long) y);
    }

    private ConstTensor unary() {
        ConstTensor x = arg(0);
        boolean neg = n.getOpType().equals("Neg");
        double[] d = x.data.clone();
        for (int i = 0; i < d.length; i++) {
            d[i] = neg ? -d[i] : Math.sqrt(d[i]);
        }
        return new ConstTensor(x.dims, d, x.integer && neg);
    }

    /** x[starts:ends:steps] on the given axes, with ONNX's clamping of out-of-range starts and ends. */
    private ConstTensor slice() {
        ConstTensor x = arg(0);
        int r = x.rank();
        long[] starts = arg(1).toLongs();
        long[] ends = arg(2).toLongs();
        ConstTensor axesIn = optionalArg(3);
        ConstTensor stepsIn = optionalArg(4);
        long[] axes = axesIn == null ? null : axesIn.toLongs();
        long[] steps = stepsIn == null ? null : stepsIn.toLongs();
        if (ends.length != starts.length || (axes != null && axes.length != starts.length)
                || (steps != null && steps.length != starts.length)) {
            throw g.malformed(n, "starts, ends, axes and steps differ in length");
        }
        long[] first = new long[r];
        long[] step = new long[r];
        long[] count = x.dims.clone();
        Arrays.fill(step, 1);
        for (int i = 0; i < starts.length; i++) {
            int a = axis(axes == null ? i : axes[i], r);
            long sp = steps == null ? 1 : steps[i];
            if (sp == 0) {
                throw g.malformed(n, "slice step 0");
            }
            long[] range = clampedRange(starts[i], ends[i], sp, x.dims[a]);
            first[a] = range[0];
            count[a] = range[1];
            step[a] = range[1] > 1 ? sp : 1; // one element: any step reads just the first
        }
        long[] inStrides = strides(x.dims);
        for (int i = 0; i < r; i++) {
            first[i] *= inStrides[i];
            step[i] *= inStrides[i];
        }
        return gatherStrided(x, first, step, count);
    }

    /** The first index and the element count of start:end:step on an axis of {@code dim} elements. */
    private static long[] clampedRange(long start, long end, long step, long dim) {
        long s = start < 0 ? start + dim : start;
        long e = end < 0 && end > Long.MIN_VALUE / 2 ? end + dim : end;
        if (step > 0) {
            s = Math.max(0, Math.min(dim, s));
            e = Math.max(0, Math.min(dim, e));
            return new long[] {s, e > s ? (e - s - 1) / step + 1 : 0};
        }
        s = Math.max(-1, Math.min(dim - 1, s));
        e = Math.max(-1, Math.min(dim - 1, e));
        long magnitude = step == Long.MIN_VALUE ? Long.MAX_VALUE : -step;
        return new long[] {s, s > e ? (s - e - 1) / magnitude + 1 : 0};
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
}
