package org.scorefdt.sample;

import org.scorefdt.ensemble.Observer;
import org.scorefdt.score.ScoreModel;

/**
 * Unadjusted overdamped Langevin algorithm (ULA) driven by a score model:
 * <pre>  x' = x + ε s(x) + √(2ε) z,   z ~ N(0, I) </pre>
 * the Euler–Maruyama step of dx = s(x) dt + √2 dW, whose stationary density is p when s = ∇log p.
 * Unadjusted: there is no Metropolis correction, so the chain samples p only up to an O(ε) bias.
 * For a Gaussian target s = −C⁻¹(x − μ) the bias is known exactly: the step is the linear map
 * x' − μ = (I − εC⁻¹)(x − μ) + √(2ε) z, whose stationary covariance S solves
 * S = (I − εC⁻¹) S (I − εC⁻¹) + 2εI, i.e. S = C (I − εC⁻¹/2)⁻¹ (stable for ε &lt; 2λ_min(C)).
 *
 * <p>Batched: all chains' scores are one {@link ScoreModel#score} call per step. Randomness and
 * save times as in {@link ChainSchedule}; states are {@code [chains][d]}, row-major.
 * Not thread-safe (one run at a time per instance is fine; instances share nothing).
 */
public final class OverdampedLangevin {
    private final ScoreModel score;
    private final double step;

    /**
     * @param score the score s = ∇log p of the target
     * @param step  ε &gt; 0 (time step of dx = s dt + √2 dW)
     */
    public OverdampedLangevin(ScoreModel score, double step) {
        ChainNoise.checkStep(step, "ULA step ε");
        this.score = score;
        this.step = step;
    }

    public double step() {
        return step;
    }

    /**
     * Runs the chains in place.
     *
     * @param x        {@code [chains][d]} initial states, overwritten with the final states
     * @param schedule chains, seed, burn-in, saves, thinning
     * @param observer receives each save ({@code time} = ε × steps since the end of burn-in); may be null
     * @throws org.scorefdt.ensemble.SimulationDivergedException if a state becomes NaN/∞ (checked at
     *         saves and at the end of burn-in; reduce ε)
     */
    public void run(double[] x, ChainSchedule schedule, Observer observer) {
        int d = score.dimension(), chains = schedule.chains();
        ChainNoise.checkShapes(d, chains, x, "x");
        int len = chains * d;
        double[] s = new double[len], z = new double[len];
        ChainNoise noise = new ChainNoise(schedule.seed(), schedule.firstChain(), chains, d);
        double amp = Math.sqrt(2 * step);
        long saved = 0;
        for (long n = 0; n < schedule.totalSteps(); n++) {
            score.score(x, s, chains);
            noise.fill(n + 1, z);
            for (int k = 0; k < len; k++) x[k] += step * s[k] + amp * z[k];
            long after = n + 1 - schedule.burnIn();
            if (after == 0) noise.checkFinite(x, n, 0);
            if (after > 0 && after % schedule.thin() == 0) {
                noise.checkFinite(x, n, saved);
                if (observer != null) observer.observe(saved, after * step, x, chains);
                saved++;
            }
        }
    }
}
