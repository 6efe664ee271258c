package dev.olafhe.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM with the (incubating) Java Vector API: an 8-row x 2-vector register block (4 rows for the remainder)
 * accumulated over the whole depth with FMAs (about 50-60 GMAC/s per core with AVX-512 against ~6 for the scalar loop). Only loaded when the
 * JVM runs with {@code --add-modules jdk.incubator.vector} (the {@code ola} launcher and the tests do); otherwise
 * {@link Gemm} uses its scalar loop.
 */
final class VectorGemm {
    private VectorGemm() {
    }

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /**
     * C[m x n] += A[m x k] * B[k x n]; A and C row-major and dense at their offsets, row kk of B starts at
     * {@code b[bOff + bRow[kk]]} (dense B: {@code bRow[kk] = kk * n}; the implicit-im2col convolution points the rows
     * into a padded input image).
     */
    static void gemm(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, int[] bRow, float[] c, int cOff) {
        int i = 0;
        for (; i + 7 < m; i += 8) {
            int j = rows8(i, n, k, a, aOff, b, bOff, bRow, c, cOff);
            rows4(i, j, n, k, a, aOff, b, bOff, bRow, c, cOff);
            rows4(i + 4, j, n, k, a, aOff, b, bOff, bRow, c, cOff);
        }
        for (; i + 3 < m; i += 4) {
            rows4(i, 0, n, k, a, aOff, b, bOff, bRow, c, cOff);
        }
        for (; i < m; i++) {
            int j = 0;
            for (; j + L <= n; j += L) {
                rowVector(k, a, aOff + i * k, b, bOff + j, bRow, c, cOff + i * n + j);
            }
            if (j < n) {
                tail(1, n, k, j, a, aOff + i * k, b, bOff, bRow, c, cOff + i * n);
            }
        }
    }

