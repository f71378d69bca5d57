package org.scorefdt.score.nn;

/**
 * Variance-exploding noise schedule (docs/systems.md §6): σ(t) = σ_min (σ_max/σ_min)^t, t ∈ [0, 1],
 * training draws t ~ U(t_min, 1). The network sees σ through one feature, the schedule time mapped
 * to [−1, 1]: τ(σ) = 2 ln(σ/σ_min)/ln(σ_max/σ_min) − 1 (0 at the geometric middle of the range).
 * σ is in the units of the data. Logarithms and powers use {@link StrictMath} for
 * platform-independent bits.
 *
 * @param sigmaMin σ_min &gt; 0, where the stationary score is read off
 * @param sigmaMax σ_max &gt; σ_min
 * @param tMin     t_min in [0, 1)
 */
public record NoiseSchedule(double sigmaMin, double sigmaMax, double tMin) {
    public NoiseSchedule {
        if (!(sigmaMin > 0) || Double.isInfinite(sigmaMin)) throw new IllegalArgumentException("sigmaMin = " + sigmaMin + ": must be finite and > 0");
        if (!(sigmaMax > sigmaMin) || Double.isInfinite(sigmaMax)) {
            throw new IllegalArgumentException("sigmaMax = " + sigmaMax + ": must be finite and > sigmaMin = " + sigmaMin);
        }
        if (!(tMin >= 0 && tMin < 1)) throw new IllegalArgumentException("tMin = " + tMin + ": must be in [0, 1)");
    }

    /** σ(t). */
    public double sigma(double t) {
        return sigmaMin * StrictMath.pow(sigmaMax / sigmaMin, t);
    }

    /** t for a uniform u ∈ [0, 1): t_min + (1 − t_min)u. */
    public double time(double u) {
        return tMin + (1 - tMin) * u;
    }

    /** The network's noise feature τ(σ) ∈ [−1, 1] on the trained range. */
    public double feature(double sigma) {
        return 2 * StrictMath.log(sigma / sigmaMin) / StrictMath.log(sigmaMax / sigmaMin) - 1;
    }
}
