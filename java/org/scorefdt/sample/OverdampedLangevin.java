package org.scorefdt.sample;

import org.scorefdt.ensemble.Observer;
import org.scorefdt.score.ScoreModel;

/**
 * Unadjusted overdamped Langevin algorithm (ULA) driven by a score model,
 * x' = x + ε s(x) + √(2ε) z: samples p up to an O(ε) bias. Batched ({@link ScoreModel#score} once
 * per step); randomness and saves as in {@link ChainSchedule}; states {@code [chains][d]}. Not
 * thread-safe. Bias for Gaussian targets: docs/score-models.md §8.
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
     * @throws org.scorefdt.ensemble.SimulationDivergedException if a state becomes NaN/∞ or explodes (checked
     *         every step; reduce ε)
     */
    public void run(double[] x, ChainSchedule schedule, Observer observer) {
        int d = score.dimension(), chains = schedule.chains();
        ChainNoise.checkShapes(d, chains, x, "x");
        int len = chains * d;
        double[] s = new double[len], z = new double[len];
        ChainNoise noise = new ChainNoise(schedule.seed(), schedule.firstChain(), chains, d);
        noise.start(x);
        double amp = Math.sqrt(2 * step);
        long saved = 0;
        for (long n = 0; n < schedule.totalSteps(); n++) {
            score.score(x, s, chains);
            noise.fill(n + 1, z);
            for (int k = 0; k < len; k++) x[k] += step * s[k] + amp * z[k];
            long after = n + 1 - schedule.burnIn();
            noise.checkFinite(x, n, saved); // every step, so the message names the step it happened (a pass over x: cheap beside the score)
            if (after > 0 && after % schedule.thin() == 0) {
                if (observer != null) observer.observe(saved, after * step, x, chains);
                saved++;
            }
        }
    }
}
