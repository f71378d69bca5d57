package org.scorefdt.sample;

import org.scorefdt.ensemble.Observer;
import org.scorefdt.score.ScoreModel;

/**
 * Underdamped Langevin dynamics with unit mass driven by a score model,
 * dx = v dt, dv = s(x) dt − γ v dt + √(2γ) dW, integrated by BAOAB with one score call per step;
 * batched, randomness and saves as in {@link ChainSchedule}; observers see positions
 * {@code [chains][d]}. Not thread-safe per run. Scheme: docs/score-models.md §8.
 */
public final class UnderdampedLangevin {
    private final ScoreModel score;
    private final double step, friction;

    /**
     * @param score    the score s = ∇log p of the target (the force, in units of kT = 1)
     * @param step     ε &gt; 0
     * @param friction γ &gt; 0 (1/time); γ ≈ the target's fastest frequency mixes well
     */
    public UnderdampedLangevin(ScoreModel score, double step, double friction) {
        ChainNoise.checkStep(step, "BAOAB step ε");
        ChainNoise.checkStep(friction, "BAOAB friction γ");
        this.score = score;
        this.step = step;
        this.friction = friction;
    }

    public double step() {
        return step;
    }

    public double friction() {
        return friction;
    }

    /**
     * Runs the chains in place.
     *
     * @param x        {@code [chains][d]} initial positions, overwritten with the final ones
     * @param v        {@code [chains][d]} initial velocities, overwritten with the final ones; or null
     *                 to start from v ~ N(0, I) (Philox counter step 0)
     * @param schedule chains, seed, burn-in, saves, thinning
     * @param observer receives positions at each save; may be null
     * @throws org.scorefdt.ensemble.SimulationDivergedException if a position becomes NaN/∞
     */
    public void run(double[] x, double[] v, ChainSchedule schedule, Observer observer) {
        int d = score.dimension(), chains = schedule.chains();
        ChainNoise.checkShapes(d, chains, x, "x");
        int len = chains * d;
        ChainNoise noise = new ChainNoise(schedule.seed(), schedule.firstChain(), chains, d);
        noise.start(x);
        if (v == null) {
            v = new double[len];
            noise.fill(0, v);
        } else {
            ChainNoise.checkShapes(d, chains, v, "v");
        }
        double[] s = new double[len], z = new double[len];
        double half = 0.5 * step;
        double decay = Math.exp(-friction * step);
        double kick = Math.sqrt(-Math.expm1(-2 * friction * step)); // √(1 − e^{−2γε}) without cancellation
        score.score(x, s, chains);
        long saved = 0;
        for (long n = 0; n < schedule.totalSteps(); n++) {
            noise.fill(n + 1, z);
            for (int k = 0; k < len; k++) {
                double vk = v[k] + half * s[k];      // B
                double xk = x[k] + half * vk;        // A
                vk = decay * vk + kick * z[k];       // O
                x[k] = xk + half * vk;               // A
                v[k] = vk;
            }
            score.score(x, s, chains);
            for (int k = 0; k < len; k++) v[k] += half * s[k]; // B
            long after = n + 1 - schedule.burnIn();
            noise.checkFinite(x, n, saved); // every step, so the message names the step it happened (a pass over x: cheap beside the score)
            if (after > 0 && after % schedule.thin() == 0) {
                if (observer != null) observer.observe(saved, after * step, x, chains);
                saved++;
            }
        }
    }
}
