package org.scorefdt.score;

import java.util.Locale;
import org.scorefdt.rng.Philox;
import org.scorefdt.rng.Streams;
import org.scorefdt.util.Quantiles;

/**
 * Truth-free checks of a score model s ≈ ∇ log p on samples of p that it was not fitted on
 * (docs/score-models.md §9). For any smooth test function φ with enough decay, ∫ p (∇·φ + φ·s) = 0
 * when s is the true score (Stein's identity). Three families of φ are checked, each statistic with
 * its standard error:
 * <ul>
 *   <li><b>Stein matrix</b>, φ = (x_j − x̄_j) e_i: ⟨s_i (x_j − x̄_j)⟩ = −δ_ij. Reported as the diagonal
 *       mean (should be 1 after the sign flip, {@code steinDiagonal}) and every entry's residual; the
 *       off-diagonal entries only up to {@link #MAX_FULL_MATRIX} components (d² statistics).</li>
 *   <li><b>Mean score</b>, φ = e_i: ⟨s_i⟩ = 0.</li>
 *   <li><b>Random Fourier test functions</b>, φ_k = e_{j_k} cos(θ_k), θ_k = Σ_l ω_kl (x_l − x̄_l)/σ_l + b_k
 *       (ω ~ N(0, 1), b ~ U(0, 2π), j_k uniform, drawn from Philox so a run is reproducible):
 *       σ_j ⟨cos θ s_j − sin θ ω_kj/σ_j⟩ = 0, a scale-free residual that sees curvature the linear
 *       φ cannot (a Gaussian fitted to a double well passes the matrix and fails these).</li>
 * </ul>
 * Standard errors come from a blocking analysis: batch means over 64, 32 and 16 contiguous blocks of
 * the samples, the largest of the three per statistic, so serially correlated samples (snapshots of
 * trajectories, in save order) are not over-trusted as long as a sixteenth of them spans the
 * correlation time. A score <em>fails</em> when any |z| exceeds the Bonferroni bound z* for a 1 %
 * family-wise false alarm over all m statistics under Student's t with {@link #MIN_BLOCKS} − 1 degrees
 * of freedom (the coarsest blocking), never below 3.
 *
 * <p>Also reported: the <b>Hyvärinen score-matching loss</b> J = ⟨½|s|² + ∇·s⟩ on the samples (lower is
 * better; equals ½⟨|s − ∇log p|²⟩ − ½⟨|∇log p|²⟩, so differences between models on the same samples
 * rank them without the truth). ∇·s by central differences (step 10⁻³ σ_j) for d ≤ {@link #MAX_EXACT_DIVERGENCE},
 * else Hutchinson's estimator with {@link #PROBES} Rademacher probes.
 */
public final class ScoreDiagnostics {
    /** Finest blocking for batch-mean standard errors; samples needed: 2 × this. */
    public static final int BLOCKS = 64;
    /** Coarsest blocking (the bound's degrees of freedom + 1). */
    public static final int MIN_BLOCKS = 16;
    /** Off-diagonal Stein entries are checked up to this dimension. */
    public static final int MAX_FULL_MATRIX = 16;
    /** Exact (finite-difference) divergence up to this dimension. */
    public static final int MAX_EXACT_DIVERGENCE = 32;
    /** Hutchinson probes above it. */
    public static final int PROBES = 4;
    /** Default number of random Fourier test functions. */
    public static final int TEST_FUNCTIONS = 32;
    /** Family-wise false-alarm rate of the pass/fail line. */
    public static final double FAMILY_ALPHA = 0.01;

    private ScoreDiagnostics() {}

    /**
     * The diagnostics' results.
     *
     * @param score              name of the score model
     * @param samples            samples used
     * @param steinDiagonal      −mean_i ⟨s_i (x_i − x̄_i)⟩ (1 for the true score)
     * @param steinDiagonalStderr its standard error
     * @param steinResidual      ⟨s_i (x_j − x̄_j)⟩ + δ_ij, row-major d×d (the diagonal only, length d, above
     *                           {@link #MAX_FULL_MATRIX})
     * @param steinStderr        their standard errors
     * @param meanScore          ⟨s_i⟩
     * @param meanScoreStderr    their standard errors
     * @param testResidual       the random Fourier residuals (scale-free)
     * @param testStderr         their standard errors
     * @param hyvarinen          J = ⟨½|s|² + ∇·s⟩
     * @param hyvarinenStderr    its standard error
     * @param maxAbsZ            the largest |z| over all statistics
     * @param zBound             the family-wise bound z*
     * @param worst              which statistic has the largest |z|
     */
    public record Report(String score, int samples, double steinDiagonal, double steinDiagonalStderr, double[] steinResidual,
                         double[] steinStderr, double[] meanScore, double[] meanScoreStderr, double[] testResidual,
                         double[] testStderr, double hyvarinen, double hyvarinenStderr, double maxAbsZ, double zBound,
                         String worst) {
        /** Whether every identity holds within its error bars (max |z| ≤ z*). */
        public boolean passes() {
            return maxAbsZ <= zBound;
        }

        /** One line: the Stein diagonal, the worst statistic, J, and PASS or a warning. */
        public String summary() {
            return String.format(Locale.ROOT, "%s diagnostics on %d held-out samples: Stein diagonal %.3f ± %.3f (1 for the true score), "
                    + "worst |z| = %.2f (%s; bound %.2f), Hyvärinen loss %.4g ± %.2g: %s", score, samples, steinDiagonal,
                    steinDiagonalStderr, maxAbsZ, worst, zBound, hyvarinen, hyvarinenStderr,
                    passes() ? "identities hold" : "the score fails its Stein identities (biased)");
        }

    }

