package org.scorefdt.score.nn;

import java.util.Arrays;
import org.scorefdt.ScoreFdtException;
import org.scorefdt.score.SymmetricEigen;

/**
 * The Gaussian part of a noise-conditional score that a DSM network only corrects
 * (docs/score-models.md §4.2): for the training rows' mean μ and covariance Σ = U diag(λ) Uᵀ,
 *
 * <pre>g(y, σ) = −(Σ + σ²I)⁻¹ (y − μ) = −U diag(1/(λ_k + σ²)) Uᵀ (y − μ),</pre>
 *
 * the exact score of N(μ, Σ) convolved with N(0, σ²I). Read at σ → 0 it is the quasi-Gaussian score,
 * so a network whose output is zero reproduces that estimate, and training spends its capacity on the
 * non-Gaussian remainder. Units of 1/state; double precision. Immutable and thread-safe.
 */
public final class GaussianBase {
    /** Largest dimension with a dense base: the eigen-decomposition is O(d³) and each row costs 2d² flops. */
    public static final int MAX_DIMENSION = 512;
    /** Ridge added to every fitted variance, relative to their mean. */
    static final double RIDGE = 1e-10;
    /**
     * Smallest eigenvalue of the rows' correlation matrix with which a base is formed: below it the rows lie
     * (nearly) in a subspace and g(x, 0) would be huge off it; {@link #fit} refuses.
     */
    public static final double MIN_RELATIVE_VARIANCE = 1e-8;
    /** How far UᵀU may be from I: Jacobi's rotations keep it within ~d·10⁻¹⁶. */
    static final double ORTHONORMAL_TOLERANCE = 1e-8;

    private final double[] mean, basis, variances;

    /**
     * @param mean      μ, d values
     * @param basis     U, {@code [d][d]} row-major, column k the k-th eigenvector (orthonormal)
     * @param variances λ, d values, each finite and &gt; 0
     */
    public GaussianBase(double[] mean, double[] basis, double[] variances) {
        int d = mean.length;
        if (d < 1 || basis.length != (long) d * d || variances.length != d) {
            throw new IllegalArgumentException("Gaussian base: " + mean.length + " means, " + basis.length + " basis values and "
                    + variances.length + " variances: need d, d² and d");
        }
        for (int k = 0; k < d; k++) {
            if (!Double.isFinite(mean[k])) throw new IllegalArgumentException("Gaussian base: mean[" + k + "] = " + mean[k]);
            if (!(variances[k] > 0) || Double.isInfinite(variances[k])) {
                throw new IllegalArgumentException("Gaussian base: variance " + k + " = " + variances[k] + ": must be finite and > 0");
            }
        }
        for (double u : basis) if (!Double.isFinite(u)) throw new IllegalArgumentException("Gaussian base: a basis value is " + u);
        for (int a = 0; a < d; a++) { // UᵀU = I: a base read from a file is checked as one fitted here
            for (int b = a; b < d; b++) {
                double s = 0;
                for (int i = 0; i < d; i++) s += basis[i * d + a] * basis[i * d + b];
                if (Math.abs(s - (a == b ? 1 : 0)) > ORTHONORMAL_TOLERANCE) {
                    throw new IllegalArgumentException("Gaussian base: basis columns " + a + " and " + b + " have inner product " + s
                            + ": the basis must be orthonormal");
                }
            }
        }
        this.mean = mean.clone();
        this.basis = basis.clone();
        this.variances = variances.clone();
    }

