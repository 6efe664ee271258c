package dev.olafhe.nn;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The im2col/GEMM and depthwise convolutions against a naive double-precision convolution. */
class KernelsTest {
    private static double[] naive(Op.Conv2d c, float[] x, int n, Shape in, Shape out) {
        double[] y = new double[n * out.size()];
        int cinG = c.inC() / c.groups();
        int coutG = c.outC() / c.groups();
        for (int img = 0; img < n; img++) {
            for (int co = 0; co < c.outC(); co++) {
                int g = co / coutG;
                for (int oy = 0; oy < out.h(); oy++) {
                    for (int ox = 0; ox < out.w(); ox++) {
                        double s = c.bias()[co];
                        for (int ci = 0; ci < cinG; ci++) {
                            for (int ky = 0; ky < c.kh(); ky++) {
                                for (int kx = 0; kx < c.kw(); kx++) {
                                    int iy = oy * c.strideH() + ky - c.padTop();
                                    int ix = ox * c.strideW() + kx - c.padLeft();
                                    if (iy >= 0 && iy < in.h() && ix >= 0 && ix < in.w()) {
                                        s += c.weight()[((co * cinG + ci) * c.kh() + ky) * c.kw() + kx]
                                                * x[((img * c.inC() + g * cinG + ci) * in.h() + iy) * in.w() + ix];
                                    }
                                }
                            }
                        }
                        y[((img * c.outC() + co) * out.h() + oy) * out.w() + ox] = s;
                    }
                }
            }
        }
        return y;
    }

