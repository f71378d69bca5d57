package org.scorefdt.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.scorefdt.backend.java.JavaBackend;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;

/**
 * The Navier–Stokes model against what theory gives exactly: the Taylor–Green-type single-shell
 * solution (no nonlinearity) decaying at e^{D(k)t} and translated by U₀; conservation of energy and
 * enstrophy by the advection (both with dealiasing, only enstrophy without); the 2/3 rule against an
 * alias-free evaluation on a doubled grid; the forcing set, the forcing field against the direct
 * physical-space sum, and the mean-removal terms.
 */
class NavierStokes2dTest {

    /** Deterministic variant: no forcing, frozen phases. */
    static NavierStokes2d unforced(int n, double u0, boolean dealias) {
        return new NavierStokes2d(NavierStokes2d.Params.paper(n).withU0(u0).withForcing(0, 0).withDealias(dealias));
    }

    static double[] run(Model m, double dt, int steps, double[] x0) {
        double[] x = x0.clone();
        try (Integrator in = new JavaBackend().integrator(m, new IntegratorSpec(Scheme.RK4_EM, dt), Precision.F64, 1, 1)) {
            in.advance(x, 1, 0, 0, steps);
        }
        return x;
    }

    /** ζ = sin(a x) sin(b y) on the grid, phases 0. */
    static double[] shell(NavierStokes2d m, int a, int b) {
        int n = m.params().n();
        double h = 2 * Math.PI / n;
        double[] x = new double[m.dimension()];
        for (int y = 0; y < n; y++) for (int c = 0; c < n; c++) x[y * n + c] = Math.sin(a * h * c) * Math.sin(b * h * y);
        return x;
    }

    /** Random field with modes |kx|,|ky| ≤ kmax (real by construction), then the given phases. */
    static double[] randomField(NavierStokes2d m, int kmax, long seed) {
        int n = m.params().n();
        double h = 2 * Math.PI / n;
        Random r = new Random(seed);
        double[] x = new double[m.dimension()];
        for (int ky = 0; ky <= kmax; ky++) {
            for (int kx = -kmax; kx <= kmax; kx++) {
                double amp = r.nextGaussian() / (1 + kx * kx + ky * ky), ph = 2 * Math.PI * r.nextDouble();
                for (int y = 0; y < n; y++) for (int c = 0; c < n; c++) x[y * n + c] += amp * Math.cos(kx * h * c + ky * h * y + ph);
            }
        }
        for (int j = n * n; j < x.length; j++) x[j] = Math.PI * (2 * r.nextDouble() - 1);
        return x;
    }

