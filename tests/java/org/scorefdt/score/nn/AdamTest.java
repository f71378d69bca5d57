package org.scorefdt.score.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AdamTest {
    /**
     * f(θ) = ½ Σ a_i (θ_i − c_i)² with curvatures spanning 10⁻² … 10² (condition number 10⁴):
     * Adam's per-coordinate scaling makes it converge at about the same rate along every axis.
     * After 3000 steps with η decayed to 10⁻⁵ the iterate is within 10⁻³ of the minimiser
     * (Adam's steady-state wobble is O(η)).
     */
    @Test
    void convergesOnAnIllConditionedQuadratic() {
        double[] a = {1e-2, 0.1, 1, 10, 100}, c = {3, -2, 0.5, 1, -4}, theta = new double[5], g = new double[5];
        Adam adam = new Adam(5);
        for (int t = 0; t < 3000; t++) {
            for (int i = 0; i < 5; i++) g[i] = a[i] * (theta[i] - c[i]);
            double lr = 0.1 * Math.pow(1e-4, t / 3000.0);
            adam.step(theta, g, Adam.warmup(lr, t, 50));
        }
        assertArrayEquals(c, theta, 1e-3);
        assertEquals(3000, adam.steps());
    }

    @Test
    void firstStepIsLearningRateTimesSignThanksToBiasCorrection() {
        // m̂ = g, v̂ = g² at t = 1, so Δθ = −η g/(|g| + ε) ≈ −η sign(g) whatever |g|.
        double[] theta = {0, 0}, g = {1e-3, -50};
        new Adam(2).step(theta, g, 0.01);
        assertEquals(-0.01, theta[0], 1e-7);
        assertEquals(0.01, theta[1], 1e-9);
    }

    @Test
    void clippingScalesToTheGlobalNorm() {
        double[] g = {3, 4};
        assertEquals(5, Adam.clipGlobalNorm(g, 1), 0);
        assertArrayEquals(new double[] {0.6, 0.8}, g, 1e-15);
        double[] small = {0.3, 0.4};
        Adam.clipGlobalNorm(small, 1);
        assertArrayEquals(new double[] {0.3, 0.4}, small, 0);
    }

    @Test
    void warmupIsLinear() {
        assertEquals(0.25, Adam.warmup(1, 0, 4), 0);
        assertEquals(1.0, Adam.warmup(1, 3, 4), 0);
        assertEquals(1.0, Adam.warmup(1, 100, 4), 0);
        assertEquals(2.0, Adam.warmup(2, 0, 0), 0);
    }

    @Test
    void emaAveragesAndRejectsBadDecay() {
        Ema ema = new Ema(new double[] {0}, 0.5);
        ema.update(new double[] {1}); // β = min(0.5, 1/10) = 0.1
        assertEquals(0.9, ema.average()[0], 1e-15);
        for (int i = 0; i < 60; i++) ema.update(new double[] {2});
        assertEquals(2, ema.average()[0], 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new Ema(new double[1], 1.0));
    }
}
