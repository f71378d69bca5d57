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

    /** Throws naming the first non-finite entry; {@code step} is the 0-based sampler step. */
    void checkFinite(double[] x, long step, long completedSaves) {
        for (int k = 0; k < chains * d; k++) {
            if (!Double.isFinite(x[k])) {
                throw new SimulationDivergedException(firstChain + k / d, k % d, x[k], step, completedSaves);
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