    /**
     * A single shell has ψ ∝ ζ, so the advection vanishes and ζ(t) = e^{D t} sin(a(x − U₀t)) sin(b y).
     * RK4 multiplies mode (a, b) by R(z)ⁿ, R the degree-4 Taylor polynomial of e^z, z = (D − iU₀a)dt:
     * the run must match that to round-off, and the continuous solution within RK4's truncation
     * error n·|z|⁵/5! (at dt = 1/2048 over t = 1/2 that is below 1e-9). Mode (6, 1) on N = 16 lies
     * outside the 2/3 set (removed from the products, still stepped linearly). Without dealiasing
     * the shell must satisfy 2a, 2b &lt; N/2, or the flux products alias and the solution is not exact.
     */
    @ParameterizedTest(name = "N={0} a={1} b={2} U0={3} dealias={4}")
    @CsvSource({"16, 2, 3, 0, true", "16, 2, 3, 3.141592653589793, true", "16, 6, 1, 3.141592653589793, true",
                "16, 3, 2, 3.141592653589793, false",
                "32, 3, 3, 3.141592653589793, true"})
    void singleShellDecaysAndTranslatesExactly(int n, int a, int b, double u0, boolean dealias) {
        NavierStokes2d m = unforced(n, u0, dealias);
        double k2 = a * a + b * b, dRate = -1e-2 / (k2 * k2) - 1e-5 * k2 * k2;
        assertEquals(dRate, m.dissipationSymbol(b, a), 1e-15 * Math.abs(dRate));
        for (int[] run : new int[][] {{128, 128}, {2048, 1024}}) {
            double dt = 1.0 / run[0];
            int steps = run[1];
            double[] x = run(m, dt, steps, shell(m, a, b));
            double t = steps * dt;
            double zr = dRate * dt, zi = -u0 * a * dt;
            double[] rk = {1, 0}, term = {1, 0};
            for (int j = 1; j <= 4; j++) {  // R(z) = Σ z^j/j!
                double tr = (term[0] * zr - term[1] * zi) / j, ti = (term[0] * zi + term[1] * zr) / j;
                term[0] = tr; term[1] = ti;
                rk[0] += tr; rk[1] += ti;
            }
            double mag = Math.pow(Math.hypot(rk[0], rk[1]), steps), arg = steps * Math.atan2(rk[1], rk[0]);
            double zAbs = Math.hypot(zr, zi), truncation = steps * Math.pow(zAbs, 5) / 120 * 1.1 + 1e-13;
            double maxDiscrete = 0, maxExact = 0;
            double h = 2 * Math.PI / n;
            for (int y = 0; y < n; y++) {
                for (int c = 0; c < n; c++) {
                    // ζ = Im(ρ e^{i a x}) sin(b y): mode +a gets ρ, mode −a its conjugate.
                    double discrete = mag * Math.sin(a * h * c + arg) * Math.sin(b * h * y);
                    double exact = Math.exp(dRate * t) * Math.sin(a * (h * c - u0 * t)) * Math.sin(b * h * y);
                    maxDiscrete = Math.max(maxDiscrete, Math.abs(x[y * n + c] - discrete));
                    maxExact = Math.max(maxExact, Math.abs(x[y * n + c] - exact));
                }
            }
            assertTrue(maxDiscrete < 2e-13, "vs RK4 polynomial: " + maxDiscrete + " at dt=" + dt);
            assertTrue(maxExact < truncation, "vs exact: " + maxExact + " > bound " + truncation + " at dt=" + dt);
            if (run[0] == 2048) assertTrue(maxExact < 1e-9, "vs exact at dt=1/2048: " + maxExact);
        }
    }

    /** Σ ζ·N and Σ ψ·N, relative to |ζ|·|N| and |ψ|·|N|. */
    static double[] invariantRates(NavierStokes2d m, double[] zeta) {
        int n = m.params().n(), size = n * n;
        double[] adv = new double[size];
        m.advection(zeta, 0, adv, 0);
        double[] psi = streamFunction(m, zeta);
        double sz = 0, sp = 0, nz = 0, np = 0, nn = 0;
        for (int i = 0; i < size; i++) {
            sz += zeta[i] * adv[i];
            sp += psi[i] * adv[i];
            nz += zeta[i] * zeta[i];
            np += psi[i] * psi[i];
            nn += adv[i] * adv[i];
        }
        return new double[] {sz / Math.sqrt(nz * nn), sp / Math.sqrt(np * nn)};
    }

    static double[] streamFunction(NavierStokes2d m, double[] zeta) {
        Grid g = new Grid(m.params().n());
        SpectralTransform fft = new SpectralTransform(g);
        double[] s = new double[2 * g.size()], psi = new double[g.size()];
        fft.forward(zeta, 0, s);
        for (int jy = 0; jy < g.n(); jy++) {
            for (int jx = 0; jx < g.n(); jx++) {
                int i = jy * g.n() + jx;
                double k2 = g.k2(jy, jx), f = k2 == 0 ? 0 : -1 / k2;
                s[2 * i] *= f;
                s[2 * i + 1] *= f;
            }
        }
        fft.inverseReal(s, psi, 0);
        return psi;
    }

