package dev.olafhe.infer;

import dev.olafhe.nn.Op;
import dev.olafhe.nn.Shape;

import java.util.Arrays;

/**
 * A sparse affine map y = A·x + c between flattened (row-major CHW) tensors: the plaintext description of
 * every linear layer the encrypted runtime evaluates (convolution with folded batch norm, per-channel
 * affine, pooling, flatten, fully connected, the strided slice and channel padding of an option-A shortcut).
 * Consecutive linear layers compose into one map, so they cost one level together. Immutable; rows are
 * stored compressed (CSR).
 */
public final class AffineMap {
    private final int inSize;
    private final int outSize;
    private final int[] rowStart;
    private final int[] cols;
    private final double[] vals;
    private final double[] bias;

    private AffineMap(int inSize, int outSize, int[] rowStart, int[] cols, double[] vals, double[] bias) {
        this.inSize = inSize;
        this.outSize = outSize;
        this.rowStart = rowStart;
        this.cols = cols;
        this.vals = vals;
        this.bias = bias;
    }

    public int inSize() {
        return inSize;
    }

    public int outSize() {
        return outSize;
    }

    /** Number of stored non-zero weights. */
    public int nonZeros() {
        return vals.length;
    }

    public double bias(int out) {
        return bias[out];
    }

    /** Calls {@code f} for every non-zero weight A[out][in]. */
    public void forEach(EntryConsumer f) {
        for (int o = 0; o < outSize; o++) {
            for (int e = rowStart[o]; e < rowStart[o + 1]; e++) {
                f.accept(o, cols[e], vals[e]);
            }
        }
    }

    /** Receives one matrix entry. */
    @FunctionalInterface
    public interface EntryConsumer {
        void accept(int out, int in, double weight);
    }

    /** y = A·x + c in float64. */
    public double[] apply(double[] x) {
        if (x.length != inSize) {
            throw new IllegalArgumentException("affine map expects " + inSize + " inputs, got " + x.length);
        }
        double[] y = bias.clone();
        for (int o = 0; o < outSize; o++) {
            double s = 0;
            for (int e = rowStart[o]; e < rowStart[o + 1]; e++) {
                s += vals[e] * x[cols[e]];
            }
            y[o] += s;
        }
        return y;
    }

    /** The composition {@code next ∘ this}: x ↦ next(this(x)). */
    public AffineMap then(AffineMap next) {
        if (next.inSize != outSize) {
            throw new IllegalArgumentException("cannot compose: " + outSize + " outputs feed a map of " + next.inSize
                    + " inputs");
        }
        Builder b = new Builder(inSize, next.outSize);
        double[] acc = new double[inSize];
        boolean[] touched = new boolean[inSize];
        int[] touchedList = new int[inSize];
        for (int o = 0; o < next.outSize; o++) {
            int count = 0;
            double c = next.bias[o];
            for (int e = next.rowStart[o]; e < next.rowStart[o + 1]; e++) {
                int m = next.cols[e];
                double w = next.vals[e];
                c += w * bias[m];
                for (int f = rowStart[m]; f < rowStart[m + 1]; f++) {
                    int i = cols[f];
                    if (!touched[i]) {
                        touched[i] = true;
                        touchedList[count++] = i;
                    }
                    acc[i] += w * vals[f];
                }
            }
            Arrays.sort(touchedList, 0, count);
            for (int t = 0; t < count; t++) {
                int i = touchedList[t];
                b.add(o, i, acc[i]);
                acc[i] = 0;
                touched[i] = false;
            }
            b.bias(o, c);
        }
        return b.build();
    }

    /**
     * The same map between encoded values: input stored as {@code in}, output stored as {@code out}
     * (A' = A·σ_in/σ_out, c' = (A·μ_in·1 + c − μ_out)/σ_out).
     */
    public AffineMap between(ValueEncoding in, ValueEncoding out) {
        double[] newVals = new double[vals.length];
        double[] newBias = new double[outSize];
        for (int o = 0; o < outSize; o++) {
            double rowSum = 0;
            for (int e = rowStart[o]; e < rowStart[o + 1]; e++) {
                rowSum += vals[e];
                newVals[e] = vals[e] * in.scale() / out.scale();
            }
            newBias[o] = (rowSum * in.offset() + bias[o] - out.offset()) / out.scale();
        }
        return new AffineMap(inSize, outSize, rowStart, cols, newVals, newBias);
    }

