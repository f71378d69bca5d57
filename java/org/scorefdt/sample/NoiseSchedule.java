package org.scorefdt.sample;

/**
 * The geometric noise levels of a variance-exploding (VE) diffusion, walked downwards:
 * <pre>  σ_i = σ_max (σ_min/σ_max)^{i/N},   i = 0..N </pre>
 * i.e. σ(t) = σ_min (σ_max/σ_min)^t on t = 1 − i/N (SYSTEMS.md §6). The forward VE SDE is
 * dx = √(dσ²/dt) dW, so between levels i and i+1 the forward process adds variance
 * Δ_i = σ_i² − σ_{i+1}² (&gt; 0): the samplers integrate in that variable, which makes their noise
 * increments exact whatever the schedule's shape.
 *
 * @param sigmaMax σ_max, the level the reverse process starts from
 * @param sigmaMin σ_min, 0 &lt; σ_min &lt; σ_max, where it ends
 * @param steps    N ≥ 1 intervals
 */
public record NoiseSchedule(double sigmaMax, double sigmaMin, int steps) {
    public NoiseSchedule {
        if (!(sigmaMin > 0) || !(sigmaMax > sigmaMin) || Double.isInfinite(sigmaMax)) {
            throw new IllegalArgumentException("noise schedule σ_min = " + sigmaMin + ", σ_max = " + sigmaMax
                    + ": need 0 < σ_min < σ_max < ∞");
        }
        if (steps < 1) throw new IllegalArgumentException("noise schedule steps = " + steps + ": must be >= 1");
    }

    /** σ_i, i = 0..N (σ_0 = σ_max, σ_N = σ_min exactly). */
    public double sigma(int i) {
        if (i <= 0) return sigmaMax;
        if (i >= steps) return sigmaMin;
        return sigmaMax * Math.pow(sigmaMin / sigmaMax, (double) i / steps);
    }

    /** Δ_i = σ_i² − σ_{i+1}², the variance the forward process adds between levels i+1 and i. */
    public double varianceDrop(int i) {
        double a = sigma(i), b = sigma(i + 1);
        return (a - b) * (a + b);
    }
}
