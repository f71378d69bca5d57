package org.scorefdt.sample;

/**
 * The geometric noise levels of a variance-exploding diffusion walked downwards,
 * σ_i = σ_max (σ_min/σ_max)^{i/N}, i = 0..N, with variance increments Δ_i = σ_i² − σ_{i+1}²;
 * arguments in the order of {@link org.scorefdt.score.nn.NoiseSchedule}, {@link #of} takes its
 * range. Design: docs/score-models.md §8.
 *
 * @param sigmaMin σ_min &gt; 0, where the reverse process ends
 * @param sigmaMax σ_max &gt; σ_min, the level it starts from
 * @param steps    N ≥ 1 intervals
 */
public record ReverseSchedule(double sigmaMin, double sigmaMax, int steps) {
    public ReverseSchedule {
        if (!(sigmaMin > 0) || !(sigmaMax > sigmaMin) || Double.isInfinite(sigmaMax)) {
            throw new IllegalArgumentException("noise schedule σ_min = " + sigmaMin + ", σ_max = " + sigmaMax
                    + ": need 0 < σ_min < σ_max < ∞");
        }
        if (steps < 1) throw new IllegalArgumentException("noise schedule steps = " + steps + ": must be >= 1");
    }

    /** The range a network was trained on, walked down in N steps. */
    public static ReverseSchedule of(org.scorefdt.score.nn.NoiseSchedule trained, int steps) {
        return new ReverseSchedule(trained.sigmaMin(), trained.sigmaMax(), steps);
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