    /** {@link #of(ScoreModel, double[], int, int, long)} with {@link #TEST_FUNCTIONS} test functions. */
    public static Report of(ScoreModel score, double[] x, int n, long seed) {
        return of(score, x, n, TEST_FUNCTIONS, seed);
    }

    /**
     * Runs every check.
     *
     * @param score the model (its dimension d)
     * @param x     held-out samples {@code [n][d]}, in sampling order (blocks are contiguous)
     * @param n     samples, ≥ 2·{@link #BLOCKS}
     * @param tests random Fourier test functions ≥ 0
     * @param seed  draws the test functions and the Hutchinson probes
     */
    public static Report of(ScoreModel score, double[] x, int n, int tests, long seed) {
        int d = score.dimension();
        if (n < 2 * BLOCKS || x.length < (long) n * d) {
            throw new IllegalArgumentException("diagnostics need at least " + 2 * BLOCKS + " samples of dimension " + d + "; got " + n);
        }
        double[] mean = new double[d], sd = new double[d];
        moments(x, n, d, mean, sd);
        double[] s = new double[n * d];
        score.score(x, s, n);

        boolean full = d <= MAX_FULL_MATRIX;
        int nStein = full ? d * d : d;
        TestFunctions tf = new TestFunctions(d, tests, seed);
        int nStat = nStein + d + tests + 2; // + diagonal mean + Hyvärinen
        BatchMeans bm = new BatchMeans(nStat, n, BLOCKS);
        double[] div = divergence(score, x, s, n, d, sd, seed);
        double[] v = new double[nStat];
        for (int r = 0; r < n; r++) {
            int o = r * d, k = 0;
            double diag = 0, half = 0;
            for (int i = 0; i < d; i++) {
                if (full) {
                    for (int j = 0; j < d; j++) v[k++] = s[o + i] * (x[o + j] - mean[j]) + (i == j ? 1 : 0);
                } else {
                    v[k++] = s[o + i] * (x[o + i] - mean[i]) + 1;
                }
                diag -= s[o + i] * (x[o + i] - mean[i]);
                half += 0.5 * s[o + i] * s[o + i];
            }
            for (int i = 0; i < d; i++) v[k++] = s[o + i];
            k = tf.residuals(x, o, s, mean, sd, v, k);
            v[k++] = diag / d - 1; // the diagonal mean's residual
            v[k] = half + div[r];
            bm.add(r, v);
        }
        double[] m = bm.means(), se = bm.stderrs();
        // z over every identity and the diagonal mean (the most sensitive to a uniformly shrunk score in
        // high d, where single entries are noisy); not J, which has no target
        int checked = nStein + d + tests + 1;
        double maxZ = 0;
        int worstAt = -1;
        for (int i = 0; i < checked; i++) {
            double z = se[i] > 0 ? Math.abs(m[i]) / se[i] : (m[i] == 0 ? 0 : Double.POSITIVE_INFINITY);
            if (!(z <= maxZ) || worstAt < 0) { // a NaN statistic is the worst: it fails the check
                maxZ = z;
                worstAt = i;
            }
        }
        String worst = worstAt < 0 ? "none" : label(worstAt, d, full, nStein, tests);
        double bound = Math.max(3, Quantiles.bonferroni(FAMILY_ALPHA, Math.max(1, checked), MIN_BLOCKS - 1));
        int diagAt = checked - 1;
        return new Report(score.name(), n, m[diagAt] + 1, se[diagAt], slice(m, 0, nStein), slice(se, 0, nStein),
                slice(m, nStein, d), slice(se, nStein, d), slice(m, nStein + d, tests), slice(se, nStein + d, tests),
                m[checked], se[checked], maxZ, bound, worst);
    }

