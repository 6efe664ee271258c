package dev.olafhe.nn;

import java.util.Arrays;

/**
 * Single-threaded convolution kernels of the plaintext executor, each applied to a (sub-)batch: 1x1 convolutions
 * as one GEMM, stride-1 convolutions as an implicit im2col over a padded image, other strides as im2col + GEMM
 * ({@link Gemm}), depthwise convolutions on a padded grid (Vector API) or by a direct loop.
 */
final class ConvKernels {
    private ConvKernels() {
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
        int[] rows = Gemm.denseRows(cinG, p);
        for (int img = 0; img < x.n; img++) {
            int outBase = img * outShape.size();
            fillBias(c, out, outBase, p);
            for (int gi = 0; gi < g; gi++) {
                Gemm.gemm(coutG, p, cinG, c.weight(), gi * coutG * cinG, x.data, img * x.shape.size() + gi * cinG * p,
                        rows, out, outBase + gi * coutG * p);
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
        int[] rows = Gemm.denseRows(k, p);
        for (int img = 0; img < x.n; img++) {
            int outBase = img * outShape.size();
            fillBias(c, out, outBase, p);
            for (int gi = 0; gi < g; gi++) {
                im2col(x.data, img * in.size() + gi * cinG * in.h() * in.w(), cinG, in.h(), in.w(), c, oh, ow, col);
                Gemm.gemm(coutG, p, k, c.weight(), gi * coutG * k, col, 0, rows, out, outBase + gi * coutG * p);
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
        int cols = roundUp(oh * wp, Gemm.COLUMN_MULTIPLE);
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
                Gemm.gemm(coutG, cols, k, c.weight(), gi * coutG * k, pad, 0, rows, grid, 0);
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
        long cols = roundUp(out.h() * wp, Gemm.COLUMN_MULTIPLE);
        return cols * 8 <= (long) out.h() * out.w() * 9;
    }


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

    private static void depthwise(Op.Conv2d c, Tensor x, float[] out, int oh, int ow) {
        if (Kernels.VECTOR && c.strideH() == 1 && c.strideW() == 1) {
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
}
