package org.scorefdt.response;

import java.util.function.Function;
import org.scorefdt.rng.Philox;
import org.scorefdt.rng.Streams;

/**
 * Standard errors from B independent member blocks for any estimate that is a function of
 * block-weighted sums ({@link LaggedAccumulator#combine}): the block spread std_b(θ_b)/√B, and a
 * block bootstrap with indices from {@link Philox} stream {@link Streams#BOOTSTRAP}. Definitions:
 * docs/systems.md §5.10.
 */
public final class BlockErrors {
    private BlockErrors() {}

    /**
     * Block-spread standard error.
     *
     * @param estimate block weights (B values) → estimate (any fixed length)
     */
    public static double[] spread(Function<double[], double[]> estimate, int blocks) {
        return spread(estimate, blocks, 1);
    }

    /**
     * As {@link #spread(Function, int)}, the B block estimates on up to {@code threads} threads (0 = all
     * cores; the same bits on any count). {@code estimate} is called concurrently: it must only read.
     */
    public static double[] spread(Function<double[], double[]> estimate, int blocks, int threads) {
        if (blocks < 2) throw new IllegalArgumentException("blocks = " + blocks + ": the spread needs >= 2");
        double[][] theta = Replicates.evaluate(blocks, b -> {
            double[] w = new double[blocks];
            w[b] = 1;
            return estimate.apply(w);
        }, threads);
        return stdOverRows(theta, 1.0 / Math.sqrt(blocks));
    }

    /**
     * Block-bootstrap standard error.
     *
     * @param replicates R ≥ 2
     * @param seed       bootstrap key (independent of the run's noise: a different stream)
     */
    public static double[] bootstrap(Function<double[], double[]> estimate, int blocks, int replicates, long seed) {
        return bootstrap(estimate, blocks, replicates, seed, 1);
    }

    /**
     * As {@link #bootstrap(Function, int, int, long)}, the replicates on up to {@code threads} threads
     * (0 = all cores; the same bits on any count). {@code estimate} is called concurrently: it must only read.
     */
    public static double[] bootstrap(Function<double[], double[]> estimate, int blocks, int replicates, long seed, int threads) {
        if (blocks < 2) throw new IllegalArgumentException("blocks = " + blocks + ": the bootstrap needs >= 2");
        if (replicates < 2) throw new IllegalArgumentException("bootstrap replicates = " + replicates + ": must be >= 2");
        double[][] theta = Replicates.evaluate(replicates, r -> estimate.apply(multiplicities(seed, r, blocks)), threads);
        return stdOverRows(theta, 1.0);
    }

    /** How many times each of the B blocks is drawn in bootstrap replicate {@code replicate}. */
    public static double[] multiplicities(long seed, int replicate, int blocks) {
        double[] w = new double[blocks];
        int[] words = new int[4];
        for (int q = 0; 4 * q < blocks; q++) {
            Philox.block(q, replicate, 0, Streams.BOOTSTRAP << 16, (int) seed, (int) (seed >>> 32), words);
            for (int k = 0; k < 4 && 4 * q + k < blocks; k++) {
                // Multiply-shift maps a uniform 32-bit word to 0 … B−1 (bias < B/2³², negligible).
                w[(int) (((words[k] & 0xFFFFFFFFL) * blocks) >>> 32)] += 1;
            }
        }
        return w;
    }

    /**
     * Delete-one-block jackknife standard error from the B leave-one-out estimates θ⁽⁻ᵇ⁾:
     * √((B−1)/B · Σ_b (θ⁽⁻ᵇ⁾ − θ̄)²), i.e. their sample standard deviation times (B−1)/√B.
     *
     * @param leaveOneOut B ≥ 2 estimates of equal length, estimate b without block b
     */
    public static double[] jackknife(double[][] leaveOneOut) {
        int blocks = leaveOneOut.length;
        if (blocks < 2) throw new IllegalArgumentException("jackknife needs >= 2 blocks, got " + blocks);
        return stdOverRows(leaveOneOut, (blocks - 1) / Math.sqrt(blocks));
    }

    /**
     * Sample standard deviation of each column times {@code scale}. Row by row (each row read once,
     * in order) rather than column by column: the sums per column are taken in the same row order,
     * so the bits are those of the column loop, without striding over R arrays for every entry.
     */
    private static double[] stdOverRows(double[][] rows, double scale) {
        int n = rows.length, len = rows[0].length;
        double[] mean = new double[len], ss = new double[len];
        for (double[] r : rows) {
            for (int i = 0; i < len; i++) mean[i] += r[i];
        }
        for (int i = 0; i < len; i++) mean[i] /= n;
        for (double[] r : rows) {
            for (int i = 0; i < len; i++) {
                double e = r[i] - mean[i];
                ss[i] += e * e;
            }
        }
        double[] out = new double[len];
        for (int i = 0; i < len; i++) out[i] = Math.sqrt(ss[i] / (n - 1)) * scale;
        return out;
    }
}