    @Test
    void convolutionsMatchNaive() {
        Random r = new Random(11);
        int[][] cfgs = {
            // inC outC kh kw sh sw pt pl pb pr groups h w
            {3, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1, 9, 7},
            {4, 6, 3, 3, 2, 2, 1, 1, 1, 1, 1, 8, 8},
            {4, 6, 3, 3, 2, 1, 0, 2, 1, 0, 2, 7, 9},
            {5, 5, 7, 7, 1, 1, 3, 3, 3, 3, 5, 8, 8},
            {6, 6, 3, 3, 2, 2, 1, 1, 1, 1, 6, 9, 9},
            {8, 3, 1, 1, 1, 1, 0, 0, 0, 0, 1, 5, 5},
            {2, 4, 2, 2, 2, 2, 0, 0, 0, 0, 1, 6, 6},
            // stride 1 (implicit im2col): asymmetric pads and kernels, groups, no padding, odd sizes
            {3, 5, 3, 2, 1, 1, 2, 0, 1, 1, 1, 6, 11},
            {4, 6, 3, 3, 1, 1, 1, 1, 1, 1, 2, 5, 5},
            {16, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1, 8, 8},
            {3, 7, 2, 2, 1, 1, 0, 0, 0, 0, 1, 4, 9},
            {2, 3, 1, 1, 1, 1, 1, 0, 0, 1, 1, 3, 4},
            // stride-1 depthwise (padded grid): asymmetric kernel and pads, a map narrower than the kernel
            {3, 3, 3, 2, 1, 1, 0, 1, 2, 0, 3, 5, 7},
            {4, 4, 7, 7, 1, 1, 3, 3, 3, 3, 4, 3, 2},
        };
        for (int[] f : cfgs) {
            int groups = f[10];
            float[] w = new float[f[1] * (f[0] / groups) * f[2] * f[3]];
            float[] b = new float[f[1]];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) r.nextGaussian();
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) r.nextGaussian();
            }
            Op.Conv2d c = new Op.Conv2d(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], groups, w, b);
            Shape in = Shape.chw(f[0], f[11], f[12]);
            Shape out = c.outputShape(in);
            int n = 3;
            float[] x = new float[n * in.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextGaussian();
            }
            Tensor y = ConvKernels.conv(c, new Tensor(n, in, x), out);
            double[] want = naive(c, x, n, in, out);
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], y.data[i], 1e-4 * (1 + Math.abs(want[i])), "config " + java.util.Arrays.toString(f)
                        + " index " + i);
            }
        }
    }

    @Test
    void vectorGemmIsActiveInTests() {
        // surefire runs with --add-modules jdk.incubator.vector (java/pom.xml); the scalar path is tested too
        assertEquals("vector-api", Kernels.gemmImplementation());
    }

    @Test
    void gemmHandlesOddSizes() {
        Random r = new Random(5);
        for (int[] s : new int[][] {{1, 1, 1}, {3, 5, 7}, {2, 513, 4}, {5, 1030, 9}, {7, 3, 6}, {9, 47, 13}, {16, 1024, 144}}) {
            int m = s[0], n = s[1], k = s[2];
            float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
            for (int i = 0; i < a.length; i++) {
                a[i] = r.nextFloat() - 0.5f;
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = r.nextFloat() - 0.5f;
            }
            float[] c2 = new float[m * n];
            Gemm.gemm(m, n, k, a, 0, b, 0, c, 0);
            Gemm.gemmScalar(m, n, k, a, 0, b, 0, Gemm.denseRows(k, n), c2, 0);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double want = 0;
                    for (int t = 0; t < k; t++) {
                        want += a[i * k + t] * b[t * n + j];
                    }
                    assertEquals(want, c[i * n + j], 1e-5);
                    assertEquals(want, c2[i * n + j], 1e-5);
                }
            }
        }
    }

    @Test
    void geluKernelsMatchTheDoublePrecisionGelu() {
        int n = 20011; // not a multiple of any vector length: the scalar tail runs too
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = -10f + 20f * i / (n - 1);
        }
        x[0] = -40f; // exp underflows: GELU is -0
        x[1] = -0f;
        float[] vec = new float[n];
        float[] scalar = new float[n];
        Kernels.gelu(x, vec, n);
        Kernels.geluScalar(x, scalar, 0, n);
        assertEquals(0f, vec[0], 0f);
        assertEquals(0f, scalar[0], 0f);
        for (int i = 1; i < n; i++) {
            double want = ActivationKind.GELU.apply(x[i]);
            // erf error ~2.4e-7 (scaled by |x|/2) plus float rounding of the result
            double tol = 2.5e-7 * Math.max(1, Math.abs(x[i])) + Math.ulp((float) want);
            assertEquals(want, vec[i], tol, "vector GELU at " + x[i]);
            assertEquals(want, scalar[i], tol, "scalar GELU at " + x[i]);
        }
    }

    @Test
    void vectorExpIsFloatAccurate() {
        int lanes = VectorKernels.lanes();
        float[] y = new float[lanes];
        float[] e = new float[lanes];
        double worst = 0;
        for (int i = 0; i <= 87_000; i += lanes) {
            for (int l = 0; l < lanes; l++) {
                y[l] = -(i + l) * 1e-3f;
            }
            VectorKernels.exp(jdk.incubator.vector.FloatVector.fromArray(jdk.incubator.vector.FloatVector.SPECIES_PREFERRED,
                    y, 0)).intoArray(e, 0);
            for (int l = 0; l < lanes; l++) {
                double want = Math.exp(y[l]);
                if (y[l] < -87f) {
                    assertEquals(0f, e[l], 0f);
                } else {
                    worst = Math.max(worst, Math.abs(e[l] - want) / want);
                }
            }
        }
        assertTrue(worst < 3e-7, "relative error of the vector exp " + worst);
    }

    @Test
    void erfMatchesKnownValues() {
        assertEquals(0.0, Special.erf(0), 0);
        assertEquals(0.5204998778130465, Special.erf(0.5), 1e-15);
        assertEquals(0.8427007929497149, Special.erf(1), 1e-15);
        assertEquals(-0.9953222650189527, Special.erf(-2), 1e-15);
        assertEquals(0.9999779095030014, Special.erf(3), 1e-15);
        assertEquals(0.9999999845827421, Special.erf(4), 1e-15);
        assertEquals(1.0, Special.erf(10), 0);
        double worst = 0;
        for (double x = -8; x <= 8; x += 1e-3) {
            worst = Math.max(worst, Math.abs(Special.erfFast(x) - Special.erf(x)));
        }
        assertTrue(worst < 2.5e-7, "erfFast error " + worst);
        assertEquals(0.8413447460685429 * 1.0, ActivationKind.GELU.apply(1.0), 1e-15);
    }
}
