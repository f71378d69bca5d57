package org.scorefdt.response;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether estimate A is closer to a noisy reference T than estimate B beyond the noise of all three:
 * Δ = Σ_τ [S_B(τ) − S_A(τ)] with S_X = Σ_i (X_i − T_i)² − Σ_i SE_X,i², and a bound σ_Δ on its
 * standard deviation (first-order terms plus the second-order noise products); {@link #z()} = Δ/σ_Δ. An exact truth term from {@link #truthProjection}
 * may replace the bound's first term. Derivation: docs/systems.md §7.
 *
 * <p>This is the one comparison that ranks estimates: A is reported closer than B only when
 * z &gt; {@link #THRESHOLD}, B closer only when z &lt; −{@link #THRESHOLD}; otherwise the two are
 * indistinguishable at this run's noise (identical estimates give Δ = 0, hence z = 0).
 *
 * @param a          name of A
 * @param b          name of B
 * @param reference  name of the reference T
 * @param difference Δ
 * @param stderr     σ_Δ (the bound above)
 * @param lagsUsed   lags 0 … lagsUsed−1 compared
 */
public record ErrorComparison(String a, String b, String reference, double difference, double stderr, int lagsUsed) {

    /** |z| above which one estimate is ranked ahead of the other (one-sided level at most 0.13 %). */
    public static final double THRESHOLD = 3;

    private static final double SQRT2 = Math.sqrt(2);

    /** Δ / σ_Δ: positive when A is closer to the reference than B; 0 when Δ = 0 (identical errors). */
    public double z() {
        return difference == 0 ? 0 : difference / stderr;
    }

    /** The name of the estimate closer to the reference beyond the noise, or empty when they are indistinguishable. */
    public Optional<String> closer() {
        double z = z();
        return z > THRESHOLD ? Optional.of(a) : z < -THRESHOLD ? Optional.of(b) : Optional.empty();
    }

    /** One line: which estimate is closer to the reference, or that they are indistinguishable, with z. */
    public String verdict() {
        Optional<String> closer = closer();
        if (closer.isEmpty()) {
            return String.format(Locale.ROOT, "%s and %s are indistinguishable against %s (z = %.2f, |z| <= %.0f)", a, b,
                    reference, z(), THRESHOLD);
        }
        return String.format(Locale.ROOT, "%s is closer to %s than %s (z = %.2f, |z| > %.0f)", closer.get(), reference,
                closer.get().equals(a) ? b : a, z(), THRESHOLD);
    }

    /** Every pair (i &lt; j) of {@code estimates} against {@code reference} over all its lags, with the sum bound. */
    public static List<ErrorComparison> pairwise(List<ResponseEstimate> estimates, ResponseEstimate reference) {
        List<ErrorComparison> out = new ArrayList<>();
        for (int i = 0; i < estimates.size(); i++) {
            for (int j = i + 1; j < estimates.size(); j++) {
                out.add(of(estimates.get(i), estimates.get(j), reference, reference.lags()));
            }
        }
        return out;
    }

    /**
     * Compares A and B with the reference over their first {@code lags} lags.
     *
     * @throws IllegalArgumentException on differing shapes or lags out of range
     */
    public static ErrorComparison of(ResponseEstimate a, ResponseEstimate b, ResponseEstimate reference, int lags) {
        return of(a, b, reference, lags, Double.NaN);
    }

    /**
     * The weights w = 2(A − B) over lags 0 … lags−1 (zero beyond), {@code [reference lags][d]}: the
     * derivative of Δ with respect to the reference, whose pairwise standard error the perturbed
     * ensemble measures exactly.
     */
    public static double[] truthProjection(ResponseEstimate a, ResponseEstimate b, int lags) {
        if (a.dim() != b.dim() || a.lags() != b.lags()) throw new IllegalArgumentException(a.name() + " and " + b.name() + " differ in shape");
        if (lags < 1 || lags > a.lags()) throw new IllegalArgumentException("lags = " + lags + ": must be in 1 … " + a.lags());
        double[] w = new double[a.lags() * a.dim()], ma = a.mean(), mb = b.mean();
        for (int i = 0; i < lags * a.dim(); i++) w[i] = 2 * (ma[i] - mb[i]);
        return w;
    }

    /**
     * Matrices: every (entry, column) of A and B against the reference's in one comparison, Δ and σ_Δ
     * summed over all of them ({@link ResponseMatrix#flattened}); {@code truthStderr} as below, from
     * {@link #truthProjection(ResponseMatrix, ResponseMatrix, int)} (NaN: the sum bound).
     */
    public static ErrorComparison of(ResponseMatrix a, ResponseMatrix b, ResponseMatrix reference, int lags, double truthStderr) {
        for (ResponseMatrix m : new ResponseMatrix[] {a, b}) {
            if (!m.sameShape(reference)) {
                throw new IllegalArgumentException(m.name() + " and " + reference.name() + " differ in lags, dimension or columns");
            }
        }
        return of(a.flattened(), b.flattened(), reference.flattened(), lags, truthStderr);
    }

    /** {@link #truthProjection(ResponseEstimate, ResponseEstimate, int)} over every entry, in the matrix layout. */
    public static double[] truthProjection(ResponseMatrix a, ResponseMatrix b, int lags) {
        if (!a.sameShape(b)) throw new IllegalArgumentException(a.name() + " and " + b.name() + " differ in shape");
        return truthProjection(a.flattened(), b.flattened(), lags);
    }

    /**
     * As {@link #of(ResponseEstimate, ResponseEstimate, ResponseEstimate, int)}, with the reference's
     * term given exactly: {@code truthStderr} = the standard error of {@link #truthProjection}·T (NaN:
     * use the sum bound).
     */
    public static ErrorComparison of(ResponseEstimate a, ResponseEstimate b, ResponseEstimate reference, int lags,
                                     double truthStderr) {
        int d = reference.dim();
        for (ResponseEstimate e : new ResponseEstimate[] {a, b}) {
            if (e.dim() != d || e.lags() != reference.lags()) {
                throw new IllegalArgumentException(e.name() + " is " + e.lags() + " lags × " + e.dim() + ", reference "
                        + reference.name() + " is " + reference.lags() + " × " + d);
            }
        }
        if (lags < 1 || lags > reference.lags()) {
            throw new IllegalArgumentException("lags = " + lags + ": must be in 1 … " + reference.lags());
        }
        double[] ma = a.mean(), mb = b.mean(), t = reference.mean(), sa = a.stderr(), sb = b.stderr(), st = reference.stderr();
        double delta = 0, sigma = 0;
        for (int i = 0; i < lags * d; i++) {
            double ea = ma[i] - t[i], eb = mb[i] - t[i];
            delta += (eb * eb - sb[i] * sb[i]) - (ea * ea - sa[i] * sa[i]);
            sigma += 2 * (Math.abs(ea) * sa[i] + Math.abs(eb) * sb[i]) + SQRT2 * (sa[i] * sa[i] + sb[i] * sb[i])
                    + 2 * st[i] * (sa[i] + sb[i]);
            if (Double.isNaN(truthStderr)) sigma += 2 * Math.abs(ma[i] - mb[i]) * st[i];
        }
        if (!Double.isNaN(truthStderr)) {
            if (!(truthStderr >= 0) || Double.isInfinite(truthStderr)) {
                throw new IllegalArgumentException("truthStderr = " + truthStderr + ": must be finite and >= 0 (or NaN)");
            }
            sigma += truthStderr;
        }
        return new ErrorComparison(a.name(), b.name(), reference.name(), delta, sigma, lags);
    }
}
