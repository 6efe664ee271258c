package dev.olafhe.nn;

import java.util.Arrays;

/**
 * Single-threaded float kernels of the plaintext executor, each applied to a (sub-)batch. Convolutions use
 * im2col + a register-blocked GEMM (2 rows x 4 depth, written so that HotSpot C2 vectorises the inner
 * loop), depthwise convolutions a direct loop.
 */
final class Kernels {
    private Kernels() {
    }

    /** Per-thread reusable buffers (slot 0: im2col / padded input, slot 1: padded-width output). */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

    private static float[] scratch(int slot, int size) {
        float[][] holder = SCRATCH.get();
        if (holder[slot].length < size) {
            holder[slot] = new float[size];
        }
        return holder[slot];
    }

    static Shape convOutShape(Op.Conv2d c, Shape in) {
        int oh = (in.h() + c.padTop() + c.padBottom() - c.kh()) / c.strideH() + 1;
        int ow = (in.w() + c.padLeft() + c.padRight() - c.kw()) / c.strideW() + 1;
        return Shape.chw(c.outC(), oh, ow);
    }

    static Tensor conv(Op.Conv2d c, Tensor x, Shape outShape) {
        float[] out = new float[Math.multiplyExact(x.n, outShape.size())];
        if (c.depthwise()) {
            depthwise(c, x, out, outShape.h(), outShape.w());
        } else if (c.kh() == 1 && c.kw() == 1 && c.strideH() == 1 && c.strideW() == 1 && c.padTop() == 0
                && c.padLeft() == 0 && c.padBottom() == 0 && c.padRight() == 0) {
            convPointwise(c, x, out, outShape);
        } else if (c.strideH() == 1 && c.strideW() == 1 && implicitWasteSmall(c, x.shape, outShape)) {
            convImplicit(c, x, out, outShape);
        } else {
            convIm2col(c, x, out, outShape);
        }
        return new Tensor(x.n, outShape, out);
    }

    private static void fillBias(Op.Conv2d c, float[] out, int outBase, int p) {
        for (int co = 0; co < c.outC(); co++) {
            Arrays.fill(out, outBase + co * p, outBase + (co + 1) * p, c.bias()[co]);
        }
    }

    /** 1x1 stride-1 convolution: the input image is already the GEMM's B matrix. */
    private static void convPointwise(Op.Conv2d c, Tensor x, float[] out, Shape outShape) {
        int g = c.groups();
        int cinG = c.inC() / g;
        int coutG = c.outC() / g;
        int p = outShape.h() * outShape.w();
        int[] rows = denseRows(cinG, p);
        for (int img = 0; img < x.n; img++) {
            int outBase = img * outShape.size();
            fillBias(c, out, outBase, p);
            for (int gi = 0; gi < g; gi++) {
                gemm(coutG, p, cinG, c.weight(), gi * coutG * cinG, x.data, img * x.shape.size() + gi * cinG * p, rows,
                        out, outBase + gi * coutG * p);
            }
        }
    }

    /** Strided convolution: im2col into a scratch matrix, then one GEMM per group. */
    private static void convIm2col(Op.Conv2d c, Tensor x, float[] out, Shape outShape) {
        Shape in = x.shape;
        int oh = outShape.h();
        int ow = outShape.w();
        int p = oh * ow;
        int g = c.groups();
        int cinG = c.inC() / g;
        int coutG = c.outC() / g;
        int k = cinG * c.kh() * c.kw();
        float[] col = scratch(0, k * p);
        int[] rows = denseRows(k, p);
        for (int img = 0; img < x.n; img++) {
            int outBase = img * outShape.size();
            fillBias(c, out, outBase, p);
            for (int gi = 0; gi < g; gi++) {
                im2col(x.data, img * in.size() + gi * cinG * in.h() * in.w(), cinG, in.h(), in.w(), c, oh, ow, col);
                gemm(coutG, p, k, c.weight(), gi * coutG * k, col, 0, rows, out, outBase + gi * coutG * p);
            }
        }
    }

