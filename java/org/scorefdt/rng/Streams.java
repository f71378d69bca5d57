package org.scorefdt.rng;

/**
 * Stream identifiers: the top 16 bits of Philox counter word 3. Each independent use of
 * randomness in a run gets its own stream, so streams never overlap whatever the seed.
 */
public final class Streams {
    private Streams() {}

    /** Increments of the driving noise dW, per (member, step, component). */
    public static final int NOISE = 1;
    /** Initial conditions, drawn as "step 0" of this stream. */
    public static final int INITIAL = 2;
    /** Resampling indices of bootstrap error bars. */
    public static final int BOOTSTRAP = 3;
    /** Noise of the samplers in {@code org.scorefdt.sample} (Langevin, reverse diffusion), per (chain, step, component). */
    public static final int SAMPLER = 4;

    /**
     * Training of score networks (org.scorefdt.score.nn): weight initialisation, the train/validation
     * split, validation noise and minibatches, told apart by the step counter (see DsmTrainer).
     */
    public static final int TRAINING = 5;
    /** KGMM: k-means++ picks (step 0) and the fresh noise draws z (step = pass, 1-based), per data point. */
    public static final int KGMM = 6;
    /**
     * Score diagnostics (org.scorefdt.score.ScoreDiagnostics): the random Fourier test functions
     * (member = function, steps from 2^40) and the Hutchinson probes (member = sample, step = probe).
     */
    public static final int DIAGNOSTICS = 7;
}