    /**
     * The Hyvärinen loss alone, {J, its standard error}, on samples {@code x} {@code [n][d]}
     * (n ≥ 2·{@link #BLOCKS}): for selecting hyper-parameters by held-out score matching.
     */
    public static double[] hyvarinen(ScoreModel score, double[] x, int n, long seed) {
        int d = score.dimension();
        if (n < 2 * BLOCKS) throw new IllegalArgumentException("the Hyvärinen loss needs at least " + 2 * BLOCKS + " samples; got " + n);
        double[] mean = new double[d], sd = new double[d];
        moments(x, n, d, mean, sd);
        double[] s = new double[n * d];
        score.score(x, s, n);
        double[] div = divergence(score, x, s, n, d, sd, seed), v = new double[1];
        BatchMeans bm = new BatchMeans(1, n, BLOCKS);
        for (int r = 0; r < n; r++) {
            double half = 0;
            for (int i = 0; i < d; i++) half += 0.5 * s[r * d + i] * s[r * d + i];
            v[0] = half + div[r];
            bm.add(r, v);
        }
        return new double[] {bm.means()[0], bm.stderrs()[0]};
    }

    /** An exact divergence ∇·s at n rows, {@code out [n]} (closed-form scores have one). */
    interface Divergence {
        void at(double[] x, double[] out, int n);
    }

    /**
     * Hyvärinen's J = ⟨½|s|² + ∇·s⟩ on rows {@code x [n][d]} with an exact divergence, and its blocked standard
     * error: {J, SE}. The held-out criterion of the closed-form fits (polynomial, kef).
     */
    static double[] hyvarinenLoss(ScoreModel s, Divergence divergence, double[] x, int n) {
        int d = s.dimension();
        double[] sc = new double[n * d], div = new double[n], j = new double[n];
        s.score(x, sc, n);
        divergence.at(x, div, n);
        for (int r = 0; r < n; r++) {
            double half = 0;
            for (int i = 0; i < d; i++) half += 0.5 * sc[r * d + i] * sc[r * d + i];
            j[r] = half + div[r];
        }
        return blockedMean(j, n);
    }

    /**
     * {mean, standard error} of one per-sample statistic {@code v[0 … n)} in sample order, the error by
     * the same blocking analysis as every diagnostic (n ≥ 2·{@link #BLOCKS}).
     */
    static double[] blockedMean(double[] v, int n) {
        if (n < 2 * BLOCKS) throw new IllegalArgumentException("a blocked mean needs at least " + 2 * BLOCKS + " samples; got " + n);
        BatchMeans bm = new BatchMeans(1, n, BLOCKS);
        double[] one = new double[1];
        for (int r = 0; r < n; r++) {
            one[0] = v[r];
            bm.add(r, one);
        }
        return new double[] {bm.means()[0], bm.stderrs()[0]};
    }

