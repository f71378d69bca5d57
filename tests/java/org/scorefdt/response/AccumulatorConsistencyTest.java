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
 * to rounding): the ring buffer, the true pair counts, the Fourier-space position average and the
 * shift to the impulse pixel.
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

        double[] colWant = new double[L * D], gridWant = new double[L * D];
        for (int m = 0; m < M; m++) {
            double[] x = new double[T * D], bx = new double[T * D];
            for (int t = 0; t < T; t++) System.arraycopy(saved.get(t), m * D, x, t * D, D);
            b.apply(x, bx, T);
            double[] c = LaggedCorrelation.direct(x, D, bx, D, T, L); // [lag][i][j] = ⟨x_i(t+τ) B_j(t)⟩
            for (int tau = 0; tau < L; tau++) {
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
        double[] colGot = column.combine(new double[] {1}, false), gridGot = grid.combine(new double[] {1}, false);
        for (int i = 0; i < L * D; i++) {
            assertEquals(colWant[i], colGot[i], 1e-12, "column " + i);
            assertEquals(gridWant[i], gridGot[i], 1e-12, "grid " + i);
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
