package org.scorefdt.score;

import java.util.Optional;

/**
 * A smoothed score extrapolated to zero smoothing: for a score estimate s_h of p ∗ N(0, h²I) whose
 * bias is a(x)·h² + O(h⁴), the pair at h and r·h gives
 * <pre>  s₀(x) ≈ (r² s_h(x) − s_{rh}(x)) / (r² − 1),</pre>
 * which cancels the h² term (Richardson extrapolation; derivation in docs/score-models.md §10). Used
 * for the KDE (h the bandwidth) and KGMM (h = σ). Immutable and thread-safe when both parts are;
 * {@link #close} closes parts that are {@link AutoCloseable}.
 */
public final class RichardsonScore implements ScoreModel, AutoCloseable {
    private final ScoreModel fine, coarse;
    private final double ratio, weight;
    private final HyperparameterChoice selection;

    private RichardsonScore(ScoreModel fine, ScoreModel coarse, double ratio, HyperparameterChoice selection) {
        this.fine = fine;
        this.coarse = coarse;
        this.ratio = ratio;
        this.weight = ratio * ratio / (ratio * ratio - 1);
        this.selection = selection;
    }

    /**
     * The extrapolation of {@code fine} (smoothing h) and {@code coarse} (smoothing r·h).
     *
     * @param ratio r = h_coarse / h_fine, finite and &gt; 1
     * @throws IllegalArgumentException on a bad ratio or parts of different dimensions
     */
    public static RichardsonScore of(ScoreModel fine, ScoreModel coarse, double ratio) {
        return of(fine, coarse, ratio, null);
    }

    /** As {@link #of(ScoreModel, ScoreModel, double)}, recording how the smoothing was chosen ({@code null}: given). */
    public static RichardsonScore of(ScoreModel fine, ScoreModel coarse, double ratio, HyperparameterChoice selection) {
        if (!(ratio > 1) || Double.isInfinite(ratio)) {
            throw new IllegalArgumentException("Richardson smoothing ratio r = " + ratio + ": must be finite and > 1");
        }
        if (fine.dimension() != coarse.dimension()) {
            throw new IllegalArgumentException("Richardson parts have dimensions " + fine.dimension() + " and " + coarse.dimension());
        }
        return new RichardsonScore(fine, coarse, ratio, selection);
    }

    @Override
    public int dimension() {
        return fine.dimension();
    }

    @Override
    public void score(double[] x, double[] out, int members) {
        int len = members * fine.dimension();
        double[] c = new double[len];
        fine.score(x, out, members);
        coarse.score(x, c, members);
        // w s_h + (1 − w) s_rh with w = r²/(r² − 1): the same combination as (r² s_h − s_rh)/(r² − 1).
        for (int i = 0; i < len; i++) out[i] = weight * out[i] + (1 - weight) * c[i];
    }

    /** The less smoothed part (h). */
    public ScoreModel fine() {
        return fine;
    }

    /** The more smoothed part (r·h). */
    public ScoreModel coarse() {
        return coarse;
    }

    /** r = h_coarse / h_fine. */
    public double ratio() {
        return ratio;
    }

    /** How the smoothing was chosen, when it was chosen on held-out data. */
    public Optional<HyperparameterChoice> selection() {
        return Optional.ofNullable(selection);
    }

    @Override
    public String name() {
        return fine.name();
    }

    @Override
    public void close() {
        for (ScoreModel m : new ScoreModel[] {fine, coarse}) {
            if (m instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing a Richardson part: " + e.getMessage(), e);
                }
            }
        }
    }
}
