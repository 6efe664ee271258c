package dev.olafhe.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM with the (incubating) Java Vector API: a 4-row x 2-vector register block accumulated over the whole
 * depth with FMAs (about 50-60 GMAC/s per core with AVX-512 against ~6 for the scalar loop). Only loaded when the
 * JVM runs with {@code --add-modules jdk.incubator.vector} (the {@code ola} launcher and the tests do); otherwise
 * {@link Kernels} uses its scalar loop.
 */
final class VectorGemm {
    private VectorGemm() {
    }

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** C[m x n] += A[m x k] * B[k x n], row-major, at the given offsets. */
    static void gemm(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        int i = 0;
        for (; i + 3 < m; i += 4) {
            int j = 0;
            int a0 = aOff + i * k;
            int a1 = a0 + k;
            int a2 = a1 + k;
            int a3 = a2 + k;
            for (; j + 2 * L <= n; j += 2 * L) {
                int r0 = cOff + i * n + j;
                int r1 = r0 + n;
                int r2 = r1 + n;
                int r3 = r2 + n;
                FloatVector c00 = FloatVector.fromArray(S, c, r0);
                FloatVector c01 = FloatVector.fromArray(S, c, r0 + L);
                FloatVector c10 = FloatVector.fromArray(S, c, r1);
                FloatVector c11 = FloatVector.fromArray(S, c, r1 + L);
                FloatVector c20 = FloatVector.fromArray(S, c, r2);
                FloatVector c21 = FloatVector.fromArray(S, c, r2 + L);
                FloatVector c30 = FloatVector.fromArray(S, c, r3);
                FloatVector c31 = FloatVector.fromArray(S, c, r3 + L);
                for (int kk = 0; kk < k; kk++) {
                    int bo = bOff + kk * n + j;
                    FloatVector b0 = FloatVector.fromArray(S, b, bo);
                    FloatVector b1 = FloatVector.fromArray(S, b, bo + L);
                    FloatVector x = FloatVector.broadcast(S, a[a0 + kk]);
                    c00 = b0.fma(x, c00);
                    c01 = b1.fma(x, c01);
                    x = FloatVector.broadcast(S, a[a1 + kk]);
                    c10 = b0.fma(x, c10);
                    c11 = b1.fma(x, c11);
                    x = FloatVector.broadcast(S, a[a2 + kk]);
                    c20 = b0.fma(x, c20);
                    c21 = b1.fma(x, c21);
                    x = FloatVector.broadcast(S, a[a3 + kk]);
                    c30 = b0.fma(x, c30);
                    c31 = b1.fma(x, c31);
                }
                c00.intoArray(c, r0);
                c01.intoArray(c, r0 + L);
                c10.intoArray(c, r1);
                c11.intoArray(c, r1 + L);
                c20.intoArray(c, r2);
                c21.intoArray(c, r2 + L);
                c30.intoArray(c, r3);
                c31.intoArray(c, r3 + L);
            }
            for (; j + L <= n; j += L) {
                for (int r = 0; r < 4; r++) {
                    rowVector(k, n, a, aOff + (i + r) * k, b, bOff + j, c, cOff + (i + r) * n + j);
                }
            }
            if (j < n) {
                tail(4, n, k, j, a, a0, b, bOff, c, cOff + i * n);
            }
        }
        for (; i < m; i++) {
            int j = 0;
            for (; j + L <= n; j += L) {
                rowVector(k, n, a, aOff + i * k, b, bOff + j, c, cOff + i * n + j);
            }
            if (j < n) {
                tail(1, n, k, j, a, aOff + i * k, b, bOff, c, cOff + i * n);
            }
        }
    }

    private static void rowVector(int k, int n, float[] a, int aRow, float[] b, int bCol, float[] c, int cPos) {
        FloatVector acc = FloatVector.fromArray(S, c, cPos);
        for (int kk = 0; kk < k; kk++) {
            acc = FloatVector.fromArray(S, b, bCol + kk * n).fma(FloatVector.broadcast(S, a[aRow + kk]), acc);
        }
        acc.intoArray(c, cPos);
    }

    /** Scalar columns [j0, n) of {@code rows} consecutive rows. */
    private static void tail(int rows, int n, int k, int j0, float[] a, int aRow0, float[] b, int bOff, float[] c,
                             int cRow0) {
        for (int r = 0; r < rows; r++) {
            for (int j = j0; j < n; j++) {
                float s = c[cRow0 + r * n + j];
                for (int kk = 0; kk < k; kk++) {
                    s += a[aRow0 + r * k + kk] * b[bOff + kk * n + j];
                }
                c[cRow0 + r * n + j] = s;
            }
        }
    }
}
