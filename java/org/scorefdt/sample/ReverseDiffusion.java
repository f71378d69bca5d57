package org.scorefdt.sample;

import org.scorefdt.score.NoiseConditionalScore;

/**
 * Reverse-diffusion sampling of a variance-exploding SDE with a noise-conditional score
 * (predictor x ← x + Δ_i s(x, σ_i) + √Δ_i z on the {@link ReverseSchedule}, optional Langevin
 * corrector), from a prior N(m, σ_max² I) down to σ_min; draws from
 * {@link org.scorefdt.rng.Streams#SAMPLER} by global chain, independent of batching. States
 * {@code [chains][d]}. Design and step size: docs/score-models.md §8.
 */
public final class ReverseDiffusion {
    private final NoiseConditionalScore score;
    private final ReverseSchedule schedule;
    private final int correctorSteps;
    private final double snr;

    /**
     * @param score          s(x, σ)
     * @param schedule       σ_max → σ_min in N steps
     * @param correctorSteps M ≥ 0 Langevin corrector steps per level (0: predictor only)
     * @param snr            r &gt; 0, the corrector's signal-to-noise ratio (ignored when M = 0)
     */
    public ReverseDiffusion(NoiseConditionalScore score, ReverseSchedule schedule, int correctorSteps, double snr) {
        if (correctorSteps < 0) throw new IllegalArgumentException("corrector steps = " + correctorSteps + ": must be >= 0");
        if (correctorSteps > 0) ChainNoise.checkStep(snr, "corrector snr");
        this.score = score;
        this.schedule = schedule;
        this.correctorSteps = correctorSteps;
        this.snr = snr;
    }

    /** Predictor only. */
    public ReverseDiffusion(NoiseConditionalScore score, ReverseSchedule schedule) {
        this(score, schedule, 0, 0.16);
    }

    /**
     * Draws chains samples.
     *
     * @param seed       run seed
     * @param firstChain global index of the first chain
     * @param chains     ≥ 1
     * @param priorMean  m, d values, or null for 0
     * @return {@code [chains][d]} samples of p ∗ N(0, σ_min² I)
     * @throws org.scorefdt.ensemble.SimulationDivergedException on a NaN/∞ state
     */
    public double[] sample(long seed, long firstChain, int chains, double[] priorMean) {
        int d = score.dimension();
        new ChainSchedule(seed, chains, firstChain, 0, 0, 1); // validates chains and indices
        int len = chains * d;
        ChainNoise noise = new ChainNoise(seed, firstChain, chains, d);
        double[] x = prior(noise, priorMean, d, len, schedule.sigmaMax());
        noise.start(x);
        double[] s = new double[len], z = new double[len];
        int per = correctorSteps + 1;
        for (int i = 0; i < schedule.steps(); i++) {
            double delta = schedule.varianceDrop(i), amp = Math.sqrt(delta);
            score.score(x, schedule.sigma(i), s, chains);
            noise.fill(1 + (long) i * per, z);
            for (int k = 0; k < len; k++) x[k] += delta * s[k] + amp * z[k];
            double next = schedule.sigma(i + 1);
            double eta = 2 * snr * snr * next * next, etaAmp = Math.sqrt(2 * eta);
            for (int j = 1; j <= correctorSteps; j++) {
                score.score(x, next, s, chains);
                noise.fill(1 + (long) i * per + j, z);
                for (int k = 0; k < len; k++) x[k] += eta * s[k] + etaAmp * z[k];
            }
        }
        noise.checkFinite(x, schedule.steps(), 0);
        return x;
    }

    /** x ~ N(m, σ² I) from counter 0. */
    static double[] prior(ChainNoise noise, double[] priorMean, int d, int len, double sigma) {
        if (priorMean != null && priorMean.length != d) {
            throw new IllegalArgumentException("prior mean has " + priorMean.length + " values, need d = " + d);
        }
        double[] x = new double[len];
        noise.fill(0, x);
        for (int k = 0; k < len; k++) x[k] = sigma * x[k] + (priorMean == null ? 0 : priorMean[k % d]);
        return x;
    }
}