    /**
     * Rows i..i+7, whole blocks of 2 vectors: 16 accumulators (fits the 32 AVX-512 registers), so each B load feeds 8
     * FMAs. Returns the first column not done.
     */
    // long: the 16 accumulators must be locals of one loop so that C2 keeps them in registers
    private static int rows8(int i, int n, int k, float[] a, int aOff, float[] b, int bOff, int[] bRow, float[] c,
                             int cOff) {
        int a0 = aOff + i * k;
        int j = 0;
        for (; j + 2 * L <= n; j += 2 * L) {
            int r = cOff + i * n + j;
            FloatVector c00 = FloatVector.fromArray(S, c, r);
            FloatVector c01 = FloatVector.fromArray(S, c, r + L);
            FloatVector c10 = FloatVector.fromArray(S, c, r + n);
            FloatVector c11 = FloatVector.fromArray(S, c, r + n + L);
            FloatVector c20 = FloatVector.fromArray(S, c, r + 2 * n);
            FloatVector c21 = FloatVector.fromArray(S, c, r + 2 * n + L);
            FloatVector c30 = FloatVector.fromArray(S, c, r + 3 * n);
            FloatVector c31 = FloatVector.fromArray(S, c, r + 3 * n + L);
            FloatVector c40 = FloatVector.fromArray(S, c, r + 4 * n);
            FloatVector c41 = FloatVector.fromArray(S, c, r + 4 * n + L);
            FloatVector c50 = FloatVector.fromArray(S, c, r + 5 * n);
            FloatVector c51 = FloatVector.fromArray(S, c, r + 5 * n + L);
            FloatVector c60 = FloatVector.fromArray(S, c, r + 6 * n);
            FloatVector c61 = FloatVector.fromArray(S, c, r + 6 * n + L);
            FloatVector c70 = FloatVector.fromArray(S, c, r + 7 * n);
            FloatVector c71 = FloatVector.fromArray(S, c, r + 7 * n + L);
            for (int kk = 0; kk < k; kk++) {
                int bo = bOff + bRow[kk] + j;
                FloatVector b0 = FloatVector.fromArray(S, b, bo);
                FloatVector b1 = FloatVector.fromArray(S, b, bo + L);
                int ak = a0 + kk;
                FloatVector x = FloatVector.broadcast(S, a[ak]);
                c00 = b0.fma(x, c00);
                c01 = b1.fma(x, c01);
                x = FloatVector.broadcast(S, a[ak + k]);
                c10 = b0.fma(x, c10);
                c11 = b1.fma(x, c11);
                x = FloatVector.broadcast(S, a[ak + 2 * k]);
                c20 = b0.fma(x, c20);
                c21 = b1.fma(x, c21);
                x = FloatVector.broadcast(S, a[ak + 3 * k]);
                c30 = b0.fma(x, c30);
                c31 = b1.fma(x, c31);
                x = FloatVector.broadcast(S, a[ak + 4 * k]);
                c40 = b0.fma(x, c40);
                c41 = b1.fma(x, c41);
                x = FloatVector.broadcast(S, a[ak + 5 * k]);
                c50 = b0.fma(x, c50);
                c51 = b1.fma(x, c51);
                x = FloatVector.broadcast(S, a[ak + 6 * k]);
                c60 = b0.fma(x, c60);
                c61 = b1.fma(x, c61);
                x = FloatVector.broadcast(S, a[ak + 7 * k]);
                c70 = b0.fma(x, c70);
                c71 = b1.fma(x, c71);
            }
            c00.intoArray(c, r);
            c01.intoArray(c, r + L);
            c10.intoArray(c, r + n);
            c11.intoArray(c, r + n + L);
            c20.intoArray(c, r + 2 * n);
            c21.intoArray(c, r + 2 * n + L);
            c30.intoArray(c, r + 3 * n);
            c31.intoArray(c, r + 3 * n + L);
            c40.intoArray(c, r + 4 * n);
            c41.intoArray(c, r + 4 * n + L);
            c50.intoArray(c, r + 5 * n);
            c51.intoArray(c, r + 5 * n + L);
            c60.intoArray(c, r + 6 * n);
            c61.intoArray(c, r + 6 * n + L);
            c70.intoArray(c, r + 7 * n);
            c71.intoArray(c, r + 7 * n + L);
        }
        return j;
    }

    /** Rows i..i+3 from column j0 to n: blocks of 2 vectors, then single vectors, then a scalar tail. */
    private static void rows4(int i, int j0, int n, int k, float[] a, int aOff, float[] b, int bOff, int[] bRow,
                              float[] c, int cOff) {
        int j = j0;
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
                int bo = bOff + bRow[kk] + j;
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
                rowVector(k, a, aOff + (i + r) * k, b, bOff + j, bRow, c, cOff + (i + r) * n + j);
            }
        }
        if (j < n) {
            tail(4, n, k, j, a, a0, b, bOff, bRow, c, cOff + i * n);
        }
    }

    private static void rowVector(int k, float[] a, int aRow, float[] b, int bCol, int[] bRow, float[] c, int cPos) {
        FloatVector acc = FloatVector.fromArray(S, c, cPos);
        for (int kk = 0; kk < k; kk++) {
            acc = FloatVector.fromArray(S, b, bCol + bRow[kk]).fma(FloatVector.broadcast(S, a[aRow + kk]), acc);
        }
        acc.intoArray(c, cPos);
    }

    /** Scalar columns [j0, n) of {@code rows} consecutive rows. */
    private static void tail(int rows, int n, int k, int j0, float[] a, int aRow0, float[] b, int bOff, int[] bRow,
                             float[] c, int cRow0) {
        for (int r = 0; r < rows; r++) {
            for (int j = j0; j < n; j++) {
                float s = c[cRow0 + r * n + j];
                for (int kk = 0; kk < k; kk++) {
                    s += a[aRow0 + r * k + kk] * b[bOff + bRow[kk] + j];
                }
                c[cRow0 + r * n + j] = s;
            }
        }
    }
}