    /**
     * Stride-1 convolution without materialising im2col: the input is copied once into a zero-padded image of
     * width {@code wp = w + padLeft + padRight}; on that grid, output pixel (oy, ox) lives at column
     * {@code oy*wp + ox} and its tap (ci, ky, kx) at {@code ci*plane + ky*wp + kx} plus the same column, so the GEMM's
     * B rows are just offsets into the padded image (which stays in cache, unlike a kh*kw times larger im2col
     * matrix). The GEMM computes all {@code oh*wp} grid columns (rounded up to whole vectors); the
     * {@code wp - ow} wrap-around columns of each row are discarded when copying into the output.
     */
    private static void convImplicit(Op.Conv2d c, Tensor x, float[] out, Shape outShape) {
        Shape in = x.shape;
        int h = in.h();
        int w = in.w();
        int oh = outShape.h();
        int ow = outShape.w();
        int p = oh * ow;
        int kh = c.kh();
        int kw = c.kw();
        int g = c.groups();
        int cinG = c.inC() / g;
        int coutG = c.outC() / g;
        int k = cinG * kh * kw;
        int hp = h + c.padTop() + c.padBottom();
        int wp = w + c.padLeft() + c.padRight();
        int plane = hp * wp;
        int cols = roundUp(oh * wp, GEMM_COLUMN_MULTIPLE);
        // the last tap (ci, kh-1, kw-1) of the last rounded-up column reads index cinG*plane - oh*wp + cols + kw - 2
        int padded = cinG * plane + cols - oh * wp + kw - 1;
        float[] pad = scratch(0, padded);
        float[] grid = scratch(1, coutG * cols);
        Arrays.fill(pad, 0, padded, 0f);
        int[] rows = new int[k];
        for (int ci = 0; ci < cinG; ci++) {
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                    rows[(ci * kh + ky) * kw + kx] = ci * plane + ky * wp + kx;
                }
            }
        }
        for (int img = 0; img < x.n; img++) {
            int outBase = img * outShape.size();
            for (int gi = 0; gi < g; gi++) {
                int src = img * in.size() + gi * cinG * h * w;
                for (int ci = 0; ci < cinG; ci++) {
                    for (int iy = 0; iy < h; iy++) {
                        System.arraycopy(x.data, src + (ci * h + iy) * w, pad,
                                ci * plane + (iy + c.padTop()) * wp + c.padLeft(), w);
                    }
                }
                for (int co = 0; co < coutG; co++) {
                    Arrays.fill(grid, co * cols, (co + 1) * cols, c.bias()[gi * coutG + co]);
                }
                gemm(coutG, cols, k, c.weight(), gi * coutG * k, pad, 0, rows, grid, 0);
                for (int co = 0; co < coutG; co++) {
                    int dst = outBase + (gi * coutG + co) * p;
                    for (int oy = 0; oy < oh; oy++) {
                        System.arraycopy(grid, co * cols + oy * wp, out, dst + oy * ow, ow);
                    }
                }
            }
        }
    }

    /**
     * Whether {@link #convImplicit}'s extra wrap-around columns cost less than im2col's copy: at most 1/8 more columns
     * (measured on ResNet-20: 32x32 and 16x16 maps gain 15-30%, 8x8 maps, with 25% extra columns, lose 20%).
     */
    private static boolean implicitWasteSmall(Op.Conv2d c, Shape in, Shape out) {
        int wp = in.w() + c.padLeft() + c.padRight();
        long cols = roundUp(out.h() * wp, GEMM_COLUMN_MULTIPLE);
        return cols * 8 <= (long) out.h() * out.w() * 9;
    }

    /** Column counts that are a multiple of this run entirely in the vectorised GEMM (no scalar tail). */
    private static final int GEMM_COLUMN_MULTIPLE = 16;

    private static int roundUp(int v, int multiple) {
        return (v + multiple - 1) / multiple * multiple;
    }

    /** col[(ci*kh + ky)*kw + kx][oy*ow + ox] = x[ci][oy*sh + ky - pt][ox*sw + kx - pl] (0 outside). */
    static void im2col(float[] x, int off, int cin, int h, int w, Op.Conv2d c, int oh, int ow, float[] col) {
        int kh = c.kh();
        int kw = c.kw();
        int sh = c.strideH();
        int sw = c.strideW();
        int pt = c.padTop();
        int pl = c.padLeft();
        int p = oh * ow;
        for (int ci = 0; ci < cin; ci++) {
            int chanOff = off + ci * h * w;
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                    int row = ((ci * kh + ky) * kw + kx) * p;
                    // valid ox range: 0 <= ox*sw + kx - pl < w
                    int oxLo = Math.max(0, ceilDiv(pl - kx, sw));
                    int oxHi = Math.min(ow, ceilDiv(w + pl - kx, sw)); // exclusive
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * sh + ky - pt;
                        int dst = row + oy * ow;
                        if (iy < 0 || iy >= h || oxLo >= oxHi) {
                            Arrays.fill(col, dst, dst + ow, 0f);
                            continue;
                        }
                        if (oxLo > 0) {
                            Arrays.fill(col, dst, dst + oxLo, 0f);
                        }
                        if (oxHi < ow) {
                            Arrays.fill(col, dst + oxHi, dst + ow, 0f);
                        }
                        int src = chanOff + iy * w + kx - pl;
                        if (sw == 1) {
                            System.arraycopy(x, src + oxLo, col, dst + oxLo, oxHi - oxLo);
                        } else {
                            for (int ox = oxLo; ox < oxHi; ox++) {
                                col[dst + ox] = x[src + ox * sw];
                            }
                        }
                    }
                }
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }

    /**
     * Whether the Vector API GEMM is used: the JVM must resolve {@code jdk.incubator.vector}
     * ({@code --add-modules jdk.incubator.vector}); {@code -Dolafhe.nn.vector=false} forces the scalar loop.
     */
    static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"false".equals(System.getProperty("olafhe.nn.vector"));

    /** Exact (erf) GELU of {@code in[0, n)} into {@code out}, vectorised when the Vector API is available. */
    static void gelu(float[] in, float[] out, int n) {
        if (VECTOR) {
            VectorKernels.gelu(in, out, n);
        } else {
            geluScalar(in, out, 0, n);
        }
    }

    /** GELU of {@code in[from, to)} with {@link Special#erfFast} (|error of erf| < 2.4e-7): float-accurate. */
    static void geluScalar(float[] in, float[] out, int from, int to) {
        final double invSqrt2 = 1.0 / Math.sqrt(2.0);
        for (int i = from; i < to; i++) {
            double v = in[i];
            out[i] = (float) (0.5 * v * (1.0 + Special.erfFast(v * invSqrt2)));
        }
    }

    /** Which GEMM runs, for logs and benchmark records. */
    static String gemmImplementation() {
        return VECTOR ? "vector-api" : "scalar";
    }

    /** C[m x n] += A[m x k] * B[k x n], all row-major and dense, at the given offsets. */
    static void gemm(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        gemm(m, n, k, a, aOff, b, bOff, denseRows(k, n), c, cOff);
    }

    /** As {@link #gemm(int, int, int, float[], int, float[], int, float[], int)}, row kk of B at {@code bOff + bRow[kk]}. */
    static void gemm(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, int[] bRow, float[] c, int cOff) {
        if (VECTOR) {
            VectorGemm.gemm(m, n, k, a, aOff, b, bOff, bRow, c, cOff);
        } else {
            gemmScalar(m, n, k, a, aOff, b, bOff, bRow, c, cOff);
        }
    }

    /** Row offsets of a dense row-major k x n matrix. */
    static int[] denseRows(int k, int n) {
        int[] rows = new int[k];
        for (int kk = 0; kk < k; kk++) {
            rows[kk] = kk * n;
        }
        return rows;
    }

    /** Scalar fallback of {@link #gemm}: 2 rows x 4 depth blocking for HotSpot's auto-vectoriser. */
    static void gemmScalar(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, int[] bRow, float[] c,
                           int cOff) {
        final int nb = 512;
        for (int j0 = 0; j0 < n; j0 += nb) {
            int j1 = Math.min(n, j0 + nb);
            int i = 0;
            for (; i + 1 < m; i += 2) {
                int c0 = cOff + i * n;
                int c1 = c0 + n;
                int ar0 = aOff + i * k;
                int ar1 = ar0 + k;
                int kk = 0;
                for (; kk + 3 < k; kk += 4) {
                    float a00 = a[ar0 + kk], a01 = a[ar0 + kk + 1], a02 = a[ar0 + kk + 2], a03 = a[ar0 + kk + 3];
                    float a10 = a[ar1 + kk], a11 = a[ar1 + kk + 1], a12 = a[ar1 + kk + 2], a13 = a[ar1 + kk + 3];
                    int b0 = bOff + bRow[kk];
                    int b1 = bOff + bRow[kk + 1];
                    int b2 = bOff + bRow[kk + 2];
                    int b3 = bOff + bRow[kk + 3];
                    for (int j = j0; j < j1; j++) {
                        float x0 = b[b0 + j];
                        float x1 = b[b1 + j];
                        float x2 = b[b2 + j];
                        float x3 = b[b3 + j];
                        c[c0 + j] += a00 * x0 + a01 * x1 + a02 * x2 + a03 * x3;
                        c[c1 + j] += a10 * x0 + a11 * x1 + a12 * x2 + a13 * x3;
                    }
                }
                for (; kk < k; kk++) {
                    float a0 = a[ar0 + kk];
                    float a1 = a[ar1 + kk];
                    int b0 = bOff + bRow[kk];
                    for (int j = j0; j < j1; j++) {
                        float x0 = b[b0 + j];
                        c[c0 + j] += a0 * x0;
                        c[c1 + j] += a1 * x0;
                    }
                }
            }
            for (; i < m; i++) {
                int c0 = cOff + i * n;
                int ar0 = aOff + i * k;
                for (int kk = 0; kk < k; kk++) {
                    float a0 = a[ar0 + kk];
                    int b0 = bOff + bRow[kk];
                    for (int j = j0; j < j1; j++) {
                        c[c0 + j] += a0 * b[b0 + j];
                    }
                }
            }
        }
    }

    private static void depthwise(Op.Conv2d c, Tensor x, float[] out, int oh, int ow) {
        if (VECTOR && c.strideH() == 1 && c.strideW() == 1) {
            depthwiseImplicit(c, x, out, oh, ow);
        } else {
            depthwiseDirect(c, x, out, oh, ow);
        }
    }

    /**
     * Stride-1 depthwise convolution on a zero-padded copy of each channel, with the same flattened-grid trick as
     * {@link #convImplicit}: output (oy, ox) is grid column {@code oy*wp + ox}, and each vector of grid columns
     * accumulates all taps in a register ({@link VectorKernels#depthwiseGrid}); the wrap-around columns are dropped
     * when copying out. About 4x faster than the direct loop on ConvNeXt's 7x7 taps over 16x16 and 8x8 maps.
     */
    private static void depthwiseImplicit(Op.Conv2d c, Tensor x, float[] out, int oh, int ow) {
        Shape in = x.shape;
        int h = in.h();
        int w = in.w();
        int kh = c.kh();
        int kw = c.kw();
        int wp = w + c.padLeft() + c.padRight();
        int cols = roundUp(oh * wp, VectorKernels.lanes());
        // the last grid column's last tap reads index cols - 1 + (kh-1)*wp + kw-1
        int padSize = Math.max((h + c.padTop() + c.padBottom()) * wp, cols + (kh - 1) * wp + kw - 1);
        float[] pad = scratch(0, padSize);
        float[] grid = scratch(1, cols);
        Arrays.fill(pad, 0, padSize, 0f);
        int[] taps = new int[kh * kw];
        for (int ky = 0; ky < kh; ky++) {
            for (int kx = 0; kx < kw; kx++) {
                taps[ky * kw + kx] = ky * wp + kx;
            }
        }
        int ch = c.inC();
        for (int img = 0; img < x.n; img++) {
            for (int ci = 0; ci < ch; ci++) {
                int src = (img * ch + ci) * h * w;
                for (int iy = 0; iy < h; iy++) {
                    System.arraycopy(x.data, src + iy * w, pad, (iy + c.padTop()) * wp + c.padLeft(), w);
                }
                VectorKernels.depthwiseGrid(pad, taps, c.weight(), ci * kh * kw, c.bias()[ci], grid, cols);
                int dst = (img * ch + ci) * oh * ow;
                for (int oy = 0; oy < oh; oy++) {
                    System.arraycopy(grid, oy * wp, out, dst + oy * ow, ow);
                }
            }
        }
    }

    private static void depthwiseDirect(Op.Conv2d c, Tensor x, float[] out, int oh, int ow) {
        Shape in = x.shape;
        int h = in.h();
        int w = in.w();
        int kh = c.kh();
        int kw = c.kw();
        int sh = c.strideH();
        int sw = c.strideW();
        int pt = c.padTop();
        int pl = c.padLeft();
        int ch = c.inC();
        for (int img = 0; img < x.n; img++) {
            for (int ci = 0; ci < ch; ci++) {
                int src = (img * ch + ci) * h * w;
                int dstBase = (img * ch + ci) * oh * ow;
                Arrays.fill(out, dstBase, dstBase + oh * ow, c.bias()[ci]);
                for (int ky = 0; ky < kh; ky++) {
                    for (int kx = 0; kx < kw; kx++) {
                        float wv = c.weight()[(ci * kh + ky) * kw + kx];
                        int oxLo = Math.max(0, ceilDiv(pl - kx, sw));
                        int oxHi = Math.min(ow, ceilDiv(w + pl - kx, sw));
                        for (int oy = 0; oy < oh; oy++) {
                            int iy = oy * sh + ky - pt;
                            if (iy < 0 || iy >= h) {
                                continue;
                            }
                            int s = src + iy * w + kx - pl;
                            int d = dstBase + oy * ow;
                            if (sw == 1) {
                                for (int ox = oxLo; ox < oxHi; ox++) {
                                    out[d + ox] += wv * x.data[s + ox];
                                }
                            } else {
                                for (int ox = oxLo; ox < oxHi; ox++) {
                                    out[d + ox] += wv * x.data[s + ox * sw];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    static Tensor linear(Op.Linear l, Tensor x, Shape outShape) {
        float[] out = new float[x.n * l.out()];
        for (int img = 0; img < x.n; img++) {
            int xo = img * l.in();
            for (int o = 0; o < l.out(); o++) {
                int wo = o * l.in();
                float s = 0f;
                for (int i = 0; i < l.in(); i++) {
                    s += l.weight()[wo + i] * x.data[xo + i];
                }
                out[img * l.out() + o] = s + l.bias()[o];
            }
        }
        return new Tensor(x.n, outShape, out);
    }

    static Tensor channelAffine(Op.ChannelAffine a, Tensor x) {
        Shape s = x.shape;
        int hw = s.h() * s.w();
        float[] out = new float[x.data.length];
        for (int img = 0; img < x.n; img++) {
            for (int ch = 0; ch < s.c(); ch++) {
                float sc = a.scale()[ch];
                float sh = a.shift()[ch];
                int o = (img * s.c() + ch) * hw;
                for (int i = o; i < o + hw; i++) {
                    out[i] = x.data[i] * sc + sh;
                }
            }
        }
        return new Tensor(x.n, s, out);
    }

    static Tensor add(Tensor a, Tensor b) {
        float[] out = new float[a.data.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.data[i] + b.data[i];
        }
        return new Tensor(a.n, a.shape, out);
    }

    static Shape avgPoolOutShape(Op.AvgPool p, Shape in) {
        int oh = (in.h() + p.padTop() + p.padBottom() - p.kh()) / p.strideH() + 1;
        int ow = (in.w() + p.padLeft() + p.padRight() - p.kw()) / p.strideW() + 1;
        return Shape.chw(in.c(), oh, ow);
    }

    static Tensor avgPool(Op.AvgPool p, Tensor x, Shape outShape) {
        Shape s = x.shape;
        int oh = outShape.h();
        int ow = outShape.w();
        float[] out = new float[x.n * outShape.size()];
        for (int img = 0; img < x.n; img++) {
            for (int ch = 0; ch < s.c(); ch++) {
                int src = (img * s.c() + ch) * s.h() * s.w();
                int dst = (img * s.c() + ch) * oh * ow;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        int y0 = oy * p.strideH() - p.padTop();
                        int x0 = ox * p.strideW() - p.padLeft();
                        float sum = 0f;
                        int cnt = 0;
                        for (int ky = 0; ky < p.kh(); ky++) {
                            int iy = y0 + ky;
                            for (int kx = 0; kx < p.kw(); kx++) {
                                int ix = x0 + kx;
                                if (iy >= 0 && iy < s.h() && ix >= 0 && ix < s.w()) {
                                    sum += x.data[src + iy * s.w() + ix];
                                    cnt++;
                                }
                            }
                        }
                        int div = p.countIncludePad() ? p.kh() * p.kw() : Math.max(cnt, 1);
                        out[dst + oy * ow + ox] = sum / div;
                    }
                }
            }
        }
        return new Tensor(x.n, outShape, out);
    }

    static Tensor globalAvgPool(Tensor x, Shape outShape) {
        Shape s = x.shape;
        int hw = s.h() * s.w();
        float[] out = new float[x.n * s.c()];
        for (int i = 0; i < x.n * s.c(); i++) {
            float sum = 0f;
            for (int j = i * hw; j < (i + 1) * hw; j++) {
                sum += x.data[j];
            }
            out[i] = sum / hw;
        }
        return new Tensor(x.n, outShape, out);
    }

    /**
     * LayerNorm over the channels at every position. Loops run over contiguous positions with the channel outermost
     * (vectorisable; the channel stride is a whole H x W plane), statistics in double, two passes (mean, then the
     * centred variance).
     */
    static Tensor layerNorm(Op.LayerNorm ln, Tensor x) {
        Shape s = x.shape;
        int hw = s.h() * s.w();
        int c = s.c();
        float[] out = new float[x.data.length];
        double[] mean = new double[hw];
        double[] inv = new double[hw];
        float[] in = x.data;
        for (int img = 0; img < x.n; img++) {
            int base = img * c * hw;
            Arrays.fill(mean, 0);
            Arrays.fill(inv, 0);
            for (int ch = 0; ch < c; ch++) {
                int o = base + ch * hw;
                for (int pos = 0; pos < hw; pos++) {
                    mean[pos] += in[o + pos];
                }
            }
            for (int pos = 0; pos < hw; pos++) {
                mean[pos] /= c;
            }
            for (int ch = 0; ch < c; ch++) {
                int o = base + ch * hw;
                for (int pos = 0; pos < hw; pos++) {
                    double d = in[o + pos] - mean[pos];
                    inv[pos] += d * d;
                }
            }
            for (int pos = 0; pos < hw; pos++) {
                inv[pos] = 1.0 / Math.sqrt(inv[pos] / c + ln.eps());
            }
            for (int ch = 0; ch < c; ch++) {
                int o = base + ch * hw;
                double g = ln.gamma()[ch];
                double b = ln.beta()[ch];
                for (int pos = 0; pos < hw; pos++) {
                    out[o + pos] = (float) ((in[o + pos] - mean[pos]) * inv[pos] * g + b);
                }
            }
        }
        return new Tensor(x.n, s, out);
    }

    static Shape stridedSliceOutShape(Op.StridedSlice sl, Shape in) {
        int oh = (in.h() - sl.startH() + sl.stepH() - 1) / sl.stepH();
        int ow = (in.w() - sl.startW() + sl.stepW() - 1) / sl.stepW();
        return Shape.chw(in.c(), oh, ow);
    }

    static Tensor stridedSlice(Op.StridedSlice sl, Tensor x, Shape outShape) {
        Shape s = x.shape;
        float[] out = new float[x.n * outShape.size()];
        int oh = outShape.h();
        int ow = outShape.w();
        for (int i = 0; i < x.n * s.c(); i++) {
            int src = i * s.h() * s.w();
            int dst = i * oh * ow;
            for (int oy = 0; oy < oh; oy++) {
                int iy = sl.startH() + oy * sl.stepH();
                for (int ox = 0; ox < ow; ox++) {
                    out[dst + oy * ow + ox] = x.data[src + iy * s.w() + sl.startW() + ox * sl.stepW()];
                }
            }
        }
        return new Tensor(x.n, outShape, out);
    }

    static Tensor channelPad(Op.ChannelPad cp, Tensor x, Shape outShape) {
        Shape s = x.shape;
        int hw = s.h() * s.w();
        float[] out = new float[x.n * outShape.size()];
        for (int img = 0; img < x.n; img++) {
            System.arraycopy(x.data, img * s.size(), out, img * outShape.size() + cp.before() * hw, s.size());
        }
        return new Tensor(x.n, outShape, out);
    }

    static Tensor concat(Tensor[] parts, Shape outShape) {
        float[] out = new float[parts[0].n * outShape.size()];
        for (int img = 0; img < parts[0].n; img++) {
            int off = img * outShape.size();
            for (Tensor t : parts) {
                System.arraycopy(t.data, img * t.sampleSize(), out, off, t.sampleSize());
                off += t.sampleSize();
            }
        }
        return new Tensor(parts[0].n, outShape, out);
    }

    static Tensor flatten(Tensor x, Shape outShape) {
        return new Tensor(x.n, outShape, x.data);
    }
}