    /** The same weights with the bias of {@code other} (a map with the same output size). */
    public AffineMap withBiasOf(AffineMap other) {
        if (other.outSize != outSize) {
            throw new IllegalArgumentException("bias of a map with " + other.outSize + " outputs for one with " + outSize);
        }
        return new AffineMap(inSize, outSize, rowStart, cols, vals, other.bias.clone());
    }

    /** The largest sum of absolute weights in a row (bounds how much the map amplifies errors). */
    public double maxRowNorm() {
        double max = 0;
        for (int o = 0; o < outSize; o++) {
            double s = 0;
            for (int e = rowStart[o]; e < rowStart[o + 1]; e++) {
                s += Math.abs(vals[e]);
            }
            max = Math.max(max, s);
        }
        return max;
    }

    // ---- the linear ops of the model IR --------------------------------------------------------------

    /** Whether {@link #of} can express this op. */
    public static boolean isLinear(Op op) {
        return op instanceof Op.Conv2d || op instanceof Op.ChannelAffine || op instanceof Op.AvgPool
                || op instanceof Op.GlobalAvgPool || op instanceof Op.Flatten || op instanceof Op.Linear
                || op instanceof Op.StridedSlice || op instanceof Op.ChannelPad;
    }

    /** The map of one linear op of the IR, from a tensor of shape {@code in} to one of shape {@code out}. */
    public static AffineMap of(Op op, Shape in, Shape out) {
        Builder b = new Builder(in.size(), out.size());
        if (op instanceof Op.Conv2d c) {
            conv(c, in, out, b);
        } else if (op instanceof Op.ChannelAffine a) {
            int hw = in.h() * in.w();
            for (int i = 0; i < in.size(); i++) {
                b.add(i, i, a.scale()[i / hw]);
                b.bias(i, a.shift()[i / hw]);
            }
        } else if (op instanceof Op.AvgPool p) {
            avgPool(p, in, out, b);
        } else if (op instanceof Op.GlobalAvgPool) {
            int hw = in.h() * in.w();
            for (int i = 0; i < in.size(); i++) {
                b.add(i / hw, i, 1.0 / hw);
            }
        } else if (op instanceof Op.Flatten) {
            for (int i = 0; i < in.size(); i++) {
                b.add(i, i, 1);
            }
        } else if (op instanceof Op.Linear l) {
            for (int o = 0; o < l.out(); o++) {
                for (int i = 0; i < l.in(); i++) {
                    b.add(o, i, l.weight()[o * l.in() + i]);
                }
                b.bias(o, l.bias()[o]);
            }
        } else if (op instanceof Op.StridedSlice s) {
            for (int ch = 0; ch < out.c(); ch++) {
                for (int oy = 0; oy < out.h(); oy++) {
                    for (int ox = 0; ox < out.w(); ox++) {
                        int iy = s.startH() + oy * s.stepH();
                        int ix = s.startW() + ox * s.stepW();
                        b.add((ch * out.h() + oy) * out.w() + ox, (ch * in.h() + iy) * in.w() + ix, 1);
                    }
                }
            }
        } else if (op instanceof Op.ChannelPad p) {
            int hw = in.h() * in.w();
            for (int i = 0; i < in.size(); i++) {
                b.add(p.before() * hw + i, i, 1);
            }
        } else {
            throw new IllegalArgumentException("op " + op.type() + " is not linear; the encrypted runtime evaluates"
                    + " it otherwise or not at all");
        }
        return b.build();
    }

