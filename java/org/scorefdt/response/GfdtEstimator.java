package org.scorefdt.response;

import java.util.Arrays;
import java.util.Optional;
import org.scorefdt.ensemble.Observer;
import org.scorefdt.integrate.Precision;
import org.scorefdt.model.Grid;
import org.scorefdt.score.CirculantGaussianScore;
import org.scorefdt.score.ScoreModel;

/**
 * The score-based GFDT response (docs/systems.md §5) for a constant impulse at component/pixel j,
 * R_{ij}(τ) = −⟨(x_i(t+τ) − x̄_i)(s_j(x(t)) − s̄_j)⟩ (centred, docs/numerics.md §5), streamed from an ensemble run as an {@link Observer}. Grids
 * ({@link #grid}) average over positions and may be normalised; columns ({@link #column}) cannot.
 * Reports the Stein check with the conjugate's mean ({@link ResponseEstimate.SteinCheck}) and
 * {@link BlockErrors} error bars.
 * Design: docs/systems.md §5.1, §5.3, §5.7.
 */
public final class GfdtEstimator implements ResponseEstimator, Observer, AutoCloseable {

    /**
     * @param lags          L ≥ 1 lags, τ = 0 … L−1 saves
     * @param blocks        member blocks B ≥ 2 for error bars (≤ members)
     * @param normalize     divide by the lag-0 matrix (grids only)
     * @param bootstrap     bootstrap replicates, 0 (none) or ≥ 2
     * @param bootstrapSeed key of the resampling indices
     * @param threads       threads of the error bars' replicates when the estimate is read (0 = all cores);
     *                      the same bits on any count
     */
    public record Options(int lags, int blocks, boolean normalize, int bootstrap, long bootstrapSeed, int threads) {
        public Options {
            if (lags < 1) throw new IllegalArgumentException("lags = " + lags + ": must be >= 1");
            if (blocks < 2) throw new IllegalArgumentException("blocks = " + blocks + ": must be >= 2 for error bars");
            if (bootstrap < 0 || bootstrap == 1) {
                throw new IllegalArgumentException("bootstrap = " + bootstrap + ": must be 0 (off) or >= 2");
            }
            if (threads < 0) throw new IllegalArgumentException("threads = " + threads + ": must be >= 0 (0 = all cores)");
        }

        /** Replicates on the caller's thread alone. */
        public Options(int lags, int blocks, boolean normalize, int bootstrap, long bootstrapSeed) {
            this(lags, blocks, normalize, bootstrap, bootstrapSeed, 1);
        }
    }

    private final String name;
    private final LaggedAccumulator acc;
    private final double saveInterval;
    private final Options options;

    /**
     * General form over any accumulator (e.g. a custom {@link Conjugate}).
     *
     * @param saveInterval Δt between saves (dt × saveEvery), for the time axis
     */
    public GfdtEstimator(String name, LaggedAccumulator acc, double saveInterval, Options options) {
        if (acc.lags() != options.lags() || acc.blocks() != options.blocks()) {
            throw new IllegalArgumentException("accumulator has " + acc.lags() + " lags and " + acc.blocks()
                    + " blocks, options say " + options.lags() + " and " + options.blocks());
        }
        if (options.normalize() && !acc.canNormalize()) {
            throw new IllegalArgumentException("normalize = true needs the lag-0 matrix, which only the grid"
                    + " estimator has; a low-dimensional column cannot be normalised");
        }
        if (!(saveInterval > 0) || Double.isInfinite(saveInterval)) {
            throw new IllegalArgumentException("save interval = " + saveInterval + ": must be finite and > 0");
        }
        this.name = name;
        this.acc = acc;
        this.saveInterval = saveInterval;
        this.options = options;
    }

    /** Low-dimensional column for the impulse at {@code component}, B = −s. */
    public static GfdtEstimator column(String name, ScoreModel score, int component, double saveInterval, Options o) {
        return perturbation(name, score, new Perturbation.Impulse(component), saveInterval, o);
    }

