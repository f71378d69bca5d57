package org.scorefdt.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.scorefdt.testing.AutoTiers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scorefdt.backend.java.JavaBackend;
import org.scorefdt.ensemble.Ensemble;
import org.scorefdt.ensemble.EnsembleSpec;
import org.scorefdt.ensemble.SnapshotCollector;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.integrate.OuExact;
import org.scorefdt.model.OuSpde;
import org.scorefdt.response.GfdtEstimator;
import org.scorefdt.response.ResponseEstimate;
import org.scorefdt.score.Bandwidth;
import org.scorefdt.score.KdeScore;
import org.scorefdt.score.KgmmScore;
import org.scorefdt.score.ScoreModel;
import org.scorefdt.score.nn.DsmConfig;
import org.scorefdt.score.nn.DsmTrainer;

/**
 * OU SPDE on a 4×4 grid (d = 16): scores learned from one run's snapshots (KDE, KGMM, DSM-MLP) give,
 * through the normalised grid GFDT, responses close to the exact e^{Mt}. The error bound we reach
 * and test, per lag τ ≥ 1: ‖R_learned − e^{Mτ}e₀‖₂ ≤ 4·√(Σ SE²) + 0.03·‖e^{Mτ}e₀‖₂ — statistical
 * error plus 3% for the learned score's bias (measured ≈ 1% relative L2 error for all three).
 */
class OuLearnedScoresTest {

    @Test
    void learnedScoresGiveTheExactResponse() {
        OuSpde model = new OuSpde(new OuSpde.Params(4, 0.5, 0.01, 0.2, 4e-3, OuSpde.NoiseScaling.GRID));
        IntegratorSpec spec = new IntegratorSpec(Scheme.EXACT_OU, 1.0);
        OuExact exact = new OuExact(model, spec);
        int d = 16, lags = 10;
        double std = Math.sqrt(exact.pixelVariance());
        SnapshotCollector snaps = new SnapshotCollector(d, 1, 8000);
        try (Integrator in = new JavaBackend().integrator(model, spec, Precision.F64, 1, 0)) {
            new Ensemble(in, new EnsembleSpec(32, 0, 250, 1, 1), exact.stationaryInitialCondition(), 1.0).run(List.of(snaps), null);
        }
        double[] data = snaps.data();
        int n = snaps.count();
        Map<String, ScoreModel> scores = new LinkedHashMap<>();
        scores.put("kde", KdeScore.fit(data, n, d, new Bandwidth.Scott(), AutoTiers.open(), 0));
        scores.put("kgmm", KgmmScore.fit(data, n, d, KgmmScore.Config.of(64, 0.5 * std, 1)));
        DsmConfig cfg = DsmConfig.builder().hiddenWidths(64, 64).steps(1500).batchSize(256).sigmaMin(0.05 * std).seed(3).build();
        scores.put("dsm", new DsmTrainer(cfg).train(data, n, d, (s, a, b) -> {}).model());

        GfdtEstimator.Options opts = new GfdtEstimator.Options(lags, 16, true, 0, 1);
        List<GfdtEstimator> estimators = new ArrayList<>();
        scores.forEach((name, score) -> estimators.add(GfdtEstimator.grid(name, score, model.spectralGrid(), 0, 1.0, opts)));
        try (Integrator in = new JavaBackend().integrator(model, spec, Precision.F64, 2, 0)) {
            // A fresh run (seed 2): the response is estimated on data the scores were not fitted on.
            new Ensemble(in, new EnsembleSpec(32, 0, 1000, 1, 2), exact.stationaryInitialCondition(), 1.0).run(estimators, null);
        }
        for (GfdtEstimator g : estimators) {
            ResponseEstimate e = g.estimate();
            for (int t = 1; t < lags; t++) {
                double[] ref = exact.responseColumn(t);
                double err = 0, se = 0, norm = 0;
                for (int i = 0; i < d; i++) {
                    double diff = e.mean()[t * d + i] - ref[i];
                    err += diff * diff;
                    se += e.stderr()[t * d + i] * e.stderr()[t * d + i];
                    norm += ref[i] * ref[i];
                }
                double bound = 4 * Math.sqrt(se) + 0.03 * Math.sqrt(norm);
                assertTrue(Math.sqrt(err) <= bound, e.name() + " lag " + t + ": error " + Math.sqrt(err) + " > bound " + bound);
            }
        }
    }
}
