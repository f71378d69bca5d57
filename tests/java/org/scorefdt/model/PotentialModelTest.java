package org.scorefdt.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.scorefdt.api.Simulation;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.ensemble.SnapshotCollector;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.score.ScoreDiagnostics;

/**
 * The validation family's systems: drift = −(I + γJ)∇V against finite differences of V, the family's
 * draws, and — the property the family exists for — p ∝ exp(−V) is stationary even for γ ≠ 0: the
 * exact score −∇V passes every Stein identity on simulated samples, while the γ = 0 score of a
 * different potential does not.
 */
class PotentialModelTest {

    static double potential(PotentialModel m, double[] x) {
        double[] a = m.a(), b = m.b();
        double v = 0;
        for (int i = 0; i < x.length; i++) v += a[i] * Math.pow(x[i] * x[i] - b[i], 2);
        for (int i = 0; i + 1 < x.length; i++) v += 0.5 * m.c() * Math.pow(x[i] - x[i + 1], 2);
        for (double xi : x) v += m.bump() * Math.exp(-xi * xi / (2 * m.bumpWidth() * m.bumpWidth()));
        return v;
    }

    @ParameterizedTest(name = "bump h = {0}")
    @ValueSource(doubles = {0, 1.2})
    void driftIsMinusIPlusGammaJTimesTheGradientOfV(double h) {
        PotentialModel m = h == 0 ? PotentialModel.family(4, true, 1.5, 7) : PotentialModel.family(4, true, 1.5, 7).withBump(h, 0.5);
        double[] x = {0.3, -1.1, 0.8, 0.2}, g = new double[4], f = new double[4];
        for (int i = 0; i < 4; i++) {
            double[] p = x.clone(), q = x.clone();
            p[i] += 1e-6;
            q[i] -= 1e-6;
            g[i] = (potential(m, p) - potential(m, q)) / 2e-6;
        }
        m.drift(x, 0, f, 0);
        for (int i = 0; i < 4; i++) {
            double jg = (i < 3 ? g[i + 1] : 0) - (i > 0 ? g[i - 1] : 0); // J_{i,i+1} = 1, J_{i,i−1} = −1
            assertEquals(-(g[i] + 1.5 * jg), f[i], 1e-6, "component " + i);
        }
    }

    @Test
    void familyDrawsAreReproducibleAndInRange() {
        PotentialModel a = PotentialModel.family(6, true, 1, 3), b = PotentialModel.family(6, true, 1, 3);
        assertEquals(a, b);
        assertNotEquals(a, PotentialModel.family(6, true, 1, 4));
        for (int i = 0; i < 6; i++) {
            assertTrue(a.a()[i] > 0.5 && a.a()[i] < 1.5 && a.b()[i] > 0.6 && a.b()[i] < 1.4, a.toString());
            double bu = PotentialModel.family(6, false, 1, 3).b()[i];
            assertTrue(bu <= 0 && bu > -1, "unimodal: single wells");
        }
        assertEquals(0, PotentialModel.family(1, true, 0, 1).c(), "no coupling in 1-D");
        assertThrows(IllegalArgumentException.class, () -> PotentialModel.family(0, true, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new PotentialModel(new double[] {-1}, new double[] {1}, 0, 0, "x"));
        assertThrows(IllegalArgumentException.class, () -> a.withBump(-1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> a.withBump(1, 0));
        assertNotEquals(a, a.withBump(1, 0.5));
        assertEquals(a.withBump(1, 0.5), b.withBump(1, 0.5));
        assertTrue(a.withBump(1, 0.5).name().endsWith("-bump1.0w0.5"), a.withBump(1, 0.5).name());
    }

    @ParameterizedTest(name = "bump h = {0}")
    @ValueSource(doubles = {0, 1.0})
    void exponentialOfMinusVIsStationaryEvenWhenNonReversible(double h) {
        PotentialModel m = h == 0 ? PotentialModel.family(2, true, 2.0, 11) : PotentialModel.family(2, true, 2.0, 11).withBump(h, 0.5);
        int members = 256, saves = 400;
        SnapshotCollector snaps = new SnapshotCollector(2, 1, members * saves);
        Simulation.of(m).scheme(Scheme.HEUN).dt(0.002).members(members).spinUpSteps(5_000).saves(saves).saveEvery(250)
                .seed(5).backend(BackendKind.JAVA).observe(snaps).run();
        // Samples in save order: each block holds all members over a stretch of time, so serial correlation
        // crosses block boundaries; 400 saves 0.5 time units apart keep a sixteenth of them longer than it.
        ScoreDiagnostics.Report exact = ScoreDiagnostics.of(new org.scorefdt.score.PotentialScore(m), snaps.data(), snaps.count(), 1);
        assertTrue(exact.passes(), exact.summary());
        assertEquals(1, exact.steinDiagonal(), 4 * exact.steinDiagonalStderr(), exact.summary());
        PotentialModel other = new PotentialModel(m.a(), new double[] {0.2, 0.2}, m.c(), 0, "shallower wells");
        ScoreDiagnostics.Report wrong = ScoreDiagnostics.of(new org.scorefdt.score.PotentialScore(other), snaps.data(), snaps.count(), 1);
        assertTrue(!wrong.passes(), wrong.summary());
        assertArrayEquals(new double[] {0, 0}, exact.meanScore(), 6 * Math.max(exact.meanScoreStderr()[0], exact.meanScoreStderr()[1]));
    }
}