    /**
     * Response of every component to a constant perturbation u (impulse or profile), with no
     * averaging over positions: B = −u·s, R(τ) = ⟨x(t+τ) B(x(t))⟩.
     */
    public static GfdtEstimator perturbation(String name, ScoreModel score, Perturbation p, double saveInterval, Options o) {
        if (p.dimensionNeeded() > score.dimension()) {
            throw new IllegalArgumentException("perturbation needs dimension " + p.dimensionNeeded() + ", score has " + score.dimension());
        }
        return new GfdtEstimator(name, new LaggedColumnAccumulator(score.dimension(), p.conjugate(score),
                p.conjugateComponent(), o.lags(), o.blocks()), saveInterval, o);
    }

    /**
     * Column for the impulse at {@code component} of a state on a ring (a model invariant under cyclic
     * shifts of its components, e.g. Lorenz-96), averaged over all impulse positions
     * ({@link LaggedColumnAccumulator#cyclic}); B = −s.
     */
    public static GfdtEstimator cyclic(String name, ScoreModel score, int component, double saveInterval, Options o) {
        return new GfdtEstimator(name, LaggedColumnAccumulator.cyclic(score.dimension(), Conjugate.negativeScore(score), component,
                o.lags(), o.blocks()), saveInterval, o);
    }

    /** Translation-invariant grid column for the impulse at {@code pixel} (= y·N + x), B = −s. */
    public static GfdtEstimator grid(String name, ScoreModel score, Grid grid, int pixel, double saveInterval, Options o) {
        return grid(name, score, grid, pixel, saveInterval, o, ResponseKernels.REFERENCE, Precision.F64, 0);
    }

    /**
     * As {@link #grid(String, ScoreModel, Grid, int, double, Options)}, with the accumulator's per-save
     * transforms and lagged products on the best tier of {@code kernels} that offers them (the job's
     * tier chain; see {@link LaggedGridAccumulator}). A {@link CirculantGaussianScore} on this grid gives
     * the linear conjugate B̂ = (N²/S)·û − N⁴μ/S(0)·δ_{k0} ({@link LaggedGridAccumulator#linear}), whose
     * tier sums need no score evaluations.
     */
    public static GfdtEstimator grid(String name, ScoreModel score, Grid grid, int pixel, double saveInterval, Options o,
                                     ResponseKernels kernels, Precision precision, int threads) {
        if (score.dimension() != grid.size()) {
            throw new IllegalArgumentException("score dimension " + score.dimension() + " != grid size " + grid.size());
        }
        Conjugate b = Conjugate.negativeScore(score);
        LaggedGridAccumulator acc;
        if (score instanceof CirculantGaussianScore c && c.grid().n() == grid.n()) {
            int size = grid.size();
            double[] spectrum = c.spectrum(), gain = new double[size];
            for (int i = 0; i < size; i++) gain[i] = size / spectrum[i];
            acc = LaggedGridAccumulator.linear(grid, b, gain, -gain[0] * size * c.mean(), pixel, o.lags(), o.blocks(), kernels,
                    precision, threads);
        } else {
            acc = new LaggedGridAccumulator(grid, b, pixel, o.lags(), o.blocks(), kernels, precision, threads);
        }
        return new GfdtEstimator(name, acc, saveInterval, o);
    }

    /**
     * An estimator over sums accumulated elsewhere (a merge of shards): the grid accumulator with
     * {@code sums} imported, its estimate that of the run that produced them. It observes nothing.
     */
    public static GfdtEstimator restoredGrid(String name, LaggedSums sums, Grid grid, int pixel, double saveInterval, Options o) {
        LaggedGridAccumulator acc = new LaggedGridAccumulator(grid, NOT_OBSERVING, pixel, o.lags(), o.blocks());
        acc.importSums(sums);
        return new GfdtEstimator(name, acc, saveInterval, o);
    }

