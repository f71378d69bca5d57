package org.scorefdt.response;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scorefdt.ensemble.Observer;
import org.scorefdt.model.Grid;
import org.scorefdt.score.ExactOuScore;
import org.scorefdt.testing.OuFixture;

/**
 * The streaming accumulators equal the offline direct sums on a stored trajectory (deterministic,
 * to rounding): the ring buffer, the true pair counts, the Fourier-space position average, the shift
 * to the impulse pixel, and the centring by the means of A over each lag's targets and of B over its
 * origins (per component for the column, over positions for the grid).
 */
class AccumulatorConsistencyTest {
    private static final Grid GRID = OuFixture.MODEL.spectralGrid();
    private static final int D = GRID.size(), M = 3, T = 40, L = 7, PIXEL = 2 * 8 + 5;

    @Test
    void streamingEqualsOfflineDirectSums() {
        Conjugate b = Conjugate.negativeScore(new ExactOuScore(OuFixture.EXACT));
        var column = new LaggedColumnAccumulator(D, b, PIXEL, L, 1);
        var grid = new LaggedGridAccumulator(GRID, b, PIXEL, L, 1);
        List<double[]> saved = new ArrayList<>();
        Observer store = (i, t, s, m) -> saved.add(Arrays.copyOf(s, m * D));
        OuFixture.run(M, T, 3, List.of(column, grid, store));
        assertEquals((long) M * (T - L + 1), column.pairs(L - 1));

        double[] colWant = new double[L * D], gridWant = new double[L * D], xMean = new double[L * D], bMean = new double[L * D];
        for (int m = 0; m < M; m++) {
            double[] x = new double[T * D], bx = new double[T * D];
            for (int t = 0; t < T; t++) System.arraycopy(saved.get(t), m * D, x, t * D, D);
            b.apply(x, bx, T);
            double[] c = LaggedCorrelation.direct(x, D, bx, D, T, L); // [lag][i][j] = ⟨x_i(t+τ) B_j(t)⟩
            for (int tau = 0; tau < L; tau++) {
                for (int t = 0; t < T - tau; t++) {  // pairs (t + τ, t): targets and origins
                    for (int i = 0; i < D; i++) {
                        xMean[tau * D + i] += x[(t + tau) * D + i] / (M * (T - tau));
                        bMean[tau * D + i] += bx[t * D + i] / (M * (T - tau));
                    }
                }
                for (int i = 0; i < D; i++) {
                    colWant[tau * D + i] += c[(tau * D + i) * D + PIXEL] / M;
                    // H(r) = N⁻² Σ_x C[x+r][x], reported at i = p + r.
                    int ry = Math.floorMod(i / 8 - PIXEL / 8, 8), rx = Math.floorMod(i % 8 - PIXEL % 8, 8);
                    double h = 0;
                    for (int y = 0; y < 8; y++)
                        for (int xx = 0; xx < 8; xx++)
                            h += c[(tau * D + ((y + ry) % 8) * 8 + (xx + rx) % 8) * D + y * 8 + xx];
                    gridWant[tau * D + i] += h / D / M;
                }
            }
        }
        double[] w = {1}, colRaw = column.combine(w, false, false), gridRaw = grid.combine(w, false, false);
        double[] colGot = column.combine(w, false), gridGot = grid.combine(w, false);
        for (int tau = 0; tau < L; tau++) {
            double xBar = 0, bBar = 0;
            for (int i = 0; i < D; i++) {
                xBar += xMean[tau * D + i] / D;
                bBar += bMean[tau * D + i] / D;
            }
            for (int i = 0; i < D; i++) {
                int k = tau * D + i;
                assertEquals(colWant[k], colRaw[k], 1e-12, "column " + k);
                assertEquals(gridWant[k], gridRaw[k], 1e-12, "grid " + k);
                assertEquals(colWant[k] - xMean[k] * bMean[tau * D + PIXEL], colGot[k], 1e-12, "centred column " + k);
                assertEquals(gridWant[k] - xBar * bBar, gridGot[k], 1e-12, "centred grid " + k);
            }
        }
        assertThrows(UnsupportedOperationException.class, () -> column.combine(new double[] {1}, true));
    }

    @Test
    void memberBlocksPartitionContiguously() {
        var blocks = new MemberBlocks(10, 4); // ⌊m·4/10⌋: sizes 3, 2, 3, 2
        int[] starts = {0, 3, 5, 8, 10};
        for (int b = 0; b < 4; b++) {
            assertEquals(starts[b], blocks.start(b));
            assertEquals(starts[b + 1], blocks.end(b));
            for (int m = blocks.start(b); m < blocks.end(b); m++) assertEquals(b, m * 4 / 10);
        }
        assertThrows(IllegalArgumentException.class, () -> new MemberBlocks(3, 4));
    }
}
