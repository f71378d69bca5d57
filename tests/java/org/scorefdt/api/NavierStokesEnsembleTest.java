package org.scorefdt.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.backend.java.JavaBackend;
import org.scorefdt.ensemble.EnsembleSpec;
import org.scorefdt.ensemble.SnapshotCollector;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.NavierStokes2d;
import org.scorefdt.response.PerturbedEnsemble;
import org.scorefdt.response.ResponseEstimate;

/**
 * Navier–Stokes ensembles on the Java tier: observers see ζ only (the phases are hidden), the run is
 * bitwise reproducible whatever the thread count or member blocking, the perturbed-ensemble truth
 * records ζ only, and the catalog entry has the documented defaults.
 */
class NavierStokesEnsembleTest {
    static final int N = 16, SIZE = N * N;
    static final NavierStokes2d MODEL = NavierStokes2d.paper(N);

    /** Snapshots [members][N²] of 4 saves after 64 spin-up steps, every 16 steps (t = 0.5 … 0.875). */
    static double[] snapshots(int members, long offset, int threads, double[] finalStates) {
        SnapshotCollector snaps = new SnapshotCollector(SIZE, 1, 1000);
        SimulationResult r = Simulation.of(MODEL).scheme(Scheme.RK4_EM).dt(1.0 / 128).members(members).memberOffset(offset)
                .spinUpSteps(64).saves(4).saveEvery(16).seed(77).threads(threads).backend(BackendKind.JAVA)
                .initial(MODEL.initialCondition()).observe(snaps).run();
        assertEquals(4 * members, snaps.count());
        if (finalStates != null) System.arraycopy(r.finalStates(), 0, finalStates, 0, r.finalStates().length);
        return snaps.data();
    }

    @Test
    void observersSeeVorticityOnlyAndRunsAreBitwiseReproducible() {
        int members = 5, d = MODEL.dimension();
        double[] fin = new double[members * d];
        double[] one = snapshots(members, 0, 1, fin);
        // The last save's snapshots are the ζ part of the final states: the phases were cut off.
        for (int m = 0; m < members; m++) {
            for (int i = 0; i < SIZE; i++) assertEquals(fin[m * d + i], one[(3 * members + m) * SIZE + i]);
        }
        assertArrayEquals(one, snapshots(members, 0, 2, null), "2 threads");
        double[] a = snapshots(2, 0, 2, null), b = snapshots(3, 2, 1, null);
        for (int save = 0; save < 4; save++) {
            for (int m = 0; m < members; m++) {
                double[] src = m < 2 ? a : b;
                int row = m < 2 ? save * 2 + m : save * 3 + (m - 2);
                for (int i = 0; i < SIZE; i++) {
                    assertEquals(one[(save * members + m) * SIZE + i], src[row * SIZE + i], "blocked, save " + save + " member " + m);
                }
            }
        }
        // Members differ only through their forcing phases and noise: they must have separated.
        double diff = 0;
        for (int i = 0; i < SIZE; i++) diff = Math.max(diff, Math.abs(one[(3 * members) * SIZE + i] - one[(3 * members + 1) * SIZE + i]));
        assertTrue(diff > 1e-3, "members decorrelate: " + diff);
    }

    /**
     * The truth records ζ only; at lag 0 the response is the kick e₀ itself ((x + δ) − x)/δ to round-off,
     * and at lag 1 (one RK4 step, dt = 1/128) the kicked pixel has decayed a little and its neighbours
     * along the mean flow (+x) have started to respond.
     */
    @Test
    void perturbedEnsembleRecordsTheObservedFieldOnly() {
        try (Integrator in = new JavaBackend().integrator(MODEL, new SystemCatalogDefaults().spec(), Precision.F64, 5, 1)) {
            var pe = new PerturbedEnsemble(in, new EnsembleSpec(3, 32, 8, 1, 5), MODEL.initialCondition(), 1.0 / 128,
                    new PerturbedEnsemble.Impulse(0, 1.0 / 64, 4, 4), 0, MODEL.observedDimension());
            ResponseEstimate r = pe.run("truth");
            assertEquals(SIZE, r.dim());
            for (int i = 0; i < SIZE; i++) assertEquals(i == 0 ? 1.0 : 0.0, r.at(0, i), 1e-12, "lag 0, pixel " + i);
            assertTrue(r.at(1, 0) < 1 && r.at(1, 0) > 0.5, "kicked pixel after one step: " + r.at(1, 0));
            assertTrue(Math.abs(r.at(1, 1)) > 1e-3, "downstream neighbour responds: " + r.at(1, 1));
            assertThrows(IllegalArgumentException.class, () -> new PerturbedEnsemble(in, new EnsembleSpec(1, 0, 4, 1, 5),
                    MODEL.initialCondition(), 1.0 / 128, new PerturbedEnsemble.Impulse(SIZE, 0.1, 2, 2), 0, SIZE),
                    "a kick on a hidden phase is refused");
        }
    }

    @Test
    void catalogEntry() {
        SystemCatalog c = SystemCatalog.parse("navier-stokes");
        assertEquals(Scheme.RK4_EM, c.integrator().scheme());
        assertEquals(1.0 / 128, c.integrator().dt());
        NavierStokes2d m = (NavierStokes2d) c.model();
        assertEquals(32, m.params().n());
        assertEquals(32 * 32, m.observedDimension());
        assertEquals(32 * 32 + 349, m.dimension());
        assertTrue(m.params().dealias());
        assertEquals(Math.sqrt(2), m.noise().sigma()[32 * 32]);
        assertEquals(0.0, m.noise().sigma()[0]);
    }

    /** The catalog's scheme and step for the NS entry. */
    private static final class SystemCatalogDefaults {
        org.scorefdt.integrate.IntegratorSpec spec() {
            return SystemCatalog.NAVIER_STOKES.integrator();
        }
    }
}
