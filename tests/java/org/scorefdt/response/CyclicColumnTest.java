package org.scorefdt.response;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The ring-averaged column is, by definition, the mean over impulse positions j of the single
 * columns, each rotated so that its impulse sits at j₀ — checked against d {@link LaggedColumnAccumulator}s
 * on the same stream (raw product means), with the true pair counts — and centred by the ring means
 * of x over each lag's targets and of B over its origins.
 */
class CyclicColumnTest {

    @Test
    void equalsTheRotatedAverageOfSingleColumns() {
        int d = 7, members = 5, lags = 4, blocks = 2, saves = 30, j0 = 3;
        // A nonlinear, non-symmetric conjugate so that the columns differ from one another.
        Conjugate b = (x, out, m) -> {
            for (int r = 0; r < m; r++) {
                for (int i = 0; i < d; i++) out[r * d + i] = x[r * d + i] * x[r * d + (i + 1) % d] + 0.1 * i;
            }
        };
        LaggedColumnAccumulator cyc = LaggedColumnAccumulator.cyclic(d, b, j0, lags, blocks);
        LaggedColumnAccumulator[] single = new LaggedColumnAccumulator[d];
        for (int j = 0; j < d; j++) single[j] = new LaggedColumnAccumulator(d, b, j, lags, blocks);
        SplittableRandom rng = new SplittableRandom(4);
        double[] x = new double[members * d], bx = new double[members * d], xSum = new double[saves], bSum = new double[saves];
        for (int s = 0; s < saves; s++) {
            for (int i = 0; i < x.length; i++) x[i] = rng.nextDouble() - 0.3;
            b.apply(x, bx, members);
            for (int i = 0; i < x.length; i++) {
                xSum[s] += x[i];
                bSum[s] += bx[i];
            }
            cyc.observe(s, s, x, members);
            for (LaggedColumnAccumulator a : single) a.observe(s, s, x, members);
        }
        double[] w = {1, 1}, got = cyc.combine(w, false, false), oneBlock = cyc.combine(new double[] {0, 1}, false, false);
        double[] centred = cyc.combine(w, false);
        double[][] cols = new double[d][], colsB = new double[d][];
        for (int j = 0; j < d; j++) {
            cols[j] = single[j].combine(w, false, false);
            colsB[j] = single[j].combine(new double[] {0, 1}, false, false);
        }
        for (int tau = 0; tau < lags; tau++) {
            assertEquals((long) members * d * (saves - tau), cyc.pairs(tau), "pairs at lag " + tau);
            double xBar = 0, bBar = 0, n = cyc.pairs(tau);
            for (int t = 0; t < saves - tau; t++) {
                xBar += xSum[t + tau] / n;
                bBar += bSum[t] / n;
            }
            for (int i = 0; i < d; i++) {
                double want = 0, wantB = 0;
                for (int j = 0; j < d; j++) {
                    int src = Math.floorMod(i - j0 + j, d); // R_{src,j} has offset i − j₀
                    want += cols[j][tau * d + src] / d;
                    wantB += colsB[j][tau * d + src] / d;
                }
                assertEquals(want, got[tau * d + i], 1e-13, "lag " + tau + " component " + i);
                assertEquals(wantB, oneBlock[tau * d + i], 1e-13, "block 1, lag " + tau + " component " + i);
                assertEquals(want - xBar * bBar, centred[tau * d + i], 1e-13, "centred, lag " + tau + " component " + i);
            }
        }
    }

    @Test
    void badInputIsNamed() {
        Conjugate b = (x, out, m) -> { };
        assertThrows(IllegalArgumentException.class, () -> LaggedColumnAccumulator.cyclic(4, b, 4, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> LaggedColumnAccumulator.cyclic(4, b, 0, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> LaggedColumnAccumulator.cyclic(0, b, 0, 2, 2));
        LaggedColumnAccumulator a = LaggedColumnAccumulator.cyclic(4, b, 0, 2, 2);
        assertThrows(IllegalStateException.class, () -> a.combine(new double[] {1, 1}, false));
        assertThrows(UnsupportedOperationException.class, () -> a.combine(new double[] {1, 1}, true));
        a.observe(0, 0, new double[8], 2);
        assertThrows(IllegalStateException.class, () -> a.observe(1, 1, new double[12], 3));
    }
}
