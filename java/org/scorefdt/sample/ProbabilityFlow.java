package org.scorefdt.sample;

import org.scorefdt.score.NoiseConditionalScore;

/**
 * Deterministic sampling by the probability-flow ODE of the variance-exploding SDE,
 * dx/du = −½ s(x, √u) with u = σ², integrated by Heun's method on the {@link ReverseSchedule}; the
 * prior is drawn as {@link ReverseDiffusion}'s. States {@code [chains][d]}. Scheme:
 * docs/score-models.md §8.
 */
public final class ProbabilityFlow {
    private final NoiseConditionalScore score;
    private final ReverseSchedule schedule;

    public ProbabilityFlow(NoiseConditionalScore score, ReverseSchedule schedule) {
        this.score = score;
        this.schedule = schedule;
    }

    /**
     * @param seed       run seed (prior only)
     * @param firstChain global index of the first chain
     * @param chains     ≥ 1
     * @param priorMean  m, d values, or null for 0
     * @return {@code [chains][d]} samples of p ∗ N(0, σ_min² I)
     */
    public double[] sample(long seed, long firstChain, int chains, double[] priorMean) {
        int d = score.dimension();
        new ChainSchedule(seed, chains, firstChain, 0, 0, 1); // validates chains and indices
        int len = chains * d;
        ChainNoise noise = new ChainNoise(seed, firstChain, chains, d);
        return transport(ReverseDiffusion.prior(noise, priorMean, d, len, schedule.sigmaMax()), chains, noise);
    }

    /**
     * Transports given states at σ_max down to σ_min in place (deterministic map).
     *
     * @param x {@code [chains][d]}
     * @return x
     */
    public double[] transport(double[] x, int chains) {
        int d = score.dimension();
        ChainNoise.checkShapes(d, chains, x, "x");
        return transport(x, chains, new ChainNoise(0, 0, chains, d));
    }

    private double[] transport(double[] x, int chains, ChainNoise noise) {
        int len = chains * score.dimension();
        noise.start(x);
        double[] s0 = new double[len], s1 = new double[len], xt = new double[len];
        for (int i = 0; i < schedule.steps(); i++) {
            double delta = schedule.varianceDrop(i);
            score.score(x, schedule.sigma(i), s0, chains);
            for (int k = 0; k < len; k++) xt[k] = x[k] + 0.5 * delta * s0[k];
            score.score(xt, schedule.sigma(i + 1), s1, chains);
            for (int k = 0; k < len; k++) x[k] += 0.25 * delta * (s0[k] + s1[k]);
        }
        noise.checkFinite(x, schedule.steps(), 0);
        return x;
    }
}
