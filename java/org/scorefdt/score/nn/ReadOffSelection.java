package org.scorefdt.score.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.scorefdt.score.ScoreDiagnostics;

/**
 * The read-off of a trained {@link DsmScore} chosen on held-out rows (docs/score-models.md §4.1):
 * every candidate — the levels σ_r = σ_min·√2^k up to {@link #MAX_FRACTION} of the data's RMS standard
 * deviation, and at each (while 2σ_r ≤ σ_max) the extrapolation σ → 0 from σ_r and 2σ_r — is scored by
 * the Hyvärinen loss J = ⟨½|s|² + ∇·s⟩ on the rows no weight was fitted to, and the lowest J wins.
 * J equals ½⟨|s − ∇log p|²⟩ up to a constant, so the winner is the candidate nearest the true score in
 * mean square, without the truth. The Stein diagonal of each candidate is reported alongside.
 *
 * @param candidates every candidate with its criterion values, in grid order
 * @param chosen     index of the winner in {@code candidates}
 */
public record ReadOffSelection(List<Candidate> candidates, int chosen) {
    /** Levels stop at this fraction of the RMS per-component standard deviation of the data. */
    public static final double MAX_FRACTION = 0.5;
    /** Ratio between neighbouring levels of the grid. */
    public static final double GRID_RATIO = Math.sqrt(2);

    /**
     * One candidate and its held-out criteria.
     *
     * @param readOff             the read-off
     * @param hyvarinen           held-out J (lower is better), NaN when not evaluated
     * @param hyvarinenStderr     its standard error
     * @param steinDiagonal       held-out −mean_i ⟨s_i(x_i − x̄_i)⟩ (1 for the true score)
     * @param steinDiagonalStderr its standard error
     */
    public record Candidate(ReadOff readOff, double hyvarinen, double hyvarinenStderr, double steinDiagonal,
                            double steinDiagonalStderr) {}

    public ReadOffSelection {
        candidates = List.copyOf(candidates);
        if (chosen < 0 || chosen >= candidates.size()) {
            throw new IllegalArgumentException("chosen = " + chosen + ": must index one of " + candidates.size() + " candidates");
        }
    }

    /** No selection: the one read-off given, criteria not evaluated. */
    public static ReadOffSelection fixed(ReadOff readOff) {
        return new ReadOffSelection(List.of(new Candidate(readOff, Double.NaN, Double.NaN, Double.NaN, Double.NaN)), 0);
    }

    /** The winner's read-off. */
    public ReadOff readOff() {
        return candidates.get(chosen).readOff();
    }

    /** The winner. */
    public Candidate winner() {
        return candidates.get(chosen);
    }

    /** Whether candidates were compared (else the read-off was fixed). */
    public boolean selected() {
        return candidates.size() > 1;
    }

    /** One line for logs and reports. */
    public String summary() {
        Candidate w = winner();
        if (!selected()) return "read off at " + w.readOff().describe() + " (not selected)";
        return String.format(Locale.ROOT, "read off at %s: lowest held-out Hyvärinen loss %.4g ± %.2g of %d candidates "
                + "(Stein diagonal %.3f ± %.3f)", w.readOff().describe(), w.hyvarinen(), w.hyvarinenStderr(), candidates.size(),
                w.steinDiagonal(), w.steinDiagonalStderr());
    }

    /**
     * Scores every candidate read-off of {@code model} on {@code heldOut} {@code [n][d]} (rows no weight
     * was fitted to; n ≥ 2·{@link ScoreDiagnostics#BLOCKS}) and keeps the lowest J.
     *
     * @param seed draws the diagnostics' test functions and probes
     */
    public static ReadOffSelection select(DsmScore model, double[] heldOut, int n, long seed) {
        List<ReadOff> grid = grid(model);
        List<Candidate> out = new ArrayList<>(grid.size());
        int best = 0;
        for (ReadOff r : grid) {
            ScoreDiagnostics.Report rep = ScoreDiagnostics.of(model.withReadOff(r), heldOut, n, 0, seed);
            double j = rep.hyvarinen();
            out.add(new Candidate(r, j, rep.hyvarinenStderr(), rep.steinDiagonal(), rep.steinDiagonalStderr()));
            // NaN (a non-finite score) never wins
            if (j < out.get(best).hyvarinen() || Double.isNaN(out.get(best).hyvarinen())) best = out.size() - 1;
        }
        return new ReadOffSelection(out, best);
    }

    /** The candidates: levels σ_min·√2^k up to the cap, each followed by its extrapolation while 2σ_r ≤ σ_max. */
    static List<ReadOff> grid(DsmScore model) {
        double ms = 0;
        for (double s : model.std()) ms += s * s;
        double cap = MAX_FRACTION * Math.sqrt(ms / model.dimension());
        NoiseSchedule sch = model.schedule();
        List<ReadOff> grid = new ArrayList<>();
        for (int k = 0; ; k++) {
            double sigma = sch.sigmaMin() * StrictMath.pow(GRID_RATIO, k);
            if (k > 0 && (sigma > cap || sigma > sch.sigmaMax())) break;
            grid.add(ReadOff.at(sigma));
            if (ReadOff.RATIO * sigma <= sch.sigmaMax()) grid.add(new ReadOff(sigma, true));
        }
        return grid;
    }
}