    /**
     * Galerkin truncation (2/3 rule) conserves both quadratic invariants exactly, so Σζ·N and Σψ·N
     * vanish to round-off. Without dealiasing the skew-symmetric form still conserves enstrophy
     * (the spectral derivative is skew-adjoint on the grid) but aliasing breaks energy conservation:
     * the test requires the energy rate to be far above round-off there (measured ≈ 7e-6 relative for
     * this smooth field at N = 16), which shows it can fail.
     */
    @Test
    void advectionConservesEnergyAndEnstrophyAsTheorySays() {
        for (int n : new int[] {16, 32}) {
            double[] zeta = randomField(unforced(n, 0, true), n / 2 - 1, 7 + n);
            double[] dealiased = invariantRates(unforced(n, Math.PI, true), zeta);
            assertEquals(0, dealiased[0], 1e-14, "enstrophy, dealiased, N=" + n);
            assertEquals(0, dealiased[1], 1e-14, "energy, dealiased, N=" + n);
            double[] aliased = invariantRates(unforced(n, Math.PI, false), zeta);
            assertEquals(0, aliased[0], 1e-14, "enstrophy, skew form without dealiasing, N=" + n);
            assertTrue(Math.abs(aliased[1]) > 1e-8, "energy without dealiasing is not conserved, N=" + n + ": " + aliased[1]);
        }
    }

    /**
     * The dealiased advection on N² equals, on the kept modes, the alias-free advection of the
     * truncated field computed on a 2N grid (products of modes below N/3 reach 2N/3 &lt; N, the doubled
     * grid's Nyquist), and is exactly zero on the removed modes. Without dealiasing the kept modes
     * carry aliasing errors of order one relative.
     */
    @Test
    void twoThirdsRuleLeavesNoAliasedModes() {
        int n = 16, big = 2 * n;
        NavierStokes2d small = unforced(n, 0, true), large = unforced(big, 0, false);
        double[] zeta = randomField(small, n / 2 - 1, 99);
        Grid g = new Grid(n), gb = new Grid(big);
        SpectralTransform f = new SpectralTransform(g), fb = new SpectralTransform(gb);
        double[] s = new double[2 * g.size()], sb = new double[2 * gb.size()];
        f.forward(zeta, 0, s);
        // Truncate to the 2/3 set and zero-pad onto the doubled grid (unnormalised DFT: ×4).
        for (int jy = 0; jy < n; jy++) {
            for (int jx = 0; jx < n; jx++) {
                int ky = g.wavenumber(jy), kx = g.wavenumber(jx);
                if (!SpectralTables.keeps(n, kx, ky)) continue;
                int ib = Math.floorMod(ky, big) * big + Math.floorMod(kx, big), i = jy * n + jx;
                sb[2 * ib] = 4 * s[2 * i];
                sb[2 * ib + 1] = 4 * s[2 * i + 1];
            }
        }
        double[] zb = new double[large.dimension()];
        fb.inverseReal(sb, zb, 0);
        double[] advB = new double[gb.size()], adv = new double[g.size()], advAliased = new double[g.size()];
        large.advection(zb, 0, advB, 0);
        small.advection(zeta, 0, adv, 0);
        unforced(n, 0, false).advection(zeta, 0, advAliased, 0);
        double[] ab = new double[2 * gb.size()], a = new double[2 * g.size()], aa = new double[2 * g.size()];
        fb.forward(advB, 0, ab);
        f.forward(adv, 0, a);
        f.forward(advAliased, 0, aa);
        double err = 0, scale = 0, removed = 0, aliasErr = 0;
        for (int jy = 0; jy < n; jy++) {
            for (int jx = 0; jx < n; jx++) {
                int ky = g.wavenumber(jy), kx = g.wavenumber(jx), i = jy * n + jx;
                if (!SpectralTables.keeps(n, kx, ky)) {
                    removed = Math.max(removed, Math.hypot(a[2 * i], a[2 * i + 1]));
                    continue;
                }
                int ib = Math.floorMod(ky, big) * big + Math.floorMod(kx, big);
                double er = a[2 * i] - ab[2 * ib] / 4, ei = a[2 * i + 1] - ab[2 * ib + 1] / 4;
                err = Math.max(err, Math.hypot(er, ei));
                scale = Math.max(scale, Math.hypot(a[2 * i], a[2 * i + 1]));
                aliasErr = Math.max(aliasErr, Math.hypot(aa[2 * i] - ab[2 * ib] / 4, aa[2 * i + 1] - ab[2 * ib + 1] / 4));
            }
        }
        assertTrue(scale > 1, "non-trivial advection: " + scale);
        assertTrue(err < 1e-12 * scale, "kept modes vs alias-free: " + err + " (scale " + scale + ")");
        assertTrue(removed < 1e-12 * scale, "removed modes must be zero: " + removed);
        assertTrue(aliasErr > 1e-3 * scale, "without dealiasing aliasing must show: " + aliasErr);
    }

