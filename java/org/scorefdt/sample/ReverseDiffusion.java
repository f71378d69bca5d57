package org.scorefdt.sample;

import org.scorefdt.score.NoiseConditionalScore;

/**
 * Reverse-diffusion sampling of a variance-exploding SDE with a noise-conditional score
 * (Song et al., ICLR 2021, "Score-based generative modeling through SDEs"). The forward process
 * dx = √(dσ²/dt) dW takes data to N(·, σ_max²I); its time reversal,
 * <pre>  dx = −(dσ²/dt) s(x, σ) dt + √(dσ²/dt) dW̄, </pre>
 * run from σ_max down to σ_min, ends at the data density smoothed by N(0, σ_min² I). Predictor:
 * Euler–Maruyama on the {@link ReverseSchedule} with the exact variance increment Δ_i = σ_i² − σ_{i+1}²,
 * <pre>  x ← x + Δ_i s(x, σ_i) + √Δ_i z. </pre>
 * Optional Langevin corrector (the "PC sampler"): after each predictor step, M steps of ULA at the
 * new level σ, x ← x + η s(x, σ) + √(2η) z with η = 2 r² σ², r the signal-to-noise ratio (Song et
 * al. use r ≈ 0.16 for VE). Song et al. set η = 2 (r ‖z‖/‖s‖)² with norms averaged over the batch;
 * with E‖z‖² = d and E‖s_σ‖² ≈ d/σ² (σ above the data's scale) that is our η, which, unlike theirs,
 * does not depend on which chains share a batch. Per-chain norms instead would blow up near modes
 * (‖s‖ → 0). Below the data's scale our η is smaller than theirs: safe, only less mixing.
 *
 * <p>Prior: x ~ N(m, σ_max² I) with a given prior mean m (0 by default; the data mean if known),
 * correct when σ_max ≫ the data's spread and |μ − m|. Randomness: Philox(seed,
 * {@link org.scorefdt.rng.Streams#SAMPLER}, member = firstChain + c, step, component) with counter
 * 0 for the prior and 1 + i(M+1) + j for predictor (j = 0) and corrector (j = 1..M) draws of level
 * i, so chains do not depend on batching. States {@code [chains][d]}.
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
