package dev.olafhe.nn;

import java.util.Arrays;

/**
 * Single-threaded float kernels of the plaintext executor other than convolutions ({@link ConvKernels}) and
 * GEMM ({@link Gemm}), each applied to a (sub-)batch: fully connected, per-channel affine, residual add, pooling,
 * LayerNorm, GELU and the layout ops (slice, channel pad, concat, flatten).
 */
final class Kernels {
    private Kernels() {
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
