package org.scorefdt.sample;

import org.scorefdt.ensemble.SimulationDivergedException;
import org.scorefdt.rng.Philox;
import org.scorefdt.rng.Streams;

/** Shared plumbing of the samplers: keyed normals for a batch of chains, and the finiteness check. */
final class ChainNoise {
    private final long seed;
    private final long firstChain;
    private final int chains, d;
    private final Philox.Scratch scratch = new Philox.Scratch();

    ChainNoise(long seed, long firstChain, int chains, int d) {
        this.seed = seed;
        this.firstChain = firstChain;
        this.chains = chains;
        this.d = d;
    }

    /** out[c·d + i] = Philox(seed, SAMPLER, firstChain + c, counter, i): {@code [chains][d]}. */
    void fill(long counter, double[] out) {
        for (int c = 0; c < chains; c++) {
            Philox.normals(seed, Streams.SAMPLER, firstChain + c, counter, out, c * d, d, scratch);
        }
    }

    /**
     * How far past its start a state may go before the chain counts as exploded: a sampler run with
     * too large a step grows geometrically (|x| ~ ε^n) and stays finite for hundreds of steps,
     * writing samples of 1e72; no sample of a distribution the chains started inside lies 10^20
     * times farther out.
     */
    static final double EXPLOSION_FACTOR = 1e20;
    private double bound = Double.MAX_VALUE;

    /** Sets the explosion bound from the starting states: {@link #EXPLOSION_FACTOR} × (1 + max |x₀|). */
    void start(double[] x) {
        double m = 0;
        for (int k = 0; k < chains * d; k++) if (Double.isFinite(x[k])) m = Math.max(m, Math.abs(x[k]));
        bound = EXPLOSION_FACTOR * (1 + m);
    }

    /**
     * Throws naming the chain, component and step of the first non-finite or exploded entry;
     * {@code step} is the 0-based sampler step, {@code completedSaves} the saves kept before it.
     */
    void checkFinite(double[] x, long step, long completedSaves) {
        for (int k = 0; k < chains * d; k++) {
            if (!Double.isFinite(x[k]) || Math.abs(x[k]) > bound) {
                long chain = firstChain + k / d;
                String what = Double.isFinite(x[k]) ? " exploded (|x| > " + String.format(java.util.Locale.ROOT, "%.3g", bound)
                        + ", 10^20 times its start)" : " became non-finite";
                throw new SimulationDivergedException("sampler diverged: chain " + chain + ", component " + k % d + " = " + x[k]
                        + what + " at step " + step + " (" + completedSaves + " saves kept before it;"
                        + " reduce the step size)", chain, step, completedSaves);
            }
        }
    }

    static void checkShapes(int dimension, int chains, double[] x, String name) {
        if (x == null || x.length < (long) chains * dimension) {
            throw new IllegalArgumentException(name + " holds " + (x == null ? 0 : x.length) + " values, need chains × d = "
                    + chains + " × " + dimension);
        }
    }

    static void checkStep(double step, String name) {
        if (!(step > 0) || Double.isInfinite(step)) {
            throw new IllegalArgumentException(name + " = " + step + ": must be finite and > 0");
        }
    }
}
