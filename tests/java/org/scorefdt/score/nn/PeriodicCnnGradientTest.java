package org.scorefdt.score.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.scorefdt.rng.Philox;
import org.scorefdt.rng.Streams;

/**
 * {@link PeriodicCnn}: back-propagation against central finite differences for every parameter
 * (the weights and biases of each layer, including the constant-channel taps) and every input
 * (field pixels and the constant-channel scalars); exact (bitwise) translation equivariance.
 *
 * <p>Gradient tolerance as in {@link MlpGradientTest}: L = Σ c·out with fixed random c, h = 10⁻⁶,
 * truncation ≈ h²|L'''|/6 ≈ 10⁻¹², rounding ≈ ε|L|/h ≈ 10⁻⁹; we require
 * |g_fd − g| ≤ 10⁻⁶·max(1, |g|). A wrong term (e.g. a tap or a wrap-around mis-indexed) is off by O(|g|).
 */
class PeriodicCnnGradientTest {
    private static double[] random(int n, long member) {
        return GradientCheck.random(13, n, member);
    }

    static void check(PeriodicCnn net, int batch, String what) {
        GradientCheck.check(net, batch, 13, what);
    }

    /** N = 4, two layers (1 field + 1 constant → 3 → 1), batch 3. */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void twoLayersMatchCentralDifferences(Activation act) {
        check(PeriodicCnn.initialised(4, 1, 1, new int[] {3}, 1, act, 42), 3, act + " 2 layers");
    }

    /** Several field and constant channels, three layers, a non-square-friendly N = 3 and a chunked batch. */
    @Test
    void moreChannelsAndLayersMatchCentralDifferences() {
        check(PeriodicCnn.initialised(3, 2, 2, new int[] {4, 3}, 2, Activation.SILU, 7), 2, "3 layers");
        // Batch larger than one im2col chunk (4096 / 64² = 1 sample per chunk at N = 64 would be slow;
        // N = 4 gives 256 samples per chunk, so use a net whose chunk is small by taking N = 32: 4 samples).
        PeriodicCnn big = PeriodicCnn.initialised(32, 1, 1, new int[] {2}, 1, Activation.TANH, 3);
        int batch = 9; // 3 chunks (4 + 4 + 1)
        double[] in = random(batch * big.inputWidth(), 8), out = new double[batch * big.outputWidth()];
        double[] one = new double[big.outputWidth()], row = new double[big.inputWidth()];
        big.forward(in, batch, out, big.workspace(batch));
        System.arraycopy(in, 6 * big.inputWidth(), row, 0, row.length);
        big.forward(row, 1, one, big.workspace(1));
        for (int i = 0; i < one.length; i++) assertEquals(out[6 * one.length + i], one[i], 0.0, "row 6 alone = row 6 in a chunked batch");
    }

    /** Shifting every input field by (dx, dy) shifts the output by (dx, dy), bit for bit. */
    @Test
    void translationEquivarianceIsExact() {
        int n = 8, batch = 3;
        PeriodicCnn net = PeriodicCnn.initialised(n, 1, 1, new int[] {16, 16, 16}, 1, Activation.SILU, 5);
        double[] p = net.parameters(), jitter = random(p.length, 9);
        for (int i = 0; i < p.length; i++) p[i] += 0.1 * jitter[i];
        double[] in = random(batch * net.inputWidth(), 4), out = new double[batch * n * n];
        net.forward(in, batch, out, net.workspace(batch));
        int[][] shifts = {{1, 0}, {0, 1}, {3, 5}, {7, 7}, {-2, 3}};
        for (int[] sh : shifts) {
            double[] sIn = in.clone(), sOut = new double[out.length];
            for (int r = 0; r < batch; r++) {
                for (int y = 0; y < n; y++) {
                    for (int x = 0; x < n; x++) {
                        sIn[r * net.inputWidth() + Math.floorMod(y + sh[1], n) * n + Math.floorMod(x + sh[0], n)]
                                = in[r * net.inputWidth() + y * n + x];
                    }
                }
            }
            net.forward(sIn, batch, sOut, net.workspace(batch));
            for (int r = 0; r < batch; r++) {
                for (int y = 0; y < n; y++) {
                    for (int x = 0; x < n; x++) {
                        double a = out[r * n * n + y * n + x];
                        double b = sOut[r * n * n + Math.floorMod(y + sh[1], n) * n + Math.floorMod(x + sh[0], n)];
                        assertEquals(Double.doubleToRawLongBits(a), Double.doubleToRawLongBits(b),
                                "shift (" + sh[0] + ", " + sh[1] + "), row " + r + " pixel (" + y + ", " + x + ")");
                    }
                }
            }
        }
    }

    @Test
    void seededInitialisationAndParameterRoundTrip() {
        PeriodicCnn a = PeriodicCnn.initialised(6, 1, 1, new int[] {5}, 1, Activation.SILU, 9);
        assertArrayEquals(a.parameters(), PeriodicCnn.initialised(6, 1, 1, new int[] {5}, 1, Activation.SILU, 9).parameters(), 0.0);
        assertEquals(5 * (2 * 9 + 1) + (5 * 9 + 1), a.parameterCount());
        PeriodicCnn b = a.withParameters(a.parameters());
        b.parameters()[0] += 1;
        assertEquals(a.parameters()[1], b.parameters()[1]);
        assertEquals(a.parameters()[0] + 1, b.parameters()[0]);
        assertThrows(IllegalArgumentException.class, () -> PeriodicCnn.of(6, 1, 1, new int[] {5}, 1, Activation.SILU, new double[3]));
        assertThrows(IllegalArgumentException.class, () -> PeriodicCnn.initialised(0, 1, 1, new int[] {5}, 1, Activation.SILU, 1));
        assertThrows(IllegalArgumentException.class, () -> PeriodicCnn.initialised(4, 1, 1, new int[] {0}, 1, Activation.SILU, 1));
    }
}
