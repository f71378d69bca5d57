package org.scorefdt.score;

/**
 * Cholesky factorisation A = L Lᵀ of a symmetric positive-definite d×d matrix (row-major, only the
 * lower triangle is read), and solves with it. Plain O(d³/3) column-oriented algorithm; the
 * quasi-Gaussian scores need d up to a few thousand at most, where this is adequate.
 *
 * <p>Immutable and thread-safe once built.
 */
public final class Cholesky {
    private final int d;
    private final double[] l; // lower-triangular factor, row-major d×d (upper part zero)

    private Cholesky(int d, double[] l) {
        this.d = d;
        this.l = l;
    }

    /**
     * Factors {@code a}.
     *
     * @param a row-major d×d, symmetric (lower triangle used), not modified
     * @throws NotPositiveDefiniteException naming the first pivot that is not &gt; 0 (or NaN)
     */
    public static Cholesky factor(double[] a, int d) {
        if (d < 1 || a.length < d * d) {
            throw new IllegalArgumentException("matrix of " + a.length + " values is not " + d + "×" + d);
        }
        double[] l = new double[d * d];
        for (int j = 0; j < d; j++) {
            double diag = a[j * d + j];
            for (int k = 0; k < j; k++) diag -= l[j * d + k] * l[j * d + k];
            if (!(diag > 0)) throw new NotPositiveDefiniteException(j, diag);
            double ljj = Math.sqrt(diag);
            l[j * d + j] = ljj;
            for (int i = j + 1; i < d; i++) {
                double v = a[i * d + j];
                for (int k = 0; k < j; k++) v -= l[i * d + k] * l[j * d + k];
                l[i * d + j] = v / ljj;
            }
        }
        return new Cholesky(d, l);
    }

    public int dimension() {
        return d;
    }

    /** The lower-triangular factor L, row-major d×d (a copy; device solvers repeat {@link #solve}'s order). */
    public double[] lower() {
        return l.clone();
    }

    /** Solves A x = b for {@code b[bOff .. bOff+d)} into {@code x[xOff .. xOff+d)}; x may alias b. */
    public void solve(double[] b, int bOff, double[] x, int xOff) {
        // Forward substitution L y = b, then back substitution Lᵀ x = y, in place in x.
        for (int i = 0; i < d; i++) {
            double v = b[bOff + i];
            for (int k = 0; k < i; k++) v -= l[i * d + k] * x[xOff + k];
            x[xOff + i] = v / l[i * d + i];
        }
        for (int i = d - 1; i >= 0; i--) {
            double v = x[xOff + i];
            for (int k = i + 1; k < d; k++) v -= l[k * d + i] * x[xOff + k];
            x[xOff + i] = v / l[i * d + i];
        }
    }

    /** log det A = 2 Σ log L_ii. */
    public double logDeterminant() {
        double s = 0;
        for (int i = 0; i < d; i++) s += Math.log(l[i * d + i]);
        return 2 * s;
    }

    /** The matrix was not positive definite: pivot {@link #pivot()} came out ≤ 0 (or NaN). */
    public static final class NotPositiveDefiniteException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final int pivot;
        private final double value;

        public NotPositiveDefiniteException(int pivot, double value) {
            super("matrix is not positive definite: Cholesky pivot " + pivot + " = " + value + " (must be > 0)");
            this.pivot = pivot;
            this.value = value;
        }

        public int pivot() {
            return pivot;
        }

        public double value() {
            return value;
        }
    }
}