    /** As {@link #restoredGrid} for the column of a perturbation ({@link #perturbation}) of a d-dimensional state. */
    public static GfdtEstimator restoredPerturbation(String name, LaggedSums sums, int dimension, Perturbation p, double saveInterval,
                                                     Options o) {
        LaggedColumnAccumulator acc = new LaggedColumnAccumulator(dimension, NOT_OBSERVING, p.conjugateComponent(), o.lags(), o.blocks());
        acc.importSums(sums);
        return new GfdtEstimator(name, acc, saveInterval, o);
    }

    /** As {@link #restoredGrid} for the position-averaged column of {@link #cyclic}. */
    public static GfdtEstimator restoredCyclic(String name, LaggedSums sums, int dimension, int component, double saveInterval, Options o) {
        LaggedColumnAccumulator acc = LaggedColumnAccumulator.cyclic(dimension, NOT_OBSERVING, component, o.lags(), o.blocks());
        acc.importSums(sums);
        return new GfdtEstimator(name, acc, saveInterval, o);
    }

    /** The conjugate of a restored accumulator, which holds finished sums and observes nothing. */
    private static final Conjugate NOT_OBSERVING = (states, out, members) -> {
        throw new IllegalStateException("a restored accumulator observes nothing");
    };

    /** See {@link LaggedAccumulator#memberRange}. */
    public void memberRange(long offset, long total) {
        acc.memberRange(offset, total);
    }

    /** See {@link LaggedAccumulator#exportSums}. */
    public LaggedSums exportSums() {
        return acc.exportSums();
    }

    @Override
    public void observe(long saveIndex, double time, double[] states, int members) {
        acc.observe(saveIndex, time, states, members);
    }

    /** See {@link LaggedAccumulator#beginMemberBatch()}. */
    public void beginMemberBatch() {
        acc.beginMemberBatch();
    }

    @Override
    public String name() {
        return name;
    }

    public Options options() {
        return options;
    }

    @Override
    public ResponseEstimate estimate() {
        int b = acc.blocks(), lags = acc.lags(), d = acc.dimension(), j = acc.impulseComponent();
        if (acc.pairs(lags - 1) == 0) {
            throw new IllegalStateException(name + ": lag " + (lags - 1) + " has no pairs; the run needs at least "
                    + lags + " saves");
        }
        double[] ones = new double[b];
        Arrays.fill(ones, 1);
        boolean norm = options.normalize();
        double[] mean = acc.combine(ones, norm);
        // The first combine above has flushed any tier-held sums; the replicates below run in parallel only where
        // the accumulator's combine only reads from then on (host sums), never through a device's staging buffer.
        int threads = acc.concurrentCombine() ? options.threads() : 1;
        double[] stderr = BlockErrors.spread(w -> acc.combine(w, norm), b, threads);
        double[] boot = options.bootstrap() > 0
                ? BlockErrors.bootstrap(w -> acc.combine(w, norm), b, options.bootstrap(), options.bootstrapSeed(), threads)
                : new double[0];
        double[] raw = norm ? acc.combine(ones, false) : mean;
        double rawSe = norm
                ? BlockErrors.spread(w -> new double[] {acc.combine(w, false)[j]}, b, threads)[0]
                : stderr[j];
        var stein = new ResponseEstimate.SteinCheck(raw[j], rawSe, Arrays.copyOf(raw, d), acc.conjugateMean(ones),
                BlockErrors.spread(w -> new double[] {acc.conjugateMean(w)}, b)[0]);
        double[] times = new double[lags];
        for (int t = 0; t < lags; t++) times[t] = t * saveInterval;
        return new ResponseEstimate(name, times, lags, d, mean, stderr, boot, Optional.of(stein), acc.pairs(0));
    }

    /** See {@link LaggedAccumulator#nanosSpent()}: {conjugate, accumulation} wall nanoseconds so far. */
    public long[] nanosSpent() {
        return acc.nanosSpent();
    }

    /** Frees what the accumulator's tier holds; call after the last {@link #estimate}. */
    @Override
    public void close() {
        acc.close();
    }
}
