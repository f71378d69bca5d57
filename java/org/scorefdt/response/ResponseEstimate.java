package org.scorefdt.response;

import java.util.Optional;

/**
 * One estimate of a response column R_{·j}(τ): the response of every component i to a unit impulse
 * at component (pixel) j, at lags τ = 0 … lags−1 saves. Arrays are row-major {@code [lag][component]}.
 *
 * @param name            estimator name for reports
 * @param times           τ·Δt_save, one per lag (model time units)
 * @param lags            number of lags L ≥ 1
 * @param dim             components per lag d ≥ 1
 * @param mean            the estimate, L·d values
 * @param stderr          standard error from the spread over independent member blocks (or pairs), L·d values
 * @param bootstrapStderr block-bootstrap standard error, L·d values, or empty when not computed
 * @param stein           the raw Stein check (GFDT only), empty otherwise
 * @param pairs           number of (x(t+τ), x(t)) pairs, or perturbed/unperturbed pairs, behind lag 0
 */
public record ResponseEstimate(String name, double[] times, int lags, int dim, double[] mean, double[] stderr,
                               double[] bootstrapStderr, Optional<SteinCheck> stein, long pairs) {

    public ResponseEstimate {
        if (lags < 1 || dim < 1) throw new IllegalArgumentException("lags = " + lags + ", dim = " + dim + ": must be >= 1");
        if (times.length != lags) throw new IllegalArgumentException("times has " + times.length + " values, lags = " + lags);
        if (mean.length != lags * dim || stderr.length != lags * dim) {
            throw new IllegalArgumentException("mean/stderr have " + mean.length + "/" + stderr.length
                    + " values, need lags × dim = " + lags * dim);
        }
        if (bootstrapStderr.length != 0 && bootstrapStderr.length != lags * dim) {
            throw new IllegalArgumentException("bootstrapStderr has " + bootstrapStderr.length + " values, need 0 or " + lags * dim);
        }
        if (stein == null) throw new IllegalArgumentException("stein must be Optional.empty(), not null");
        times = times.clone();
        mean = mean.clone();
        stderr = stderr.clone();
        bootstrapStderr = bootstrapStderr.clone();
    }

    /** A noiseless curve (e.g. an exact answer): zero standard errors, no bootstrap. */
    public static ResponseEstimate exact(String name, double saveInterval, int lags, int dim, double[] mean) {
        double[] times = new double[lags];
        for (int t = 0; t < lags; t++) times[t] = t * saveInterval;
        return new ResponseEstimate(name, times, lags, dim, mean, new double[lags * dim], new double[0], Optional.empty(), 0);
    }

    @Override
    public double[] times() {
        return times.clone();
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] stderr() {
        return stderr.clone();
    }

    @Override
    public double[] bootstrapStderr() {
        return bootstrapStderr.clone();
    }

    public boolean hasBootstrap() {
        return bootstrapStderr.length > 0;
    }

    /** R_i(τ). */
    public double at(int lag, int component) {
        return mean[index(lag, component)];
    }

    /** Standard error of R_i(τ). */
    public double stderrAt(int lag, int component) {
        return stderr[index(lag, component)];
    }

    /** R_i(τ) for τ = 0 … L−1: one component's curve. */
    public double[] curve(int component) {
        return column(mean, component);
    }

    /** Standard errors of {@link #curve}. */
    public double[] stderrCurve(int component) {
        return column(stderr, component);
    }

    /** Bootstrap standard errors of {@link #curve}; throws if none were computed. */
    public double[] bootstrapCurve(int component) {
        if (!hasBootstrap()) throw new IllegalStateException(name + ": no bootstrap was computed");
        return column(bootstrapStderr, component);
    }

    /** All components at one lag (d values). */
    public double[] lag(int lag) {
        index(lag, 0);
        return java.util.Arrays.copyOfRange(mean, lag * dim, (lag + 1) * dim);
    }

    private double[] column(double[] a, int component) {
        index(0, component);
        double[] c = new double[lags];
        for (int t = 0; t < lags; t++) c[t] = a[t * dim + component];
        return c;
    }

    private int index(int lag, int component) {
        if (lag < 0 || lag >= lags || component < 0 || component >= dim) {
            throw new IndexOutOfBoundsException("(lag, component) = (" + lag + ", " + component + ") outside "
                    + lags + " × " + dim);
        }
        return lag * dim + component;
    }

    /**
     * The raw Stein identity check of a GFDT estimate, before any normalisation: at lag 0,
     * −⟨(x − x̄) s(x)ᵀ⟩ = I for the true score, so the raw lag-0 column should be e_j and its entry j
     * ≈ 1. A departure measures the score's error (and fixes the scale that normalisation hides).
     *
     * The zeroth identity ⟨s⟩ = 0 is reported beside it as the conjugate's mean (for an impulse
     * B̄ = −⟨s_j⟩), which the centred estimate subtracts (docs/numerics.md §5).
     *
     * @param diagonal            raw H_jj(0) (≈ 1)
     * @param diagonalStderr      its block standard error
     * @param column              the raw lag-0 column H_{·j}(0) (≈ e_j), d values
     * @param conjugateMean       B̄ over every save (≈ 0)
     * @param conjugateMeanStderr its block standard error
     */
    public record SteinCheck(double diagonal, double diagonalStderr, double[] column, double conjugateMean,
                             double conjugateMeanStderr) {
        public SteinCheck {
            column = column.clone();
        }

        @Override
        public double[] column() {
            return column.clone();
        }
    }
}
