package org.scorefdt.score.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.scorefdt.rng.Philox;
import org.scorefdt.rng.Streams;

/**
 * Back-propagation against central finite differences, every parameter of every block (weights and
 * biases of each layer) and every input.
 *
 * <p>Test loss L = Σ_{r,i} c_{ri} out_{ri} with fixed random c (so ∂L/∂out = c). Central differences
 * with h = 10⁻⁶ have truncation error h²|L'''|/6 ≈ 10⁻¹² and rounding error ≈ ε|L|/h ≈ 10⁻⁹ for
 * |L| ~ 10, so we require |g_fd − g| ≤ 10⁻⁶ · max(1, |g|): a wrong term in any block is off by O(|g|).
 */
class MlpGradientTest {
    private static double[] random(int n, long member) {
        return GradientCheck.random(11, n, member);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void gradientsMatchCentralDifferences(Activation act) {
        GradientCheck.check(Mlp.initialised(new int[] {3, 7, 5, 2}, act, 42), 4, 11, act.toString());
    }

    @Test
    void backwardWithoutInputGradientGivesSameParameterGradient() {
        Mlp net = Mlp.initialised(new int[] {2, 4, 3}, Activation.SILU, 1);
        double[] in = random(10, 4), c = random(15, 5), out = new double[15];
        Mlp.Workspace ws = net.workspace(5);
        double[] g1 = new double[net.parameterCount()], g2 = new double[net.parameterCount()];
        net.forward(in, 5, out, ws);
        net.backward(ws, 5, c, g1, new double[10]);
        net.backward(ws, 5, c, g2, null);
        assertArrayEquals(g1, g2);
    }

    @Test
    void batchRowsAreIndependentAndInitIsSeeded() {
        Mlp net = Mlp.initialised(new int[] {3, 8, 2}, Activation.TANH, 9);
        assertArrayEquals(net.parameters(), Mlp.initialised(new int[] {3, 8, 2}, Activation.TANH, 9).parameters());
        assertTrue(net.parameters()[0] != Mlp.initialised(new int[] {3, 8, 2}, Activation.TANH, 10).parameters()[0]);
        double[] in = random(3 * 33, 6), all = new double[2 * 33], one = new double[2];
        net.forward(in, 33, all, net.workspace(1)); // workspace grows
        double[] row = new double[3];
        System.arraycopy(in, 3 * 17, row, 0, 3);
        net.forward(row, 1, one, net.workspace(1));
        assertEquals(all[34], one[0], 1e-15);
        assertEquals(all[35], one[1], 1e-15);
    }
}
