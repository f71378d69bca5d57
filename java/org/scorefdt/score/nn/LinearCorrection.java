package org.scorefdt.score.nn;

import java.util.Arrays;

/**
 * The affine term that removes the mean and the linear moment of a network's remainder over a
 * {@link GaussianBase} (docs/score-models.md §4.2): the true score s of p and the base's g₀ = −Σ⁻¹(x − μ)
 * both satisfy ⟨s⟩ = 0 and ⟨s (x − μ)ᵀ⟩ = −I, so the true remainder s − g₀ has zero mean and zero
 * linear moment. A remainder r read off at σ_r &gt; 0 carries some of both (its smoothing bias); with
 * m = ⟨r⟩ and M = Σ_rows r (x − μ)ᵀ/(n − 1) on the training rows (the normalisation of Σ),
 *
 * <pre>r'(x) = r(x) − m − M Σ⁻¹ (x − μ)</pre>
 *
 * has neither there (exactly when the rows are those μ and Σ came from), so the corrected score meets the linear Stein identities on those rows as the
 * quasi-Gaussian fit does. Stored as offset a = −m and slope B = −M Σ⁻¹. Immutable and thread-safe.
 */
public final class LinearCorrection {
    private final double[] centre, offset, slope;

    /**
     * @param centre μ, d values
     * @param offset a, d values
     * @param slope  B, {@code [d][d]} row-major
     */
    public LinearCorrection(double[] centre, double[] offset, double[] slope) {
        int d = centre.length;
        if (d < 1 || offset.length != d || slope.length != (long) d * d) {
            throw new IllegalArgumentException("linear correction: " + centre.length + " centre, " + offset.length + " offset and "
                    + slope.length + " slope values: need d, d and d²");
        }
        for (double[] v : new double[][] {centre, offset, slope}) {
            for (double x : v) if (!Double.isFinite(x)) throw new IllegalArgumentException("linear correction: a value is " + x);
        }
        this.centre = centre.clone();
        this.offset = offset.clone();
        this.slope = slope.clone();
    }

    /**
     * The correction of the remainder {@code r} {@code [n][d]} at the rows {@code x} {@code [n][d]}, Σ⁻¹
     * from {@code base} (its eigen-decomposition) and μ its mean.
     */
    public static LinearCorrection fit(double[] x, double[] r, int n, GaussianBase base) {
        Moments m = new Moments(base);
        m.add(x, r, n);
        return m.correction();
    }

    /** The sums m and M accumulate over rows added in chunks, so any number of rows fits in memory. */
    public static final class Moments {
        private final GaussianBase base;
        private final double[] mu, sum, moment;
        private long rows;

        public Moments(GaussianBase base) {
            this.base = base;
            int d = base.dimension();
            this.mu = base.mean();
            this.sum = new double[d];
            this.moment = new double[d * d];
        }

        /** Adds {@code n} rows: states {@code x} and remainders {@code r}, both {@code [n][d]}. */
        public void add(double[] x, double[] r, int n) {
            int d = mu.length;
            if (n < 0 || x.length < (long) n * d || r.length < (long) n * d) {
                throw new IllegalArgumentException("linear correction: " + n + " rows of dimension " + d + " do not fit the arrays given");
            }
            for (int row = 0; row < n; row++) {
                for (int i = 0; i < d; i++) {
                    double ri = r[row * d + i];
                    sum[i] += ri;
                    for (int j = 0; j < d; j++) moment[i * d + j] += ri * (x[row * d + j] - mu[j]);
                }
            }
            rows += n;
        }

        /** The correction of the rows added (at least 2). */
        public LinearCorrection correction() {
            int d = mu.length;
            if (rows < 2) throw new IllegalArgumentException("linear correction: " + rows + " rows, need at least 2");
            double[] offset = new double[d], slope = new double[d * d], m = new double[d * d], work = new double[d];
            for (int i = 0; i < d; i++) offset[i] = -sum[i] / rows;
            // Σ is the base's (1/(n − 1)) covariance: M with the same normalisation makes the moment vanish exactly
            // when the rows are the base's own
            for (int k = 0; k < d * d; k++) m[k] = moment[k] / (rows - 1);
            for (int i = 0; i < d; i++) base.applyInverseCovariance(m, i * d, slope, i * d, work); // row i of M Σ⁻¹ (Σ symmetric)
            for (int k = 0; k < d * d; k++) slope[k] = -slope[k];
            return new LinearCorrection(mu, offset, slope);
        }
    }

    public int dimension() {
        return centre.length;
    }

    public double[] centre() {
        return centre.clone();
    }

    public double[] offset() {
        return offset.clone();
    }

    public double[] slope() {
        return slope.clone();
    }

    /** Adds a + B (x − μ) to {@code out} for {@code rows} rows (both {@code [rows][d]}). */
    public void add(double[] x, double[] out, int rows) {
        int d = centre.length;
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < d; i++) {
                double v = offset[i];
                for (int j = 0; j < d; j++) v += slope[i * d + j] * (x[r * d + j] - centre[j]);
                out[r * d + i] += v;
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LinearCorrection c && Arrays.equals(centre, c.centre) && Arrays.equals(offset, c.offset) && Arrays.equals(slope, c.slope);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(offset);
    }
}
