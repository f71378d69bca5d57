package org.scorefdt.score;

import java.util.Arrays;
import org.scorefdt.rng.PortableMath;
import org.scorefdt.util.Offer;

/**
 * Score of a Gaussian kernel density estimate with bandwidth h, p̂(y) = (1/n) Σ_i N(y; x_i, h²I):
 * s(y) = (m(y) − y)/h² with m the softmax-weighted mean of the data, and its divergence;
 * {@link #scoreAtData} leaves the self-pair out. Runs on the {@link KdePairLoop} the
 * {@link ScoreKernels} offer, bitwise equal on every tier. Batches {@code [rows][d]}; immutable and
 * thread-safe; {@link #close} frees the native copy early. Design: docs/score-models.md §1.
 */
public final class KdeScore implements ScoreModel, AutoCloseable {
    /** Data points per tile of the online log-sum-exp; equal to {@code sfdt::KDE_TILE}. */
    public static final int TILE = 128;

    private final int n, d, threads;
    private final double h, negInv2h2, invH2;
    private final double[] centre, data, dataSq;
    private final KdePairLoop accelerated;

    private KdeScore(double[] samples, int n, int d, double h, ScoreKernels kernels, int threads) {
        this.n = n;
        this.d = d;
        this.h = h;
        this.threads = threads;
        this.negInv2h2 = -0.5 / (h * h);
        this.invH2 = 1.0 / (h * h);
        this.centre = new double[d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) centre[k] += samples[i * d + k];
        }
        for (int k = 0; k < d; k++) centre[k] /= n;
        this.data = new double[n * d];
        this.dataSq = new double[n];
        for (int i = 0; i < n; i++) {
            double q = 0;
            for (int k = 0; k < d; k++) {
                double v = samples[i * d + k] - centre[k];
                data[i * d + k] = v;
                q = q + v * v;
            }
            dataSq[i] = q;
        }
        Offer<KdePairLoop> offer = kernels.kde(new KdeTerms(data, dataSq, n, d, negInv2h2, invH2), threads);
        this.accelerated = offer.offered() ? offer.value() : null;
    }

    /**
     * A KDE with a given bandwidth.
     *
     * @param samples {@code [n][d]} row-major, finite
     * @param h       bandwidth, finite and > 0 (state units)
     * @param kernels where the pair loop runs (the job's backend; {@link ScoreKernels#REFERENCE}: Java)
     * @param threads threads for the pair loop (every tier), ≤ 0 = all cores
     * @throws IllegalArgumentException on bad shapes, non-finite data (naming row and column) or h
     */
    public static KdeScore of(double[] samples, int n, int d, double h, ScoreKernels kernels, int threads) {
        checkData(samples, n, d);
        if (!(h > 0) || Double.isInfinite(h)) {
            throw new IllegalArgumentException("KDE bandwidth h = " + h + ": must be finite and > 0");
        }
        return new KdeScore(samples, n, d, h, kernels, threads);
    }

    /** A KDE whose bandwidth is chosen by {@code bandwidth} ({@link BandwidthSelector}). */
    public static KdeScore fit(double[] samples, int n, int d, Bandwidth bandwidth, ScoreKernels kernels, int threads) {
        double h = BandwidthSelector.select(bandwidth, samples, n, d, kernels, threads);
        return of(samples, n, d, h, kernels, threads);
    }

    /** {@link #fit} with the Java reference loop on all cores. */
    public static KdeScore fit(double[] samples, int n, int d, Bandwidth bandwidth) {
        return fit(samples, n, d, bandwidth, ScoreKernels.REFERENCE, 0);
    }

    /** r = h_coarse / h_fine of the default extrapolated KDE: √2, so the pair's smoothing variances differ by 2. */
    public static final double RICHARDSON_RATIO = Math.sqrt(2);

    /**
     * The default KDE score (docs/score-models.md §10): the Richardson extrapolation of the KDEs at h and
     * √2·h to h → 0, h chosen by the held-out Hyvärinen loss of that extrapolation over
     * {@link Bandwidth#defaults()}'s grid; the choice is in {@link RichardsonScore#selection()}. Java
     * reference loop on all cores; deterministic.
     *
     * Data too few to hold out 128 points (n &lt; 640 by default) get the extrapolation at Scott's h,
     * recorded as chosen by that rule ({@link #defaultBandwidth}).
     *
     * @param samples {@code [n][d]}, finite
     */
    public static RichardsonScore fit(double[] samples, int n, int d) {
        return fitExtrapolated(samples, n, d, Bandwidth.defaults(), ScoreKernels.REFERENCE, 0);
    }

    /** {@link #fit(double[], int, int)} with a given grid and the pair loop on {@code kernels}. */
    public static RichardsonScore fitExtrapolated(double[] samples, int n, int d, Bandwidth.ScoreMatching grid, ScoreKernels kernels,
                                                  int threads) {
        DefaultBandwidth b = defaultBandwidth(grid, samples, n, d, kernels, threads);
        return extrapolated(samples, n, d, b.h(), kernels, threads, b.choice());
    }

    /** The default KDE's h and how it was chosen. */
    public record DefaultBandwidth(double h, HyperparameterChoice choice) {}

    /**
     * The default KDE's h: held-out score matching of the extrapolation over {@code grid}; with too few
     * points to hold out 2 × {@link ScoreDiagnostics#BLOCKS}, Scott's rule, so that the default works on
     * any data set a plain KDE fits. Used by the API and {@code scorefdt train} alike.
     */
    public static DefaultBandwidth defaultBandwidth(Bandwidth.ScoreMatching grid, double[] samples, int n, int d, ScoreKernels kernels,
                                                    int threads) {
        if (Math.round(grid.holdout() * n) < 2 * ScoreDiagnostics.BLOCKS) {
            checkData(samples, n, d);
            double h = BandwidthSelector.scott(samples, n, d);
            return new DefaultBandwidth(h, HyperparameterChoice.byRule("kde", "Scott's rule (n = " + n + " is too few to hold out "
                    + 2 * ScoreDiagnostics.BLOCKS + " points)", "h", h, n));
        }
        BandwidthSelector.ScoreMatchResult r = BandwidthSelector.scoreMatch(grid, RICHARDSON_RATIO, samples, n, d, kernels, threads);
        return new DefaultBandwidth(r.h(), r.choice("kde"));
    }

    /**
     * The extrapolated KDE at a given h: KDEs at h and {@link #RICHARDSON_RATIO}·h combined by
     * {@link RichardsonScore}; {@code choice} records how h was chosen ({@code null}: given).
     */
    public static RichardsonScore extrapolated(double[] samples, int n, int d, double h, ScoreKernels kernels, int threads,
                                               HyperparameterChoice choice) {
        KdeScore fine = of(samples, n, d, h, kernels, threads);
        return RichardsonScore.of(fine, of(samples, n, d, RICHARDSON_RATIO * h, kernels, threads), RICHARDSON_RATIO, choice);
    }

    static void checkData(double[] samples, int n, int d) {
        if (d < 1) throw new IllegalArgumentException("KDE dimension d = " + d + ": must be >= 1");
        if (n < 1) throw new IllegalArgumentException("KDE data points n = " + n + ": must be >= 1");
        if (samples.length < (long) n * d) {
            throw new IllegalArgumentException("KDE data hold " + samples.length + " values, need n × d = " + n + " × " + d
                    + " = " + (long) n * d);
        }
        for (int i = 0; i < n * d; i++) {
            if (!Double.isFinite(samples[i])) {
                throw new IllegalArgumentException("KDE data row " + i / d + ", column " + i % d + " is " + samples[i]
                        + ": data must be finite");
            }
        }
    }

    @Override
    public int dimension() {
        return d;
    }

    /** Number of data points n. */
    public int size() {
        return n;
    }

    /** The centre c the data and queries are shifted by (a copy): the pair loop sees y − c. */
    public double[] centre() {
        return centre.clone();
    }

    /** The centred data {@code [n][d]} (a copy). */
    public double[] centredData() {
        return data.clone();
    }

    /** |x_i − c|² per data row {@code [n]} (a copy), as the pair loop uses them. */
    public double[] centredSquares() {
        return dataSq.clone();
    }

    /** −1/(2h²) and 1/h² exactly as the pair loop uses them. */
    public double[] pairConstants() {
        return new double[] {negInv2h2, invH2};
    }

    /** The bandwidth h. */
    public double bandwidth() {
        return h;
    }

    /** The tier the pair loop runs on: "java" (the reference loop here), or the accelerated loop's tier. */
    public String tier() {
        return accelerated != null ? accelerated.tier() : "java";
    }

    @Override
    public String name() {
        return "kde";
    }

    /** s(y) for {@code members} queries {@code x} {@code [members][d]} into {@code out} {@code [members][d]}. */
    @Override
    public void score(double[] x, double[] out, int members) {
        checkBatch("out", out, members, d);
        evaluate(centred(x, members), members, null, out, null, null);
    }

    /**
     * ∇·s(y) per query.
     *
     * @param y   {@code [members][d]}
     * @param out {@code [members]} (units 1/state²)
     */
    public void divergence(double[] y, double[] out, int members) {
        checkBatch("out", out, members, 1);
        evaluate(centred(y, members), members, null, null, out, null);
    }

    /** s and ∇·s in one pass (either output may be null). */
    public void scoreAndDivergence(double[] y, double[] score, double[] divergence, int members) {
        if (score != null) checkBatch("score", score, members, d);
        if (divergence != null) checkBatch("divergence", divergence, members, 1);
        evaluate(centred(y, members), members, null, score, divergence, null);
    }

    /** log p̂(y) = log Σ_i exp(a_i) − log n − (d/2) log(2πh²) per query, {@code out} {@code [members]}. */
    public void logDensity(double[] y, double[] out, int members) {
        checkBatch("out", out, members, 1);
        evaluate(centred(y, members), members, null, null, null, out);
        double c = Math.log(n) + 0.5 * d * Math.log(2 * Math.PI * h * h);
        for (int q = 0; q < members; q++) out[q] -= c;
    }

    /**
     * Leave-one-out s and ∇·s at the data rows {@code first .. first+count−1} (self-pair excluded),
     * {@code score} {@code [count][d]} and {@code divergence} {@code [count]}, either may be null.
     *
     * @throws IllegalArgumentException when n < 2 or the rows are out of range
     */
    public void scoreAtData(int first, int count, double[] score, double[] divergence) {
        int[] rows = new int[count];
        for (int q = 0; q < count; q++) rows[q] = first + q;
        if (score != null) checkBatch("score", score, count, d);
        if (divergence != null) checkBatch("divergence", divergence, count, 1);
        atData(rows, score, divergence, null);
    }

    /** Leave-one-out log p̂_{−i}(x_i) = log Σ_{j≠i} exp(a_j) − log(n−1) − (d/2) log(2πh²) at the given rows. */
    public void leaveOneOutLogDensity(int[] rows, double[] out) {
        checkBatch("out", out, rows.length, 1);
        atData(rows, null, null, out);
        double c = Math.log(n - 1) + 0.5 * d * Math.log(2 * Math.PI * h * h);
        for (int q = 0; q < rows.length; q++) out[q] -= c;
    }

    private void atData(int[] rows, double[] score, double[] divergence, double[] logSum) {
        if (n < 2) throw new IllegalArgumentException("leave-one-out KDE needs n >= 2 data points, has " + n);
        int m = rows.length;
        double[] y = new double[m * d];
        long[] self = new long[m];
        for (int q = 0; q < m; q++) {
            int r = rows[q];
            if (r < 0 || r >= n) throw new IllegalArgumentException("data row " + r + " out of range [0, " + n + ")");
            System.arraycopy(data, r * d, y, q * d, d);
            self[q] = r;
        }
        evaluate(y, m, self, score, divergence, logSum);
    }

    private static void checkBatch(String what, double[] a, int rows, int width) {
        if (rows < 0) throw new IllegalArgumentException("members = " + rows + ": must be >= 0");
        if (a.length < (long) rows * width) {
            throw new IllegalArgumentException(what + " holds " + a.length + " values, need " + rows + " × " + width
                    + " = " + (long) rows * width);
        }
    }

    private double[] centred(double[] y, int members) {
        checkBatch("query", y, members, d);
        double[] c = new double[members * d];
        for (int q = 0; q < members; q++) {
            for (int k = 0; k < d; k++) c[q * d + k] = y[q * d + k] - centre[k];
        }
        return c;
    }

    /** The pair loop over centred queries yc {@code [m][d]}; self[q] = data row query q skips, or null. */
    private void evaluate(double[] yc, int m, long[] self, double[] score, double[] div, double[] lse) {
        if (accelerated != null) {
            accelerated.evaluate(yc, m, self, score, div, lse);
            return;
        }
        int t = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        t = Math.max(1, Math.min(t, m / 16));
        if (t == 1) {
            range(yc, 0, m, self, score, div, lse);
            return;
        }
        Thread[] workers = new Thread[t];
        for (int w = 0; w < t; w++) {
            int lo = (int) ((long) m * w / t), hi = (int) ((long) m * (w + 1) / t);
            workers[w] = new Thread(() -> range(yc, lo, hi, self, score, div, lse), "kde-" + w);
            workers[w].start();
        }
        try {
            for (Thread w : workers) w.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while evaluating the KDE score", e);
        }
    }

    private void range(double[] yc, int lo, int hi, long[] self, double[] score, double[] div, double[] lse) {
        double[] a = new double[TILE];
        double[] s1 = new double[d];
        for (int q = lo; q < hi; q++) one(yc, q, self == null ? -1 : self[q], a, s1, score, div, lse);
    }

    /**
     * One query, the reference arithmetic (kde.h with one lane, same order): online log-sum-exp
     * over tiles. State: running max mx, S0 = Σe_j, S2 = Σe_j|x_j|², S1 = Σe_j x_j, e_j = exp(a_j − mx).
     */
    private void one(double[] yc, int q, long self, double[] a, double[] s1, double[] score, double[] div, double[] lse) {
        final int yo = q * d;
        final boolean wantS2 = div != null;
        double mx = Double.NEGATIVE_INFINITY, s0 = 0.0, s2 = 0.0;
        Arrays.fill(s1, 0.0);
        for (int j0 = 0; j0 < n; j0 += TILE) {
            int t = Math.min(TILE, n - j0);
            // 1. logits and tile max
            double tmax = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < t; j++) {
                int xo = (j0 + j) * d;
                double acc = 0.0;
                for (int k = 0; k < d; k++) {
                    double diff = yc[yo + k] - data[xo + k];
                    acc = acc + diff * diff;
                }
                double v = acc * negInv2h2;
                v = self == j0 + j ? Double.NEGATIVE_INFINITY : v;
                a[j] = v;
                tmax = v > tmax ? v : tmax;
            }
            // 2. rescale once to the new max (shift 0 while nothing finite was seen: sums stay 0)
            double m = tmax > mx ? tmax : mx;
            double safe = m == Double.NEGATIVE_INFINITY ? 0.0 : m;
            double sc = PortableMath.exp(mx - safe);
            s0 = s0 * sc;
            s2 = s2 * sc;
            mx = m;
            for (int k = 0; k < d; k++) s1[k] = s1[k] * sc;
            // 3. weights into the sums
            for (int j = 0; j < t; j++) {
                double e = PortableMath.exp(a[j] - safe);
                s0 = s0 + e;
                if (wantS2) s2 = s2 + e * dataSq[j0 + j];
                int xo = (j0 + j) * d;
                for (int k = 0; k < d; k++) s1[k] = s1[k] + e * data[xo + k];
            }
        }
        double msq = 0.0;
        for (int k = 0; k < d; k++) {
            double mk = s1[k] / s0;
            if (score != null) score[yo + k] = (mk - yc[yo + k]) * invH2;
            msq = msq + mk * mk;
        }
        if (div != null) div[q] = ((s2 / s0 - msq) * invH2 - (double) d) * invH2;
        if (lse != null) lse[q] = mx == Double.NEGATIVE_INFINITY ? Double.NEGATIVE_INFINITY : mx + PortableMath.log(s0);
    }

    @Override
    public void close() {
        if (accelerated != null) accelerated.close();
    }
}