    private static void conv(Op.Conv2d c, Shape in, Shape out, Builder b) {
        int cinG = c.inC() / c.groups();
        int coutG = c.outC() / c.groups();
        for (int o = 0; o < c.outC(); o++) {
            int g = o / coutG;
            for (int oy = 0; oy < out.h(); oy++) {
                for (int ox = 0; ox < out.w(); ox++) {
                    int row = (o * out.h() + oy) * out.w() + ox;
                    b.bias(row, c.bias()[o]);
                    for (int ci = 0; ci < cinG; ci++) {
                        int ch = g * cinG + ci;
                        for (int ky = 0; ky < c.kh(); ky++) {
                            int iy = oy * c.strideH() + ky - c.padTop();
                            if (iy < 0 || iy >= in.h()) {
                                continue;
                            }
                            for (int kx = 0; kx < c.kw(); kx++) {
                                int ix = ox * c.strideW() + kx - c.padLeft();
                                if (ix < 0 || ix >= in.w()) {
                                    continue;
                                }
                                float w = c.weight()[((o * cinG + ci) * c.kh() + ky) * c.kw() + kx];
                                if (w != 0) {
                                    b.add(row, (ch * in.h() + iy) * in.w() + ix, w);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static void avgPool(Op.AvgPool p, Shape in, Shape out, Builder b) {
        for (int ch = 0; ch < in.c(); ch++) {
            for (int oy = 0; oy < out.h(); oy++) {
                for (int ox = 0; ox < out.w(); ox++) {
                    int row = (ch * out.h() + oy) * out.w() + ox;
                    int y0 = oy * p.strideH() - p.padTop();
                    int x0 = ox * p.strideW() - p.padLeft();
                    int count = 0;
                    for (int pass = 0; pass < 2; pass++) {
                        for (int ky = 0; ky < p.kh(); ky++) {
                            for (int kx = 0; kx < p.kw(); kx++) {
                                int iy = y0 + ky;
                                int ix = x0 + kx;
                                if (iy < 0 || iy >= in.h() || ix < 0 || ix >= in.w()) {
                                    continue;
                                }
                                if (pass == 0) {
                                    count++;
                                } else {
                                    int div = p.countIncludePad() ? p.kh() * p.kw() : Math.max(count, 1);
                                    b.add(row, (ch * in.h() + iy) * in.w() + ix, 1.0 / div);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** Collects entries in any order; duplicates are summed. */
    public static final class Builder {
        private final int inSize;
        private final int outSize;
        private final double[] bias;
        private int[] rows = new int[16];
        private int[] cols = new int[16];
        private double[] vals = new double[16];
        private int size;

        public Builder(int inSize, int outSize) {
            this.inSize = inSize;
            this.outSize = outSize;
            this.bias = new double[outSize];
        }

        public Builder add(int out, int in, double w) {
            if (out < 0 || out >= outSize || in < 0 || in >= inSize) {
                throw new IndexOutOfBoundsException("entry (" + out + ", " + in + ") outside " + outSize + "x" + inSize);
            }
            if (size == vals.length) {
                rows = Arrays.copyOf(rows, size * 2);
                cols = Arrays.copyOf(cols, size * 2);
                vals = Arrays.copyOf(vals, size * 2);
            }
            rows[size] = out;
            cols[size] = in;
            vals[size] = w;
            size++;
            return this;
        }

        public Builder bias(int out, double c) {
            bias[out] = c;
            return this;
        }

        public AffineMap build() {
            boolean sorted = true;
            for (int i = 1; i < size && sorted; i++) {
                sorted = rows[i - 1] < rows[i] || (rows[i - 1] == rows[i] && cols[i - 1] <= cols[i]);
            }
            int[] order = new int[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            if (!sorted) { // the layer builders emit row-major order; only unusual maps get here
                Integer[] boxed = new Integer[size];
                for (int i = 0; i < size; i++) {
                    boxed[i] = i;
                }
                Arrays.sort(boxed, (x, y) -> rows[x] != rows[y] ? Integer.compare(rows[x], rows[y])
                        : Integer.compare(cols[x], cols[y]));
                for (int i = 0; i < size; i++) {
                    order[i] = boxed[i];
                }
            }
            int[] rowStart = new int[outSize + 1];
            int[] outCols = new int[size];
            double[] outVals = new double[size];
            int n = 0;
            for (int k = 0; k < size; k++) {
                int e = order[k];
                if (n > 0 && k > 0 && rows[order[k - 1]] == rows[e] && outCols[n - 1] == cols[e]) {
                    outVals[n - 1] += vals[e];
                    continue;
                }
                outCols[n] = cols[e];
                outVals[n] = vals[e];
                rowStart[rows[e] + 1]++;
                n++;
            }
            for (int o = 0; o < outSize; o++) {
                rowStart[o + 1] += rowStart[o];
            }
            return new AffineMap(inSize, outSize, rowStart, Arrays.copyOf(outCols, n), Arrays.copyOf(outVals, n),
                    bias.clone());
        }
    }
}
