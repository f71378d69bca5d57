package org.scorefdt.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.scorefdt.testing.AutoTiers;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.scorefdt.score.ScoreDiagnostics;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.DoubleWell;
import org.scorefdt.response.Perturbation;
import org.scorefdt.response.ResponseEstimate;
import org.scorefdt.response.ResponseMetrics;
import org.scorefdt.score.Bandwidth;
import org.scorefdt.score.KdeScore;
import org.scorefdt.score.ScoreModel;

/**
 * The double well is non-Gaussian: the GFDT with its exact score must match the perturbed-ensemble
 * truth, and beat the quasi-Gaussian estimate R(t) = C(t)/C(0) by more than the statistical noise.
 */
class DoubleWellResponseTest {
    static final DoubleWell MODEL = new DoubleWell(1, 0.7);

    static ScoreModel exactScore() {
        return new ScoreModel() {
            @Override public int dimension() { return 1; }
            @Override public void score(double[] x, double[] out, int members) {
                for (int m = 0; m < members; m++) out[m] = MODEL.exactScore(x[m]);
            }
            @Override public String name() { return "exact"; }
        };
    }

    @Test
    void exactScoreBeatsQuasiGaussianAgainstTheTruth() {
        var spec = new ResponseComparison.Spec(MODEL, new IntegratorSpec(Scheme.HEUN, 0.01), 256, 2000, 4000, 10,
                40, 16, new Perturbation.Impulse(0), 0.05, 256, 4000, 50, 10, 20_000, 99, BackendKind.AUTO);
        Map<String, Function<double[], ScoreModel>> scores = Map.of("exact", data -> exactScore());
        ResponseComparison.Result r = ResponseComparison.run(spec, scores);

        ResponseMetrics exact = r.metrics("exact"), gauss = r.metrics("quasi-gaussian");
        ResponseEstimate ex = r.estimates().stream().filter(e -> e.name().equals("exact")).findFirst().orElseThrow();
        // Per lag: exact-score GFDT within k·(its SE ⊕ truth SE) of the truth, k from Bonferroni over 40
        // lags, plus 1% of the response for the truth's finite kick δ = 0.05 (its O(δ) nonlinearity).
        double k = org.scorefdt.testing.Stats.bonferroniK(1e-3, 40);
        for (int t = 0; t < 40; t++) {
            double se = Math.hypot(ex.stderr()[t], r.truth().stderr()[t]);
            assertTrue(Math.abs(ex.mean()[t] - r.truth().mean()[t]) <= k * se + 0.01 * Math.abs(r.truth().mean()[t]),
                    "lag " + t + ": exact-score GFDT " + ex.mean()[t] + " vs truth " + r.truth().mean()[t] + " ± " + se);
        }
        assertTrue(gauss.meanL2() > 2 * exact.meanL2() + 3 * mean(exact.noiseFloor()),
                "quasi-Gaussian error " + gauss.meanL2() + " should clearly exceed the score-based " + exact.meanL2());

        // Truth-free diagnostics on fresh samples (4096 of them, members after the truth's): the exact
        // score holds every identity; the Gaussian fitted to this bimodal law holds the linear ones and
        // fails the Fourier test functions.
        ScoreDiagnostics.Report de = r.diagnostics().get("exact"), dq = r.diagnostics().get("quasi-gaussian");
        assertTrue(de.samples() == 4096 && de.passes(), de.summary());
        assertTrue(!dq.passes() && dq.worst().startsWith("test function"), dq.summary());
        assertTrue(de.hyvarinen() < dq.hyvarinen(), "the Hyvärinen loss ranks the exact score first without the truth");
    }

    /**
     * A learned score — KDE fitted on the run's own snapshots (Scott bandwidth) — also beats the
     * quasi-Gaussian estimate: its smoothing bias costs far less than ignoring the non-Gaussianity.
     */
    @Test
    void kdeScoreBeatsQuasiGaussianAgainstTheTruth() {
        var spec = new ResponseComparison.Spec(MODEL, new IntegratorSpec(Scheme.HEUN, 0.01), 64, 2000, 2000, 10,
                40, 16, new Perturbation.Impulse(0), 0.05, 256, 4000, 50, 20, 4_000, 7, BackendKind.AUTO);
        Map<String, Function<double[], ScoreModel>> scores = Map.of("kde",
                data -> KdeScore.fit(data, data.length, 1, new Bandwidth.Scott(), AutoTiers.open(), 0));
        ResponseComparison.Result r = ResponseComparison.run(spec, scores);
        ResponseMetrics kde = r.metrics("kde"), gauss = r.metrics("quasi-gaussian");
        assertTrue(gauss.meanL2() > 2 * kde.meanL2(),
                "quasi-Gaussian error " + gauss.meanL2() + " should clearly exceed the KDE-score error " + kde.meanL2());
        assertTrue(kde.meanL2() < 0.1, "KDE-score GFDT error " + kde.meanL2() + " vs truth");
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x / v.length;
        return s;
    }
}