    /**
     * With dealiasing the skew form ½(u·∇ζ + ∇·(uζ)) and the advective form u·∇ζ agree to round-off
     * (the model evaluates the cheaper one); without it they differ by the aliasing error.
     */
    @Test
    void dealiasedSkewFormEqualsAdvectiveForm() {
        int n = 16;
        NavierStokes2d dealiased = unforced(n, 0, true), aliased = unforced(n, 0, false);
        double[] zeta = randomField(dealiased, n / 2 - 1, 5);
        double[] skew = new double[n * n], adv = new double[n * n], skewA = new double[n * n], advA = new double[n * n];
        dealiased.advection(zeta, 0, skew, 0, true);
        dealiased.advection(zeta, 0, adv, 0, false);
        aliased.advection(zeta, 0, skewA, 0, true);
        aliased.advection(zeta, 0, advA, 0, false);
        double err = 0, errA = 0, scale = 0;
        for (int i = 0; i < n * n; i++) {
            err = Math.max(err, Math.abs(skew[i] - adv[i]));
            errA = Math.max(errA, Math.abs(skewA[i] - advA[i]));
            scale = Math.max(scale, Math.abs(skew[i]));
        }
        assertTrue(scale > 0.1, "non-trivial advection: " + scale);
        assertTrue(err < 1e-13 * scale, "dealiased skew vs advective: " + err);
        assertTrue(errA > 1e-4 * scale, "without dealiasing the forms differ: " + errA);
    }

    /** |K| for N = 32 is the lattice count of the disc |k|² ≤ 112.5 (radius < 16): Σ_kx (2⌊√(112 − kx²)⌋ + 1) = 349. */
    @Test
    void forcingSetHasTheRightModes() {
        ForcingModes k32 = ForcingModes.of(new Grid(32), 112.5);
        assertEquals(349, k32.size());
        int direct = 0;
        for (int kx = -10; kx <= 10; kx++) direct += 2 * (int) Math.floor(Math.sqrt(112 - kx * kx)) + 1;
        assertEquals(direct, k32.size());
        // N = 16: the whole 15 × 15 square inside the Nyquist row and column (7² + 7² ≤ 112.5).
        ForcingModes k16 = ForcingModes.of(new Grid(16), 112.5);
        assertEquals(225, k16.size());
        int[] kx = k16.kx(), ky = k16.ky(), partner = k16.partner();
        boolean hasZero = false;
        for (int j = 0; j < k16.size(); j++) {
            assertTrue(Math.abs(kx[j]) < 8 && Math.abs(ky[j]) < 8, "Nyquist excluded");
            assertEquals(-kx[j], kx[partner[j]]);
            assertEquals(-ky[j], ky[partner[j]]);
            hasZero |= kx[j] == 0 && ky[j] == 0;
        }
        assertTrue(hasZero, "k = 0 is in K");
        assertEquals(1, ForcingModes.of(new Grid(16), 0).size());
        assertEquals(16 * 16 + 225, NavierStokes2d.paper(16).dimension());
        assertEquals(16 * 16, NavierStokes2d.paper(16).observedDimension());
    }

