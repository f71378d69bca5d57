package org.scorefdt.response;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An estimate of several columns of the response matrix R_ij(τ): the response of every component i
 * to a unit impulse at each chosen component j, at lags τ = 0 … lags−1 saves. Arrays are row-major
 * {@code [lag][component i][column k]}, column k being the impulse at {@code columns[k]}.
 *
 * @param name    estimator name for reports
 * @param times   τ·Δt_save, one per lag
 * @param lags    L ≥ 1
 * @param dim     components d ≥ 1
 * @param columns the impulse components of the columns, distinct, in 0 … d−1
 * @param mean    the estimate, L·d·columns values
 * @param stderr  its standard errors (member blocks for GFDT, pairs for the truth), same layout
 * @param stein   per column the raw Stein check (GFDT), or empty (no check: the truth)
 * @param pairs   pairs behind lag 0 (per column for the truth)
 */
public record ResponseMatrix(String name, double[] times, int lags, int dim, int[] columns, double[] mean, double[] stderr,
                             List<ResponseEstimate.SteinCheck> stein, long pairs) {

    public ResponseMatrix {
        if (lags < 1 || dim < 1) throw new IllegalArgumentException("lags = " + lags + ", dim = " + dim + ": must be >= 1");
        LaggedMatrixAccumulator.checkColumns(dim, columns);
        if (times.length != lags) throw new IllegalArgumentException("times has " + times.length + " values, lags = " + lags);
        int n = lags * dim * columns.length;
        if (mean.length != n || stderr.length != n) {
            throw new IllegalArgumentException("mean/stderr have " + mean.length + "/" + stderr.length + " values, need lags × dim × columns = " + n);
        }
        if (stein == null || !(stein.isEmpty() || stein.size() == columns.length)) {
            throw new IllegalArgumentException("stein: need none or one check per column (" + columns.length + ")");
        }
        times = times.clone();
        columns = columns.clone();
        mean = mean.clone();
        stderr = stderr.clone();
        stein = List.copyOf(stein);
    }

    /** Columns k. */
    public int width() {
        return columns.length;
    }

    @Override public double[] times() { return times.clone(); }
    @Override public int[] columns() { return columns.clone(); }
    @Override public double[] mean() { return mean.clone(); }
    @Override public double[] stderr() { return stderr.clone(); }

    /** R_ij(τ) for the column of impulse component j. */
    public double at(int lag, int i, int j) {
        return mean[index(lag, i, columnIndex(j))];
    }

    /** Standard error of {@link #at}. */
    public double stderrAt(int lag, int i, int j) {
        return stderr[index(lag, i, columnIndex(j))];
    }

    /** The position k of impulse component j among the columns. */
    public int columnIndex(int j) {
        for (int k = 0; k < columns.length; k++) if (columns[k] == j) return k;
        throw new IllegalArgumentException(name + ": no column for impulse component " + j + " (columns " + Arrays.toString(columns) + ")");
    }

    /** The column of impulse component j as a {@link ResponseEstimate} ({@code [lag][i]}), with its Stein check. */
    public ResponseEstimate column(int j) {
        int k = columnIndex(j), w = columns.length;
        double[] m = new double[lags * dim], s = new double[lags * dim];
        for (int t = 0; t < lags; t++) {
            for (int i = 0; i < dim; i++) {
                m[t * dim + i] = mean[(t * dim + i) * w + k];
                s[t * dim + i] = stderr[(t * dim + i) * w + k];
            }
        }
        Optional<ResponseEstimate.SteinCheck> check = stein.isEmpty() ? Optional.empty() : Optional.of(stein.get(k));
        return new ResponseEstimate(name, times, lags, dim, m, s, new double[0], check, pairs);
    }

    /**
     * Every entry as one estimate of lags × (d·columns) components, {@code [lag][i·columns + k]}: lets the
     * per-estimate tools (metrics, {@link ErrorComparison}) treat the whole matrix as one response.
     */
    public ResponseEstimate flattened() {
        return new ResponseEstimate(name, times, lags, dim * columns.length, mean, stderr, new double[0], Optional.empty(), pairs);
    }

    /** Whether {@code other} has the same lags, dimension and columns. */
    public boolean sameShape(ResponseMatrix other) {
        return lags == other.lags && dim == other.dim && Arrays.equals(columns, other.columns);
    }

    private int index(int lag, int i, int k) {
        if (lag < 0 || lag >= lags || i < 0 || i >= dim) {
            throw new IndexOutOfBoundsException("(lag, component) = (" + lag + ", " + i + ") outside " + lags + " × " + dim);
        }
        return (lag * dim + i) * columns.length + k;
    }
}