    /** Per-component mean and standard deviation (1/(n−1), kept above 0: the scale of steps and test functions). */
    private static void moments(double[] x, int n, int d, double[] mean, double[] sd) {
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < d; j++) mean[j] += x[r * d + j];
        }
        for (int j = 0; j < d; j++) mean[j] /= n;
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < d; j++) sd[j] += sq(x[r * d + j] - mean[j]);
        }
        for (int j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j] / (n - 1)) + 1e-300;
    }

    private static String label(int i, int d, boolean full, int nStein, int tests) {
        if (i < nStein) {
            return full ? "Stein entry (" + i / d + "," + i % d + ")" : "Stein diagonal " + i;
        }
        if (i < nStein + d) return "mean score " + (i - nStein);
        if (i < nStein + d + tests) return "test function " + (i - nStein - d);
        return "Stein diagonal mean";
    }

    /** ∇·s per sample: central differences (d ≤ {@link #MAX_EXACT_DIVERGENCE}) or Hutchinson. */
    static double[] divergence(ScoreModel score, double[] x, double[] s, int n, int d, double[] sd, long seed) {
        double[] div = new double[n], xp = x.clone(), xm = x.clone(), sp = new double[n * d], sm = new double[n * d];
        if (d <= MAX_EXACT_DIVERGENCE) {
            for (int j = 0; j < d; j++) {
                double h = 1e-3 * sd[j];
                for (int r = 0; r < n; r++) {
                    xp[r * d + j] = x[r * d + j] + h;
                    xm[r * d + j] = x[r * d + j] - h;
                }
                score.score(xp, sp, n);
                score.score(xm, sm, n);
                for (int r = 0; r < n; r++) {
                    div[r] += (sp[r * d + j] - sm[r * d + j]) / (2 * h);
                    xp[r * d + j] = xm[r * d + j] = x[r * d + j];
                }
            }
            return div;
        }
        double[] u = new double[n * d], probe = new double[d];
        Philox.Scratch rng = new Philox.Scratch();
        for (int p = 0; p < PROBES; p++) {
            for (int r = 0; r < n; r++) {
                Philox.normals(seed, Streams.DIAGNOSTICS, r, p, probe, 0, d, rng); // Rademacher: the sign of a normal
                for (int j = 0; j < d; j++) {
                    double h = 1e-3 * sd[j];
                    u[r * d + j] = (probe[j] < 0 ? -1 : 1) * h;
                    xp[r * d + j] = x[r * d + j] + u[r * d + j];
                    xm[r * d + j] = x[r * d + j] - u[r * d + j];
                }
            }
            score.score(xp, sp, n);
            score.score(xm, sm, n);
            for (int r = 0; r < n; r++) {
                double acc = 0;
                for (int j = 0; j < d; j++) {
                    double h = 1e-3 * sd[j];
                    // v = u/h is the Rademacher probe: vᵀ J v ≈ v·(s(x + hv') − s(x − hv'))/2 per component scale
                    acc += (u[r * d + j] / h) * (sp[r * d + j] - sm[r * d + j]) / (2 * h);
                }
                div[r] += acc / PROBES;
            }
        }
        return div;
    }

    /** Random Fourier test functions φ_k = e_{j_k} cos(ω_k·(x − x̄)/σ + b_k). */
    private static final class TestFunctions {
        final int d, count;
        final int[] component;
        final double[] omega, phase;

        TestFunctions(int d, int count, long seed) {
            this.d = d;
            this.count = count;
            component = new int[count];
            omega = new double[count * d];
            phase = new double[count];
            Philox.Scratch rng = new Philox.Scratch();
            double[] g = new double[4];
            for (int k = 0; k < count; k++) {
                Philox.normals(seed, Streams.DIAGNOSTICS, k, 1L << 40, omega, k * d, d, rng);
                // Uniform angles from the direction of a normal pair: the phase and the component.
                Philox.normals(seed, Streams.DIAGNOSTICS, k, (1L << 40) + 1, g, 0, 4, rng);
                phase[k] = Math.atan2(g[1], g[0]) + Math.PI;
                component[k] = Math.min(d - 1, (int) ((Math.atan2(g[3], g[2]) + Math.PI) / (2 * Math.PI) * d));
            }
        }

        /** Writes the scale-free residuals σ_j (cos θ s_j − sin θ ω_kj/σ_j) of sample {@code o} from {@code v[k]}. */
        int residuals(double[] x, int o, double[] s, double[] mean, double[] sd, double[] v, int k) {
            for (int t = 0; t < count; t++) {
                double theta = phase[t];
                for (int l = 0; l < d; l++) theta += omega[t * d + l] * (x[o + l] - mean[l]) / sd[l];
                int j = component[t];
                v[k++] = sd[j] * Math.cos(theta) * s[o + j] - Math.sin(theta) * omega[t * d + j];
            }
            return k;
        }
    }

    /**
     * Means and blocking-analysis standard errors: sums over {@code blocks} contiguous blocks, merged
     * pairwise into coarser blockings down to {@link #MIN_BLOCKS}; per statistic the largest SE.
     */
    private static final class BatchMeans {
        final int stats, n, blocks;
        final double[] blockSum;
        final int[] blockCount;

        BatchMeans(int stats, int n, int blocks) {
            this.stats = stats;
            this.n = n;
            this.blocks = blocks;
            blockSum = new double[blocks * stats];
            blockCount = new int[blocks];
        }

        void add(int r, double[] v) {
            int b = (int) ((long) r * blocks / n);
            blockCount[b]++;
            for (int i = 0; i < stats; i++) blockSum[b * stats + i] += v[i];
        }

        double[] means() {
            double[] m = new double[stats];
            for (int b = 0; b < blocks; b++) {
                for (int i = 0; i < stats; i++) m[i] += blockSum[b * stats + i];
            }
            for (int i = 0; i < stats; i++) m[i] /= n;
            return m;
        }

        double[] stderrs() {
            double[] m = means(), se = new double[stats], sum = blockSum.clone();
            int[] count = blockCount.clone();
            for (int b = blocks; b >= MIN_BLOCKS; b /= 2) {
                for (int i = 0; i < stats; i++) {
                    double ss = 0;
                    for (int k = 0; k < b; k++) ss += sq(sum[k * stats + i] / count[k] - m[i]);
                    se[i] = Math.max(se[i], Math.sqrt(ss / (b - 1) / b));
                }
                for (int k = 0; k < b / 2; k++) { // merge neighbours: the next blocking
                    for (int i = 0; i < stats; i++) sum[k * stats + i] = sum[2 * k * stats + i] + sum[(2 * k + 1) * stats + i];
                    count[k] = count[2 * k] + count[2 * k + 1];
                }
            }
            return se;
        }
    }

    private static double[] slice(double[] a, int from, int len) {
        return java.util.Arrays.copyOfRange(a, from, from + len);
    }

    private static double sq(double v) {
        return v * v;
    }
}
