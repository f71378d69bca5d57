package org.scorefdt.backend.cuda.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Host side (no GPU): the row-major → column-major mapping of {@link Cublas#gemm}. A column-major
 * GEMM with cuBLAS's semantics (C = op(X)·op(Y), X at ld, op = T reads X[i + j·ld] as element (j, i))
 * is run on the call {@link Cublas.ColumnMajor} builds and must give exactly the row-major product
 * C[m][n] = op(A)·op(B) summed in the same order (bitwise, 0 ulp), for all four transpositions
 * and the three products CudaMlp issues (forward, weight gradient, input gradient).
 */
class CublasLayoutTest {

    /** cuBLAS gemm semantics, column-major: C (m × n, ldc) = op(X) (m × k) · op(Y) (k × n). */
    private static void columnMajorGemm(boolean tx, boolean ty, int m, int n, int k, double[] x, int ldx, double[] y, int ldy,
                                        double[] c, int ldc) {
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double xv = tx ? x[p + i * ldx] : x[i + p * ldx];
                    double yv = ty ? y[j + p * ldy] : y[p + j * ldy];
                    s += xv * yv;
                }
                c[i + j * ldc] = s;
            }
        }
    }

    @ParameterizedTest(name = "transA={0} transB={1} m={2} n={3} k={4}")
    @CsvSource({"false, true, 7, 5, 3", "true, false, 5, 3, 7", "false, false, 7, 3, 5", "true, true, 4, 6, 2", "false, true, 1, 1, 1"})
    void columnMajorCallComputesTheRowMajorProduct(boolean transA, boolean transB, int m, int n, int k) {
        SplittableRandom r = new SplittableRandom(m * 31L + n * 7L + k);
        double[] a = new double[m * k], b = new double[k * n];
        for (int i = 0; i < a.length; i++) a[i] = r.nextDouble(-1, 1);
        for (int i = 0; i < b.length; i++) b[i] = r.nextDouble(-1, 1);
        // row-major reference: A is [m][k] or, transposed, [k][m]; B is [k][n] or [n][k]
        double[] want = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double av = transA ? a[p * m + i] : a[i * k + p];
                    double bv = transB ? b[j * k + p] : b[p * n + j];
                    s += bv * av; // cuBLAS multiplies op(B)ᵀ's element by op(A)ᵀ's: same factors, this order
                }
                want[i * n + j] = s;
            }
        }
        Cublas.ColumnMajor g = Cublas.ColumnMajor.of(transA, transB, m, n, k);
        double[] got = new double[m * n];
        columnMajorGemm(g.transFirst(), g.transSecond(), g.m(), g.n(), g.k(), b, g.ldFirst(), a, g.ldSecond(), got, g.ldc());
        assertArrayEquals(want, got, 0.0);
    }
}
