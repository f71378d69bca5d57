package org.scorefdt.api.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.backend.ChosenIntegrator;
import org.scorefdt.ensemble.EnsembleSpec;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.Grid;
import org.scorefdt.model.NavierStokes2d;
import org.scorefdt.response.PerturbedEnsemble;
import org.scorefdt.response.ResponseEstimate;

/**
 * The compared subspace of dealiased Navier–Stokes ({@link RetainedModes}): the 2/3-rule set, the
 * projection, and the two facts that justify comparing there — the model's advection neither reaches
 * nor reads the removed modes, and the perturbed-ensemble truth's removed part is exactly the linear
 * response of those modes (the RK4 amplification of (D(k) − iU₀kx)·dt per step), identical for any
 * method that treats it exactly.
 */
class RetainedModesTest {

    @Test
    void twoThirdsKeepsModesWithThreeAbsKBelowN() {
        assertEquals(25, RetainedModes.twoThirds(new Grid(8)).count());   // |kx|, |ky| <= 2
        assertEquals(441, RetainedModes.twoThirds(new Grid(32)).count()); // |k| <= 10: 21²
        assertThrows(IllegalArgumentException.class, () -> new RetainedModes(new Grid(8), new boolean[63]));
    }

    @Test
    void projectionKeepsRetainedModesRemovesTheRestAndIsIdempotent() {
        int n = 8;
        RetainedModes p = RetainedModes.twoThirds(new Grid(n));
        double[] kept = new double[n * n], removed = new double[n * n], both = new double[n * n];
        double h = 2 * Math.PI / n;
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                kept[y * n + x] = Math.cos(2 * x * h + y * h) + 0.3;           // (2, 1) and k = 0: retained
                removed[y * n + x] = Math.sin(3 * x * h) + Math.cos(4 * y * h); // kx = 3 and the Nyquist row
                both[y * n + x] = kept[y * n + x] + removed[y * n + x];
            }
        }
        double[] k = kept.clone();
        p.project(k, 0);
        double[] r = removed.clone();
        p.project(r, 0);
        p.project(both, 0);
        double[] twice = both.clone();
        p.project(twice, 0);
        for (int i = 0; i < n * n; i++) {
            assertEquals(kept[i], k[i], 1e-13, "kept " + i);
            assertEquals(0, r[i], 1e-13, "removed " + i);
            assertEquals(kept[i], both[i], 1e-13, "sum " + i);
            assertEquals(both[i], twice[i], 1e-13, "idempotent " + i);
        }
    }

    /** The set matches the model's own dealiasing: advection lies in it and ignores the removed modes. */
    @Test
    void advectionOfTheModelLivesOnAndReadsOnlyTheRetainedModes() {
        int n = 16;
        NavierStokes2d ns = NavierStokes2d.paper(n);
        RetainedModes p = RetainedModes.twoThirds(new Grid(n));
        Random rnd = new Random(5);
        double[] zeta = new double[n * n];
        for (int i = 0; i < zeta.length; i++) zeta[i] = rnd.nextGaussian();
        double[] projected = zeta.clone();
        p.project(projected, 0);
        double[] a = new double[n * n], ap = new double[n * n];
        ns.advection(zeta, 0, a, 0);
        ns.advection(projected, 0, ap, 0);
        double[] pa = a.clone();
        p.project(pa, 0);
        double scale = 0;
        for (double v : a) scale = Math.max(scale, Math.abs(v));
        assertTrue(scale > 1, "advection of a white field is O(1): " + scale);
        for (int i = 0; i < n * n; i++) {
            assertEquals(a[i], pa[i], 1e-12 * scale, "advection has a removed-mode part at " + i);
            assertEquals(a[i], ap[i], 1e-12 * scale, "advection reads removed modes at " + i);
        }
    }

    /**
     * Paired runs of the paper's model at N = 8 (Java tier): the truth minus its projection equals the
     * exact linear response of the removed modes, (1/N²)·Σ_{k removed} g(k)^steps e^{ik·x} with g the RK4
     * amplification of z = (D(k) − iU₀kx)·dt, to round-off (the pair difference there is deterministic).
     */
    @Test
    void truthOnTheRemovedModesIsTheirExactLinearResponse() {
        int n = 8, d = n * n, lags = 8, saveEvery = 16;
        double dt = 1.0 / 128;
        NavierStokes2d ns = NavierStokes2d.paper(n);
        Grid grid = new Grid(n);
        RetainedModes p = RetainedModes.twoThirds(grid);
        IntegratorSpec spec = new IntegratorSpec(Scheme.RK4_EM, dt);
        ResponseEstimate truth;
        try (ChosenIntegrator ci = ChosenIntegrator.open(BackendKind.JAVA, ns, spec, Precision.F64, 9, 1)) {
            EnsembleSpec es = new EnsembleSpec(3, 128, lags, saveEvery, 9);
            var kick = new PerturbedEnsemble.Impulse(0, 1.0 / 64, lags, lags);
            truth = new PerturbedEnsemble(ci.integrator(), es, ns.initialCondition(), dt, kick, 0, d).run("truth");
        }
        assertEquals(d, truth.dim());
        for (int t = 0; t < lags; t++) {
            double[] removedPart = truth.lag(t);
            double[] kept = removedPart.clone();
            p.project(kept, 0);
            for (int i = 0; i < d; i++) removedPart[i] -= kept[i];
            double[] exact = linearRemovedResponse(ns, grid, p, dt, (long) t * saveEvery);
            double norm = 0;
            for (int i = 0; i < d; i++) {
                assertEquals(exact[i], removedPart[i], 1e-9, "lag " + t + " pixel " + i);
                norm += exact[i] * exact[i];
            }
            // 39 of 64 modes removed: |P⊥e₀|² = 39/64 at lag 0, then slow decay (hypo/hyper-viscosity only).
            if (t == 0) assertEquals(39.0 / 64, norm, 1e-12);
            else assertTrue(norm > 0.2, "removed part decays slowly: " + norm);
        }
    }

    /** (1/N²) Σ_{k removed} g(k)^steps e^{ik·x} at every pixel, g = 1 + z + z²/2 + z³/6 + z⁴/24. */
    private static double[] linearRemovedResponse(NavierStokes2d ns, Grid grid, RetainedModes p, double dt, long steps) {
        int n = grid.n(), d = n * n;
        double u0 = ns.params().u0();
        double[] out = new double[d];
        for (int jy = 0; jy < n; jy++) {
            for (int jx = 0; jx < n; jx++) {
                if (retained(n, grid, jy, jx)) continue;
                double zr = ns.dissipationSymbol(jy, jx) * dt, zi = -u0 * grid.kxForDerivative(jx) * dt;
                // g = 1 + z + z²/2 + z³/6 + z⁴/24 (complex), then g^steps
                double[] z2 = mul(zr, zi, zr, zi), z3 = mul(z2[0], z2[1], zr, zi), z4 = mul(z3[0], z3[1], zr, zi);
                double gr = 1 + zr + z2[0] / 2 + z3[0] / 6 + z4[0] / 24, gi = zi + z2[1] / 2 + z3[1] / 6 + z4[1] / 24;
                double mod = Math.pow(Math.hypot(gr, gi), steps), arg = steps * Math.atan2(gi, gr);
                for (int y = 0; y < n; y++) {
                    for (int x = 0; x < n; x++) {
                        double ph = 2 * Math.PI * ((double) jx * x + (double) jy * y) / n + arg;
                        out[y * n + x] += mod * Math.cos(ph) / d;
                    }
                }
            }
        }
        return out;
    }

    private static boolean retained(int n, Grid grid, int jy, int jx) {
        return 3 * Math.abs(grid.wavenumber(jx)) < n && 3 * Math.abs(grid.wavenumber(jy)) < n;
    }

    private static double[] mul(double ar, double ai, double br, double bi) {
        return new double[] {ar * br - ai * bi, ar * bi + ai * br};
    }
}
