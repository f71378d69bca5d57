package org.scorefdt.score.nn;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.scorefdt.api.Simulation;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.ensemble.SnapshotCollector;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.Model;
import org.scorefdt.model.PotentialModel;
import org.scorefdt.score.PotentialScore;
import org.scorefdt.score.ScoreDiagnostics;
import org.scorefdt.score.ScoreModel;

/** Measurement harness (not a check): default DSM on the double well and a 2-D family member. */
class DsmDefaultsExperiment {
    static double[] simulate(Model m, int members, int saves, long offset, double dt, int every) {
        SnapshotCollector snaps = new SnapshotCollector(m.dimension(), 1, members * saves);
        Simulation.of(m).scheme(Scheme.HEUN).dt(dt).members(members).memberOffset(offset).spinUpSteps(2_000).saves(saves)
                .saveEvery(every).seed(17).backend(BackendKind.JAVA).observe(snaps).run();
        return snaps.data();
    }

    static double mse(ScoreModel s, ScoreModel exact, double[] x, int n) {
        double[] a = new double[x.length], b = new double[x.length];
        s.score(x, a, n);
        exact.score(x, b, n);
        double e = 0;
        for (int i = 0; i < x.length; i++) e += (a[i] - b[i]) * (a[i] - b[i]);
        return e / n;
    }

    void run(String name, double[] train, int n, int d, double[] test, int nt, ScoreModel exact, DsmConfig cfg) {
        long t0 = System.nanoTime();
        DsmResult r = new DsmTrainer(cfg).train(train, n, d, TrainingListener.NONE);
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "%s: %.1f s, %s%n", name, secs, r.message());
        for (ReadOffSelection.Candidate c : r.readOff().candidates()) {
            DsmScore m = r.model().withReadOff(c.readOff());
            ScoreDiagnostics.Report rep = ScoreDiagnostics.of(m, test, nt, 1);
            System.out.printf(Locale.ROOT, "  %-28s J %.4f ± %.4f stein %.3f  | fresh: mse %.4f J %.4f stein %.3f ± %.3f maxz %.2f%n",
                    c.readOff().describe(), c.hyvarinen(), c.hyvarinenStderr(), c.steinDiagonal(), mse(m, exact, test, nt),
                    rep.hyvarinen(), rep.steinDiagonal(), rep.steinDiagonalStderr(), rep.maxAbsZ());
        }
        ScoreDiagnostics.Report fin = ScoreDiagnostics.of(r.model(), test, nt, 1);
        System.out.println("  chosen: " + r.readOff().readOff().describe() + " fresh " + fin.summary());
    }

    @Test
    void measure() {
        String which = System.getProperty("exp", "dw,pm");
        int steps = Integer.getInteger("steps", DsmConfig.DEFAULT_STEPS);
        int patience = Integer.getInteger("patience", DsmConfig.DEFAULT_PATIENCE);
        long fseed = Long.getLong("fseed", 7);
        DsmConfig cfg = DsmConfig.builder().steps(steps).patience(patience).seed(1)
                .batchSize(Integer.getInteger("batch", DsmConfig.DEFAULT_BATCH))
                .learningRate(Double.parseDouble(System.getProperty("lr", "" + DsmConfig.DEFAULT_LEARNING_RATE))).build();
        if (which.contains("dw")) {
            double[] x = Fixtures.doubleWell(8000, 0.7, Long.getLong("dseed", 3)), t = Fixtures.doubleWell(4096, 0.7, 4);
            var dw = new org.scorefdt.model.DoubleWell(1, 0.7);
            ScoreModel exact = new ScoreModel() {
                public int dimension() { return 1; }
                public void score(double[] y, double[] o, int m) { for (int i = 0; i < m; i++) o[i] = dw.exactScore(y[i]); }
            };
            run("double-well", x, 8000, 1, t, 4096, exact, cfg);
            if (which.contains("nostop")) run("double-well no early stop", x, 8000, 1, t, 4096, exact, cfg.toBuilder().patience(100_000).build());
        }
        if (which.contains("pm")) {
            PotentialModel m = PotentialModel.family(2, true, 1.0, fseed);
            double[] x = simulate(m, 64, 125, 0, 0.005, 200), t = simulate(m, 128, 32, 10_000, 0.005, 200);
            if (which.contains("variants")) {
                run("batch256", x, 8000, 2, t, 4096, new PotentialScore(m), cfg.toBuilder().batchSize(256).build());
                run("lr2e-3", x, 8000, 2, t, 4096, new PotentialScore(m), cfg.toBuilder().learningRate(2e-3).build());
                run("sigmaMin0.03", x, 8000, 2, t, 4096, new PotentialScore(m), cfg.toBuilder().sigmaMin(0.03).build());
                run("steps20k", x, 8000, 2, t, 4096, new PotentialScore(m), cfg.toBuilder().steps(20000).build());
            } else {
                run(m.name(), x, 8000, 2, t, 4096, new PotentialScore(m), cfg);
            }
        }
    }
}
