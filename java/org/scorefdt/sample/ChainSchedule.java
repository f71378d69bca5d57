package org.scorefdt.sample;

import org.scorefdt.rng.Philox;

/**
 * How a batch of Markov chains is run: {@code burnIn} discarded steps, then {@code saves} saves one
 * every {@code thin} steps, with Philox draws keyed by the global chain index
 * ({@link org.scorefdt.rng.Streams#SAMPLER}), so batching does not change a chain. Keying:
 * docs/score-models.md §8.
 *
 * @param seed       64-bit run seed
 * @param chains     number of chains in this batch, ≥ 1
 * @param firstChain global index of this batch's first chain, ≥ 0
 * @param burnIn     steps before the first save window, ≥ 0
 * @param saves      number of saves, ≥ 0
 * @param thin       steps between saves, ≥ 1
 */
public record ChainSchedule(long seed, int chains, long firstChain, long burnIn, long saves, long thin) {
    public ChainSchedule {
        if (chains < 1) throw new IllegalArgumentException("chains = " + chains + ": must be >= 1");
        if (firstChain < 0 || firstChain + chains > Philox.MAX_MEMBERS) {
            throw new IllegalArgumentException("firstChain = " + firstChain + " with " + chains
                    + " chains: chain indices must lie in [0, 2^32)");
        }
        if (burnIn < 0) throw new IllegalArgumentException("burnIn = " + burnIn + ": must be >= 0");
        if (saves < 0) throw new IllegalArgumentException("saves = " + saves + ": must be >= 0");
        if (thin < 1) throw new IllegalArgumentException("thin = " + thin + ": must be >= 1");
        if (burnIn + (double) saves * thin >= Philox.MAX_STEPS - 1) {
            throw new IllegalArgumentException("burnIn + saves·thin = " + (burnIn + (double) saves * thin)
                    + " steps: must be < 2^48 − 1");
        }
    }

    /** All chains in one batch starting at chain 0. */
    public static ChainSchedule of(long seed, int chains, long burnIn, long saves, long thin) {
        return new ChainSchedule(seed, chains, 0, burnIn, saves, thin);
    }

    /** Total steps run. */
    public long totalSteps() {
        return burnIn + saves * thin;
    }
}
