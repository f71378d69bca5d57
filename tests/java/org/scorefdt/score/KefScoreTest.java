package org.scorefdt.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.scorefdt.api.Simulation;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.ensemble.SnapshotCollector;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.PotentialModel;
import org.scorefdt.rng.Philox;
import org.scorefdt.rng.Streams;

/**
 * {@link KefScore}: the divergence is the score's (finite differences), a Gaussian's score is recovered,
 * and on a bumped validation-family member — whose score no polynomial holds — it is closer to −∇V than
 * the polynomial score on fresh samples, by more than 4 standard errors of the paired difference.
 */
class KefScoreTest {

    @Test
    void divergenceIsTheTraceOfTheScoresJacobian() {
        double[] x = sample(PotentialModel.family(2, true, 1.0, 41).withBump(1, 0.5), 4096, 0);
        KefScore s = KefScore.fit(x, 4096, 2);
        double[] p = {0.3, -0.7}, div = new double[1];
        s.divergence(p, div, 1);
        double fd = 0, h = 1e-5;
        for (int j = 0; j < 2; j++) {
            double[] a = p.clone(), b = p.clone(), sa = new double[2], sb = new double[2];
            a[j] += h;
            b[j] -= h;
            s.score(a, sa, 1);
            s.score(b, sb, 1);
            fd += (sa[j] - sb[j]) / (2 * h);
        }
        assertEquals(fd, div[0], 1e-5 * Math.max(1, Math.abs(fd)));
    }

    @Test
    void gaussianDataGiveTheGaussianScore() {
        int n = 8192, d = 2;
        double[] x = new double[n * d];
        Philox.normals(3, Streams.INITIAL, 0, 0, x, 0, x.length, new Philox.Scratch());
        for (int r = 0; r < n; r++) x[r * d + 1] = 2 * x[r * d + 1] + 1; // N(0, 1) × N(1, 4)
        KefScore s = KefScore.fit(x, n, d);
        double[] p = {0.5, 2.0}, out = new double[2];
        s.score(p, out, 1);
        assertEquals(-0.5, out[0], 0.1);
        assertEquals(-(2.0 - 1) / 4, out[1], 0.1);
        assertTrue(s.selection().isPresent());
    }

    @Test
    void onABumpedMemberItBeatsThePolynomialScore() {
        PotentialModel m = PotentialModel.family(2, true, 1.0, 43).withBump(1, 0.5);
        int n = 16384, fresh = 4096;
        double[] train = sample(m, n, 0), test = sample(m, fresh, 1_000_000);
        ScoreModel exact = new PotentialScore(m);
        double[] kef = errors(KefScore.fit(train, n, 2), exact, test, fresh), poly = errors(PolynomialScore.fit(train, n, 2), exact, test, fresh);
        double[] diff = new double[fresh];
        for (int r = 0; r < fresh; r++) diff[r] = poly[r] - kef[r];
        double[] md = ScoreDiagnostics.blockedMean(diff, fresh);
        assertTrue(md[0] > 4 * md[1], "polynomial − kef mean squared error: " + md[0] + " ± " + md[1]);
    }

    @Test
    void badInputNamesTheProblem() {
        var e = assertThrows(IllegalArgumentException.class, () -> KefScore.fit(new double[10], 5, 2));
        assertTrue(e.getMessage().contains("n = 5"), e.getMessage());
        double[] x = new double[200];
        x[7] = Double.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> KefScore.fit(x, 100, 2));
        assertTrue(e.getMessage().contains("row 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> KefScore.fit(new double[200], 100, 2));
        assertTrue(e.getMessage().contains("constant"), e.getMessage());
    }

    /** Per row |s − s_exact|². */
    private static double[] errors(ScoreModel s, ScoreModel exact, double[] x, int n) {
        double[] a = new double[x.length], b = new double[x.length], e = new double[n];
        s.score(x, a, n);
        exact.score(x, b, n);
        for (int r = 0; r < n; r++) for (int j = 0; j < 2; j++) e[r] += (a[2 * r + j] - b[2 * r + j]) * (a[2 * r + j] - b[2 * r + j]);
        return e;
    }

    /** Snapshots half a time unit apart from 64 members after a spin-up of 10. */
    private static double[] sample(PotentialModel m, int n, long offset) {
        SnapshotCollector snaps = new SnapshotCollector(m.dimension(), 1, n);
        Simulation.of(m).scheme(Scheme.HEUN).dt(0.005).members(64).memberOffset(offset).spinUpSteps(2_000).saves(n / 64).saveEvery(100)
                .seed(23).backend(BackendKind.JAVA).observe(snaps).run();
        return snaps.data();
    }
}
