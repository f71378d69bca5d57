package org.scorefdt.response;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * {@link BlockErrors#jackknife}: for the mean of equal blocks the delete-one-block jackknife and the
 * block spread are the same number (θ⁽⁻ᵇ⁾ − θ̄ = −(θ_b − θ̄)/(B−1)), and a hand-computed case.
 */
class BlockErrorsJackknifeTest {

    @Test
    void forABlockMeanItIsTheBlockSpread() {
        double[][] perBlock = {{1.0, -2.0}, {3.5, 0.5}, {2.0, 4.0}, {-1.0, 1.5}, {0.25, 2.5}};
        int b = perBlock.length;
        java.util.function.Function<double[], double[]> mean = w -> {
            double[] m = new double[2];
            double sw = 0;
            for (int k = 0; k < b; k++) {
                sw += w[k];
                for (int i = 0; i < 2; i++) m[i] += w[k] * perBlock[k][i];
            }
            for (int i = 0; i < 2; i++) m[i] /= sw;
            return m;
        };
        double[][] loo = new double[b][];
        for (int k = 0; k < b; k++) {
            double[] w = new double[b];
            java.util.Arrays.fill(w, 1);
            w[k] = 0;
            loo[k] = mean.apply(w);
        }
        assertArrayEquals(BlockErrors.spread(mean, b), BlockErrors.jackknife(loo), 1e-12);
    }

    @Test
    void twoBlocks() {
        // θ⁽⁻¹⁾ = 1, θ⁽⁻²⁾ = 3: √(1/2 · (1 + 1)) = 1
        assertEquals(1.0, BlockErrors.jackknife(new double[][] {{1}, {3}})[0], 1e-15);
        assertThrows(IllegalArgumentException.class, () -> BlockErrors.jackknife(new double[][] {{1}}));
    }
}
