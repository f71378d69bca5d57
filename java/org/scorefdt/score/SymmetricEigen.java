package org.scorefdt.score;

/**
 * Eigen-decomposition A = U diag(λ) Uᵀ of a symmetric d×d matrix by cyclic Jacobi rotations
 * (Golub &amp; Van Loan, §8.5), swept until every off-diagonal entry is at most ε·√|a_pp a_qq| (ε = 2⁻⁵²),
 * the relative criterion of Demmel &amp; Veselić: converged to rounding, so |A U − U Λ| ≲ d·ε‖A‖ and
 * |UᵀU − I| ≲ sweeps·d·ε, and for a positive-definite A the eigenvalues are accurate relative to
 * themselves as far as A's scaled (correlation) form is well conditioned. O(d³) per sweep, typically
 * 6–10 sweeps, adequate for the d ≲ 500 of a dense Gaussian base. Deterministic.
 */
public final class SymmetricEigen {
    /** Sweeps before giving up (convergence is quadratic; 50 is never reached for finite input). */
    static final int MAX_SWEEPS = 50;
    private static final double EPS = 0x1.0p-52;

    private SymmetricEigen() {}

    /**
     * @param a row-major d×d, symmetric (both triangles read), not modified
     * @param u receives U, row-major d×d, column k the unit eigenvector of λ_k
     * @return λ, d eigenvalues in the order of U's columns (not sorted)
     * @throws IllegalArgumentException on a non-finite entry or no convergence
     */
    public static double[] decompose(double[] a, int d, double[] u) {
        if (d < 1 || a.length < d * d || u.length < d * d) {
            throw new IllegalArgumentException("matrix of " + a.length + " values is not " + d + "×" + d);
        }
        double[] m = new double[d * d];
        for (int k = 0; k < d * d; k++) {
            if (!Double.isFinite(a[k])) throw new IllegalArgumentException("matrix entry (" + k / d + ", " + k % d + ") is " + a[k]);
            m[k] = 0.5 * (a[k] + a[(k % d) * d + k / d]);
        }
        java.util.Arrays.fill(u, 0, d * d, 0);
        for (int i = 0; i < d; i++) u[i * d + i] = 1;
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            boolean rotated = false;
            for (int p = 0; p < d; p++) {
                for (int q = p + 1; q < d; q++) {
                    if (negligible(m, d, p, q)) continue;
                    rotate(m, u, d, p, q);
                    rotated = true;
                }
            }
            if (!rotated) {
                double[] lambda = new double[d];
                for (int i = 0; i < d; i++) lambda[i] = m[i * d + i];
                return lambda;
            }
        }
        throw new IllegalArgumentException("Jacobi eigen-decomposition of a " + d + "×" + d + " matrix did not converge in " + MAX_SWEEPS + " sweeps");
    }

    /** |a_pq| ≤ ε·√|a_pp a_qq| (or underflowed): rotating would change nothing above rounding. */
    private static boolean negligible(double[] m, int d, int p, int q) {
        double apq = Math.abs(m[p * d + q]);
        return apq <= EPS * Math.sqrt(Math.abs(m[p * d + p] * m[q * d + q])) || apq < Double.MIN_NORMAL;
    }

    /** One rotation zeroing m[p][q] (the stable formulas of Golub &amp; Van Loan, Alg. 8.5.1). */
    private static void rotate(double[] m, double[] u, int d, int p, int q) {
        double apq = m[p * d + q];
        if (apq == 0) return;
        double theta = (m[q * d + q] - m[p * d + p]) / (2 * apq);
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta == 0) t = 1;
        double c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (int k = 0; k < d; k++) { // columns p, q of M·J
            double mkp = m[k * d + p], mkq = m[k * d + q];
            m[k * d + p] = c * mkp - s * mkq;
            m[k * d + q] = s * mkp + c * mkq;
        }
        for (int k = 0; k < d; k++) { // rows p, q of Jᵀ·(M·J)
            double mpk = m[p * d + k], mqk = m[q * d + k];
            m[p * d + k] = c * mpk - s * mqk;
            m[q * d + k] = s * mpk + c * mqk;
        }
        for (int k = 0; k < d; k++) { // U ← U·J
            double ukp = u[k * d + p], ukq = u[k * d + q];
            u[k * d + p] = c * ukp - s * ukq;
            u[k * d + q] = s * ukp + c * ukq;
        }
    }
}
