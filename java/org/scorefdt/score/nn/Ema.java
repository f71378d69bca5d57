package org.scorefdt.score.nn;

/**
 * Exponential moving average of the weights, θ̄ ← β_t θ̄ + (1 − β_t) θ, started at the initial θ.
 * The decay is ramped, β_t = min(β, (1 + t)/(10 + t)) for the 0-based update t, so that short runs
 * are not dominated by the random initial weights (a constant 0.999 remembers them for ~1000 steps).
 * Not thread-safe.
 */
public final class Ema {
    private final double decay;
    private final double[] average;
    private long t;

    /** @param decay β in [0, 1) */
    public Ema(double[] initial, double decay) {
        if (!(decay >= 0 && decay < 1)) throw new IllegalArgumentException("EMA decay = " + decay + ": must be in [0, 1)");
        this.decay = decay;
        this.average = initial.clone();
    }

    public void update(double[] params) {
        double b = Math.min(decay, (1.0 + t) / (10.0 + t));
        t++;
        for (int i = 0; i < average.length; i++) average[i] = b * average[i] + (1 - b) * params[i];
    }

    /** The live average (not a copy). */
    public double[] average() {
        return average;
    }
}
