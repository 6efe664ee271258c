package dev.olafhe.nn;

/**
 * Single-threaded float GEMM of the plaintext executor: the Vector API kernel ({@link VectorGemm}) when
 * {@link Kernels#VECTOR} holds, else a register-blocked scalar loop (2 rows x 4 depth, written so that HotSpot C2
 * vectorises the inner loop).
 */
final class Gemm {
    private Gemm() {
    }

    /** Column counts that are a multiple of this run entirely in the vectorised GEMM (no scalar tail). */
    static final int COLUMN_MULTIPLE = 16;

    /** C[m x n] += A[m x k] * B[k x n], all row-major and dense, at the given offsets. */
    static void gemm(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        gemm(m, n, k, a, aOff, b, bOff, denseRows(k, n), c, cOff);
    }

    /** As {@link #gemm(int, int, int, float[], int, float[], int, float[], int)}, row kk of B at {@code bOff + bRow[kk]}. */
    static void gemm(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, int[] bRow, float[] c, int cOff) {
        if (Kernels.VECTOR) {
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
}