    /**
     * The base of {@code n} rows of dimension d: their mean and (1/(n−1)) covariance, diagonalised.
     *
     * @throws Unsuitable for d &gt; {@link #MAX_DIMENSION}, no more rows than d, a constant component, or a correlation
     *                    matrix whose smallest eigenvalue is below {@link #MIN_RELATIVE_VARIANCE}
     */
    public static GaussianBase fit(double[] rows, int n, int d) {
        if (d > MAX_DIMENSION) throw new Unsuitable("a Gaussian base needs d <= " + MAX_DIMENSION + ", got " + d);
        if (n <= d) throw new Unsuitable("a Gaussian base of dimension " + d + " needs more than " + d + " rows, got " + n);
        double[] mu = new double[d], cov = new double[d * d];
        for (int r = 0; r < n; r++) for (int i = 0; i < d; i++) mu[i] += rows[r * d + i];
        for (int i = 0; i < d; i++) mu[i] /= n;
        double[] c = new double[d];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < d; i++) c[i] = rows[r * d + i] - mu[i];
            for (int i = 0; i < d; i++) for (int j = i; j < d; j++) cov[i * d + j] += c[i] * c[j];
        }
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                cov[i * d + j] /= n - 1;
                cov[j * d + i] = cov[i * d + j];
            }
        }
        checkNotInASubspace(cov, d);
        double[] u = new double[d * d];
        double[] lambda = SymmetricEigen.decompose(cov, d, u);
        // A ridge of 10⁻¹⁰ of the mean variance (the quasi-Gaussian fit's default) guards g(y, 0) against the
        // rounding of tiny eigenvalues of badly scaled rows (the check above passed, so it moves nothing else).
        double meanVariance = 0;
        for (int k = 0; k < d; k++) meanVariance += Math.max(0, lambda[k]) / d;
        for (int k = 0; k < d; k++) lambda[k] = Math.max(0, lambda[k]) + RIDGE * meanVariance;
        return new GaussianBase(mu, u, lambda);
    }

    /**
     * Refuses rows in or near a subspace: the smallest eigenvalue of their correlation matrix
     * D^{−1/2} Σ D^{−1/2} (scale-free, unlike Σ's own) below {@link #MIN_RELATIVE_VARIANCE}, or a constant component.
     */
    private static void checkNotInASubspace(double[] cov, int d) {
        double[] corr = new double[d * d];
        for (int i = 0; i < d; i++) {
            if (!(cov[i * d + i] > 0)) throw new Unsuitable("component " + i + " of the rows is constant");
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) corr[i * d + j] = cov[i * d + j] / Math.sqrt(cov[i * d + i] * cov[j * d + j]);
        }
        double smallest = Double.POSITIVE_INFINITY;
        for (double l : SymmetricEigen.decompose(corr, d, new double[d * d])) smallest = Math.min(smallest, l);
        if (!(smallest >= MIN_RELATIVE_VARIANCE)) {
            throw new Unsuitable("the rows lie in or near a subspace: the smallest eigenvalue of their correlation matrix is "
                    + smallest + ", below " + MIN_RELATIVE_VARIANCE);
        }
    }

    /** Why rows cannot carry a base (too many dimensions, too few rows, a subspace): the trainer then trains the plain network. */
    public static final class Unsuitable extends ScoreFdtException {
        private static final long serialVersionUID = 1L;

        public Unsuitable(String message) {
            super(message);
        }
    }

    public int dimension() {
        return mean.length;
    }

    public double[] mean() {
        return mean.clone();
    }

    /** U, row-major, column k the eigenvector of {@link #variances()}[k]. */
    public double[] basis() {
        return basis.clone();
    }

    public double[] variances() {
        return variances.clone();
    }

    /** Σ⁻¹ = U diag(1/λ) Uᵀ, row-major d×d (the base's g(x, 0) = −Σ⁻¹(x − μ) as one matrix, for device forms). */
    public double[] precision() {
        int d = mean.length;
        double[] p = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) s += basis[i * d + k] * basis[j * d + k] / variances[k];
                p[i * d + j] = s;
            }
        }
        return p;
    }

    /**
     * Adds g(y, σ) of {@code rows} rows to {@code out} (both {@code [rows][d]} from the offsets), σ ≥ 0.
     *
     * @param work 2d scratch values
     */
    public void add(double[] y, int yOff, double sigma, double[] out, int outOff, int rows, double[] work) {
        int d = mean.length;
        for (int r = 0; r < rows; r++) {
            int yo = yOff + r * d;
            for (int i = 0; i < d; i++) work[d + i] = y[yo + i] - mean[i];
            solve(work, d, sigma * sigma, -1, out, outOff + r * d, work);
        }
    }

    /**
     * Writes Σ⁻¹ v of the d values of {@code v} from {@code vOff} to {@code out} from {@code outOff}.
     *
     * @param work d scratch values
     */
    public void applyInverseCovariance(double[] v, int vOff, double[] out, int outOff, double[] work) {
        Arrays.fill(out, outOff, outOff + mean.length, 0);
        solve(v, vOff, 0, 1, out, outOff, work);
    }

    /** out += sign · U diag(1/(λ + s2)) Uᵀ v, work's first d values scratch (v may lie after them in work). */
    private void solve(double[] v, int vOff, double s2, double sign, double[] out, int outOff, double[] work) {
        int d = mean.length;
        Arrays.fill(work, 0, d, 0);
        for (int i = 0; i < d; i++) {
            double c = v[vOff + i];
            for (int k = 0; k < d; k++) work[k] += basis[i * d + k] * c;
        }
        for (int k = 0; k < d; k++) work[k] /= variances[k] + s2;
        for (int i = 0; i < d; i++) {
            double s = 0;
            for (int k = 0; k < d; k++) s += basis[i * d + k] * work[k];
            out[outOff + i] += sign * s;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GaussianBase g && Arrays.equals(mean, g.mean) && Arrays.equals(basis, g.basis) && Arrays.equals(variances, g.variances);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(variances);
    }
}