    /**
     * The spectral forcing equals the direct physical sum (F/N²) Σ_{k∈K} cos(k·x + φ_k) − 0.9·mean(f),
     * and the drift's spatial mean is exactly 0.1·mean(f) − mean(ζ) (advection, D and the mean flow
     * have zero mean).
     */
    @Test
    void forcingFieldAndMeanRemoval() {
        int n = 16;
        NavierStokes2d m = NavierStokes2d.paper(n);
        double[] x = randomField(m, 5, 3);
        for (int i = 0; i < n * n; i++) x[i] += 0.37;  // a mean to relax
        ForcingModes k = m.forcingModes();
        int[] kx = k.kx(), ky = k.ky();
        double h = 2 * Math.PI / n, f = 18.75, size = n * n;
        double[] direct = new double[n * n];
        double mean = 0;
        for (int y = 0; y < n; y++) {
            for (int c = 0; c < n; c++) {
                double s = 0;
                for (int j = 0; j < k.size(); j++) s += Math.cos(kx[j] * h * c + ky[j] * h * y + x[n * n + j]);
                direct[y * n + c] = f / size * s;
                mean += direct[y * n + c] / size;
            }
        }
        double[] field = new double[n * n];
        m.forcingField(x, n * n, field, 0);
        double err = 0, scale = 0;
        for (int i = 0; i < n * n; i++) {
            err = Math.max(err, Math.abs(field[i] - (direct[i] - 0.9 * mean)));
            scale = Math.max(scale, Math.abs(direct[i]));
        }
        assertTrue(err < 1e-13 * Math.max(scale, 1), "forcing field vs direct sum: " + err);
        assertEquals(f / size * Math.cos(x[n * n + k.size() / 2]), mean, 1e-14, "mean(f) = (F/N²) cos φ₀");

        double[] drift = new double[m.dimension()];
        m.drift(x, 0, drift, 0);
        double meanDrift = 0, meanZeta = 0;
        for (int i = 0; i < n * n; i++) {
            meanDrift += drift[i] / size;
            meanZeta += x[i] / size;
        }
        assertEquals(0.1 * mean - meanZeta, meanDrift, 1e-13);
        for (int j = n * n; j < drift.length; j++) assertEquals(0.0, drift[j], "phases have no drift");
    }

    /** With frozen phases mean(ζ) obeys dζ̄/dt = 0.1·mean(f) − ζ̄ exactly: ζ̄(t) = c + (ζ̄₀ − c)e^{−t}. */
    @Test
    void meanVorticityRelaxesAtRateOne() {
        int n = 16;
        NavierStokes2d m = new NavierStokes2d(NavierStokes2d.Params.paper(n).withForcing(18.75, 0));
        double[] x = randomField(m, 4, 5);
        for (int i = 0; i < n * n; i++) x[i] += 1.5;
        double size = n * n, c = 0.1 * 18.75 / size * Math.cos(x[n * n + m.forcingModes().size() / 2]);
        double z0 = 0;
        for (int i = 0; i < n * n; i++) z0 += x[i] / size;
        double[] y = run(m, 1.0 / 128, 128, x);
        double z1 = 0;
        for (int i = 0; i < n * n; i++) z1 += y[i] / size;
        // RK4 on the linear mean equation: factor R(−dt)^128, within 128·dt⁵/120 of e^{−1}.
        assertEquals(c + (z0 - c) * Math.exp(-1), z1, 1e-11 + 128 * Math.pow(1.0 / 128, 5) / 120 * Math.abs(z0 - c));
    }

    @Test
    void badParametersAreNamed() {
        assertThrows(IllegalArgumentException.class, () -> new NavierStokes2d.Params(15, 1, 0, 0, 0, 1, 0, true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NavierStokes2d.Params(16, 1, -1e-2, 0, 0, 1, 0, true));
        assertTrue(e.getMessage().contains("nuHypo = -0.01"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new NavierStokes2d.Params(16, 1, 0, 0, 0, Double.NaN, 0, true));
        assertTrue(e.getMessage().contains("kMax2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new NavierStokes2d.Params(16, Double.POSITIVE_INFINITY, 0, 0, 0, 1, 0, true));
        assertTrue(e.getMessage().contains("u0"), e.getMessage());
    }
}
