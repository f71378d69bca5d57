package org.scorefdt.score.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.scorefdt.rng.Philox;
import org.scorefdt.rng.Streams;

class GemmTest {
    private static double[] random(int n, long member) {
        double[] x = new double[n];
        Philox.normals(7, Streams.TRAINING, member, 9, x, 0, n, new Philox.Scratch());
        return x;
    }

    /** Every transpose case, awkward sizes across the block edges, offsets and padded strides, set and accumulate. */
    @Test
    void matchesNaiveTripleLoop() {
        int[][] shapes = {{1, 1, 1}, {3, 5, 7}, {31, 33, 1}, {1, 257, 129}, {65, 4, 300}, {33, 31, 129}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            for (int tA = 0; tA < 2; tA++) {
                for (int tB = 0; tB < 2; tB++) {
                    boolean ta = tA == 1, tb = tB == 1;
                    int lda = (ta ? m : k) + 2, ldb = (tb ? k : n) + 1, ldc = n + 3;
                    int aOff = 5, bOff = 3, cOff = 2;
                    double[] a = random(aOff + (ta ? k : m) * lda, 1), b = random(bOff + (tb ? n : k) * ldb, 2);
                    for (boolean acc : new boolean[] {false, true}) {
                        double[] c = random(cOff + m * ldc, 3), c0 = c.clone();
                        Gemm.gemm(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, acc, c, cOff, ldc);
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                double ref = acc ? c0[cOff + i * ldc + j] : 0, mag = Math.abs(ref);
                                for (int p = 0; p < k; p++) {
                                    double x = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                                    double y = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                                    ref += x * y;
                                    mag += Math.abs(x * y);
                                }
                                // Reordered sums differ by at most ~k·ε·Σ|terms|.
                                assertEquals(ref, c[cOff + i * ldc + j], 4 * (k + 1) * 0x1p-52 * mag,
                                        () -> "m,n,k=" + m + "," + n + "," + k + " ta=" + ta + " tb=" + tb);
                            }
                            // Padding between rows untouched.
                            for (int j = n; j < ldc && cOff + i * ldc + j < c.length; j++) {
                                assertEquals(c0[cOff + i * ldc + j], c[cOff + i * ldc + j]);
                            }
                        }
                    }
                }
            }
        }
    }
}
