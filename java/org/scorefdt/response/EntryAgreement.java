package org.scorefdt.response;

import org.scorefdt.util.Quantiles;

/**
 * Whether an estimated response matrix agrees with a noisy reference entry by entry, over lags
 * 0 … lagsUsed−1: z = (est − ref)/√(SE_est² + SE_ref²) per (lag, i, column); an entry agrees when
 * |z| ≤ 3 at every lag and |z| ≤ 2 at nine lags in ten, the matrix when every entry does
 * (docs/systems.md §5.11). That per-entry rule fails for an estimator with exactly right error bars
 * more often the more entries there are (docs/score-models.md §12), so the family-wise reading is
 * offered beside it: the worst |z| over all m compared values within the Bonferroni bound
 * z* = F⁻¹(1 − α/(2m)), F Student's t with the estimate's error degrees of freedom ν (B − 1 for B
 * member blocks; the normal when ν = 0, errors taken as exact), a false alarm of at most α for a
 * calibrated estimator at any m.
 *
 * @param lagsUsed      lags compared
 * @param z             z per (lag, i, column) for lag &lt; lagsUsed, {@code [lagsUsed][d][columns]}
 * @param maxAbsZ       per entry {@code [d][columns]}, the largest |z| over the lags
 * @param fractionWithin2 per entry, the fraction of lags with |z| ≤ 2
 * @param errorDof  degrees of freedom of the estimate's standard errors (B − 1 for B blocks), 0: exact
 */
public record EntryAgreement(int lagsUsed, double[] z, double[] maxAbsZ, double[] fractionWithin2, int errorDof) {
    /** |z| no lag may exceed. */
    public static final double EVERY_LAG = 3;
    /** |z| that nine lags in ten must not exceed. */
    public static final double MOST_LAGS = 2;
    /** The share of lags within {@link #MOST_LAGS}. */
    public static final double SHARE = 0.9;
    /** The family-wise false-alarm rate of {@link #agreesFamilyWise()}. */
    public static final double FAMILY_ALPHA = 0.05;

    public EntryAgreement {
        if (errorDof < 0) throw new IllegalArgumentException("errorDof = " + errorDof + ": must be >= 0 (0: exact errors)");
        z = z.clone();
        maxAbsZ = maxAbsZ.clone();
        fractionWithin2 = fractionWithin2.clone();
    }

    @Override public double[] z() { return z.clone(); }
    @Override public double[] maxAbsZ() { return maxAbsZ.clone(); }
    @Override public double[] fractionWithin2() { return fractionWithin2.clone(); }

    /**
     * @param lagsUsed 1 … lags: the lags with τ·Δt ≤ the horizon
     * @throws IllegalArgumentException on differing shapes, lags out of range, or a zero combined error
     */
    public static EntryAgreement of(ResponseMatrix estimate, ResponseMatrix reference, int lagsUsed) {
        return of(estimate, reference, lagsUsed, 0);
    }

    /**
     * As {@link #of(ResponseMatrix, ResponseMatrix, int)}, the estimate's standard errors from B member
     * blocks ({@code errorDof} = B − 1): its family-wise bound is Student's.
     */
    public static EntryAgreement of(ResponseMatrix estimate, ResponseMatrix reference, int lagsUsed, int errorDof) {
        if (!estimate.sameShape(reference)) {
            throw new IllegalArgumentException(estimate.name() + " and " + reference.name() + " differ in lags, dimension or columns");
        }
        if (lagsUsed < 1 || lagsUsed > reference.lags()) {
            throw new IllegalArgumentException("lagsUsed = " + lagsUsed + ": must be in 1 … " + reference.lags());
        }
        int entries = reference.dim() * reference.width();
        double[] e = estimate.mean(), r = reference.mean(), se = estimate.stderr(), sr = reference.stderr();
        double[] z = new double[lagsUsed * entries], max = new double[entries], within = new double[entries];
        for (int t = 0; t < lagsUsed; t++) {
            for (int q = 0; q < entries; q++) {
                int i = t * entries + q;
                double s = Math.sqrt(se[i] * se[i] + sr[i] * sr[i]);
                if (!(s > 0)) throw new IllegalArgumentException("lag " + t + " entry " + q + ": zero combined standard error");
                z[i] = (e[i] - r[i]) / s;
                max[q] = Math.max(max[q], Math.abs(z[i]));
                if (Math.abs(z[i]) <= MOST_LAGS) within[q] += 1.0 / lagsUsed;
            }
        }
        return new EntryAgreement(lagsUsed, z, max, within, errorDof);
    }

    /** Whether entry q (= i·columns + k) agrees. */
    public boolean agrees(int entry) {
        return maxAbsZ[entry] <= EVERY_LAG && fractionWithin2[entry] >= SHARE - 1e-12;
    }

    /** Whether every entry agrees. */
    public boolean agrees() {
        for (int q = 0; q < maxAbsZ.length; q++) if (!agrees(q)) return false;
        return true;
    }

    /** The values compared: lags × entries. */
    public int compared() {
        return z.length;
    }

    /**
     * Bonferroni's z* = F⁻¹(1 − α/(2m)) over the m = {@link #compared()} values, F Student's t with
     * {@link #errorDof()} degrees of freedom (the normal for 0): for an unbiased estimate whose errors
     * are right up to their own sampling noise, P(worst |z| &gt; z*) ≤ α, however the z's are correlated.
     *
     * @param alpha family-wise false-alarm rate in (0, 1)
     */
    public double familyWiseBound(double alpha) {
        return familyWiseBound(alpha, compared(), errorDof);
    }

    /** {@link #familyWiseBound(double)} for m values and ν error degrees of freedom (0: the normal). */
    public static double familyWiseBound(double alpha, int m, int errorDof) {
        return Quantiles.bonferroni(alpha, m, errorDof);
    }

    /** Whether the worst |z| is within {@link #familyWiseBound(double)} at {@link #FAMILY_ALPHA}. */
    public boolean agreesFamilyWise() {
        return worst() <= familyWiseBound(FAMILY_ALPHA);
    }

    /** The largest |z| over every entry and lag compared. */
    public double worst() {
        double w = 0;
        for (double m : maxAbsZ) w = Math.max(w, m);
        return w;
    }
}
