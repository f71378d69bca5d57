package org.scorefdt.score.nn;

/**
 * Small dense row-major matrix product for the networks, C = op(A)·op(B) [+ C], op(X) = X or Xᵀ,
 * with row strides and offsets; bitwise reproducible for given shapes. Stateless and thread-safe;
 * shapes are trusted. Loop orders: docs/score-models.md §6.
 */
final class Gemm {
    private Gemm() {}

    /** Block of the k (summed) dimension. */
    static final int KB = 128;
    /** Block of the n (column) dimension. */
    static final int JB = 256;

    static void gemm(boolean transA, boolean transB, int m, int n, int k,
                     double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                     boolean accumulate, double[] c, int cOff, int ldc) {
        if (!accumulate) {
            for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0.0);
        }
        if (m == 0 || n == 0 || k == 0) return;
        if (!transA && !transB) nn(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        else if (!transA) nt(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        else if (!transB) tn(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        else tt(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    }

    /** C += A·B. */
    private static void nn(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                           double[] c, int cOff, int ldc) {
        for (int j0 = 0; j0 < n; j0 += JB) {
            int j1 = Math.min(n, j0 + JB);
            for (int p0 = 0; p0 < k; p0 += KB) {
                int p1 = Math.min(k, p0 + KB);
                for (int i = 0; i < m; i++) {
                    int ci = cOff + i * ldc;
                    int ai = aOff + i * lda;
                    for (int p = p0; p < p1; p++) {
                        double aip = a[ai + p];
                        int bp = bOff + p * ldb;
                        for (int j = j0; j < j1; j++) c[ci + j] += aip * b[bp + j];
                    }
                }
            }
        }
    }

    /** C += A·Bᵀ: C[i][j] += Σ_p A[i][p] B[j][p]. */
    private static void nt(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                           double[] c, int cOff, int ldc) {
        for (int p0 = 0; p0 < k; p0 += KB) {
            int p1 = Math.min(k, p0 + KB);
            for (int i = 0; i < m; i++) {
                int ai = aOff + i * lda;
                int ci = cOff + i * ldc;
                int j = 0;
                for (; j + 3 < n; j += 4) {
                    int b0 = bOff + j * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
                    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                    for (int p = p0; p < p1; p++) {
                        double x = a[ai + p];
                        s0 += x * b[b0 + p];
                        s1 += x * b[b1 + p];
                        s2 += x * b[b2 + p];
                        s3 += x * b[b3 + p];
                    }
                    c[ci + j] += s0;
                    c[ci + j + 1] += s1;
                    c[ci + j + 2] += s2;
                    c[ci + j + 3] += s3;
                }
                for (; j < n; j++) {
                    int bj = bOff + j * ldb;
                    double s = 0;
                    for (int p = p0; p < p1; p++) s += a[ai + p] * b[bj + p];
                    c[ci + j] += s;
                }
            }
        }
    }

    /** C += Aᵀ·B: C[i][j] += Σ_p A[p][i] B[p][j]. */
    private static void tn(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                           double[] c, int cOff, int ldc) {
        for (int j0 = 0; j0 < n; j0 += JB) {
            int j1 = Math.min(n, j0 + JB);
            for (int p = 0; p < k; p++) {
                int ap = aOff + p * lda;
                int bp = bOff + p * ldb;
                for (int i = 0; i < m; i++) {
                    double api = a[ap + i];
                    int ci = cOff + i * ldc;
                    for (int j = j0; j < j1; j++) c[ci + j] += api * b[bp + j];
                }
            }
        }
    }

    /** C += Aᵀ·Bᵀ (unused by the networks; plain loops). */
    private static void tt(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                           double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) s += a[aOff + p * lda + i] * b[bOff + j * ldb + p];
                c[cOff + i * ldc + j] += s;
            }
        }
    }
}
