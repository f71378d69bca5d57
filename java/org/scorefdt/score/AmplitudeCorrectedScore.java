package org.scorefdt.score;

/**
 * The score-amplitude correction of the paper's scripts, for any score model: the GFDT response is
 * normalised by its lag-0 matrix so that R(0) = I,
 * <pre>  R(τ) = H(τ) H(0)⁻¹,  H(τ) = −⟨x(t+τ) s(x(t))ᵀ⟩,  H(0) = −⟨x sᵀ⟩ (≈ I by Stein's identity), </pre>
 * which is the plain GFDT with the corrected score s̃ = H(0)⁻ᵀ s. H(0) is estimated once on the
 * training data; {@link #steinMatrix()} reports it (its distance from I says how far the learned
 * score's amplitude is off). Translation-invariant grids do the same per Fourier mode in
 * {@link org.scorefdt.response.LaggedGridAccumulator}.
 */
public final class AmplitudeCorrectedScore implements ScoreModel {
    private final ScoreModel score;
    private final int d;
    private final double[] stein;     // H(0), row-major d×d
    private final double[] transform; // H(0)⁻ᵀ

    private AmplitudeCorrectedScore(ScoreModel score, double[] stein, double[] transform) {
        this.score = score;
        this.d = score.dimension();
        this.stein = stein;
        this.transform = transform;
    }

    /**
     * Estimates H(0) = −(1/n) Σ_k x_k s(x_k)ᵀ on {@code data} [n][d] and wraps {@code score}.
     *
     * @throws IllegalArgumentException if H(0) is singular (the score carries no information along some direction)
     */
    public static AmplitudeCorrectedScore fit(ScoreModel score, double[] data, int n) {
        int d = score.dimension();
        if (n < 1 || data.length < (long) n * d) {
            throw new IllegalArgumentException("data holds " + data.length + " values, need n × d = " + n + " × " + d);
        }
        double[] s = new double[n * d];
        score.score(data, s, n);
        double[] h = new double[d * d];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < d; i++) {
                double xi = data[k * d + i];
                for (int j = 0; j < d; j++) h[i * d + j] -= xi * s[k * d + j] / n;
            }
        }
        double[] inv = invert(h, d);
        double[] t = new double[d * d];
        for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) t[i * d + j] = inv[j * d + i];
        return new AmplitudeCorrectedScore(score, h, t);
    }

    /** The wrapped (uncorrected) score. */
    public ScoreModel inner() {
        return score;
    }

    /** T = H(0)⁻ᵀ, row-major d×d (a copy): {@link #score} is s̃_i = Σ_j T_ij s_j, summed in order j. */
    public double[] transform() {
        return transform.clone();
    }

    /** The estimated lag-0 matrix H(0) = −⟨x sᵀ⟩, row-major d×d. */
    public double[] steinMatrix() {
        return stein.clone();
    }

    /** max |H(0) − I| entry: 0 for a score with the right amplitude. */
    public double steinDeviation() {
        double m = 0;
        for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) m = Math.max(m, Math.abs(stein[i * d + j] - (i == j ? 1 : 0)));
        return m;
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public void score(double[] x, double[] out, int members) {
        double[] raw = new double[d];
        score.score(x, out, members);
        for (int m = 0; m < members; m++) {
            System.arraycopy(out, m * d, raw, 0, d);
            for (int i = 0; i < d; i++) {
                double acc = 0;
                for (int j = 0; j < d; j++) acc += transform[i * d + j] * raw[j];
                out[m * d + i] = acc;
            }
        }
    }

    @Override
    public String name() {
        return score.name() + "-normalized";
    }

    /** Inverse by Gauss–Jordan elimination with partial pivoting (H(0) need not be symmetric). */
    static double[] invert(double[] a, int d) {
        double[] m = a.clone(), inv = new double[d * d];
        for (int i = 0; i < d; i++) inv[i * d + i] = 1;
        double scale = 0;
        for (double v : a) scale = Math.max(scale, Math.abs(v));
        for (int c = 0; c < d; c++) {
            int p = c;
            for (int r = c + 1; r < d; r++) if (Math.abs(m[r * d + c]) > Math.abs(m[p * d + c])) p = r;
            double piv = m[p * d + c];
            if (!(Math.abs(piv) > 1e-12 * scale)) {
                throw new IllegalArgumentException("lag-0 matrix H(0) = −⟨x sᵀ⟩ is singular at column " + c
                        + " (pivot " + piv + "): the score carries no information in that direction");
            }
            if (p != c) {
                swapRows(m, p, c, d);
                swapRows(inv, p, c, d);
            }
            for (int j = 0; j < d; j++) {
                m[c * d + j] /= piv;
                inv[c * d + j] /= piv;
            }
            m[c * d + c] = 1;
            for (int r = 0; r < d; r++) {
                if (r == c) continue;
                double f = m[r * d + c];
                if (f == 0) continue;
                for (int j = 0; j < d; j++) {
                    m[r * d + j] -= f * m[c * d + j];
                    inv[r * d + j] -= f * inv[c * d + j];
                }
            }
        }
        return inv;
    }

    private static void swapRows(double[] a, int r1, int r2, int d) {
        for (int j = 0; j < d; j++) {
            double t = a[r1 * d + j];
            a[r1 * d + j] = a[r2 * d + j];
            a[r2 * d + j] = t;
        }
    }
}
