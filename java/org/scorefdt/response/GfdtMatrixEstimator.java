package org.scorefdt.response;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.scorefdt.ensemble.Observer;
import org.scorefdt.score.ScoreModel;

/**
 * The score-based GFDT response matrix (docs/systems.md §5.11): every chosen column
 * R_ij(τ) = −⟨(x_i(t+τ) − x̄_i)(s_j(x(t)) − s̄_j)⟩ from one score evaluation per save, streamed from an
 * ensemble run as an {@link Observer} through a {@link LaggedMatrixAccumulator}. Each column equals
 * {@link GfdtEstimator#column}'s for the same score and run (mean, block errors and Stein check).
 */
public final class GfdtMatrixEstimator implements Observer, AutoCloseable {
    private final String name;
    private final LaggedMatrixAccumulator acc;
    private final double saveInterval;

    /**
     * @param columns      impulse components j (see {@link LaggedMatrixAccumulator#allColumns})
     * @param saveInterval Δt between saves, for the time axis
     * @param options      lags and blocks (≥ 2); normalisation and bootstrap are not offered for matrices
     * @param kernels      where the per-save sums run (the job's tiers, or {@link ResponseKernels#REFERENCE})
     * @param threads      the kernel's threads, 0 for all
     */
    public GfdtMatrixEstimator(String name, ScoreModel score, int[] columns, double saveInterval, GfdtEstimator.Options options,
                               ResponseKernels kernels, int threads) {
        if (options.normalize()) throw new IllegalArgumentException("normalize = true: " + LaggedColumnAccumulator.NO_NORMALIZATION);
        if (options.bootstrap() != 0) {
            throw new IllegalArgumentException("bootstrap = " + options.bootstrap() + ": a matrix reports block-spread errors only (use 0)");
        }
        if (!(saveInterval > 0) || Double.isInfinite(saveInterval)) {
            throw new IllegalArgumentException("save interval = " + saveInterval + ": must be finite and > 0");
        }
        this.name = name;
        this.saveInterval = saveInterval;
        this.acc = new LaggedMatrixAccumulator(score.dimension(), Conjugate.negativeScore(score), columns, options.lags(),
                options.blocks(), kernels, threads);
    }

    /** Every column, on the Java loop. */
    public GfdtMatrixEstimator(String name, ScoreModel score, double saveInterval, GfdtEstimator.Options options) {
        this(name, score, LaggedMatrixAccumulator.allColumns(score.dimension()), saveInterval, options, ResponseKernels.REFERENCE, 0);
    }

    @Override
    public void observe(long saveIndex, double time, double[] states, int members) {
        acc.observe(saveIndex, time, states, members);
    }

    /** See {@link LaggedMatrixAccumulator#beginMemberBatch()}. */
    public void beginMemberBatch() {
        acc.beginMemberBatch();
    }

    public String name() {
        return name;
    }

    /** The accumulator (its sums, for parity checks). */
    public LaggedMatrixAccumulator accumulator() {
        return acc;
    }

    /** The centred matrix with block-spread errors and, per column, the raw Stein check. */
    public ResponseMatrix estimate() {
        int b = acc.blocks(), lags = acc.lags(), d = acc.dimension();
        int[] columns = acc.columns();
        int w = columns.length;
        if (acc.pairs(lags - 1) == 0) {
            throw new IllegalStateException(name + ": lag " + (lags - 1) + " has no pairs; the run needs at least " + lags + " saves");
        }
        double[] ones = new double[b];
        Arrays.fill(ones, 1);
        double[] mean = acc.combine(ones, true);
        double[] stderr = BlockErrors.spread(wt -> acc.combine(wt, true), b);
        // Lag 0 of the (unnormalised, centred) estimate as GfdtEstimator reports it, and the conjugate means:
        // every column's Stein check at once.
        double[] raw = mean, rawSe = stderr;
        double[] bMean = acc.conjugateMeans(ones), bSe = BlockErrors.spread(acc::conjugateMeans, b);
        List<ResponseEstimate.SteinCheck> stein = new ArrayList<>();
        for (int k = 0; k < w; k++) {
            double[] col = new double[d];
            for (int i = 0; i < d; i++) col[i] = raw[i * w + k];
            int j = columns[k];
            stein.add(new ResponseEstimate.SteinCheck(raw[j * w + k], rawSe[j * w + k], col, bMean[k], bSe[k]));
        }
        double[] times = new double[lags];
        for (int t = 0; t < lags; t++) times[t] = t * saveInterval;
        return new ResponseMatrix(name, times, lags, d, columns, mean, stderr, stein, acc.pairs(0));
    }

    @Override
    public void close() {
        acc.close();
    }
}
