package org.scorefdt.model;

import java.util.Optional;
import org.scorefdt.rng.Philox;
import org.scorefdt.rng.Streams;

/**
 * 2-D incompressible Navier–Stokes in vorticity form with hidden random-wave forcing
 * (docs/systems.md §3) on the N×N periodic grid: ∂t ζ = −(U₀ + ∂yψ) ∂xζ + ∂xψ ∂yζ + Dζ + f
 * − 0.9·mean(f) − mean(ζ), ψ = Δ⁻¹ζ, with phases dφ_k = σ_φ dW_k. State {@code [ζ (N²) | φ (|K|)]}
 * ({@link ForcingModes}); only ζ is observed ({@link #observedDimension()} = N²). Immutable and
 * thread-safe. Discretisation: docs/numerics.md §3.
 */
public final class NavierStokes2d implements Model {

    /** Fraction of the forcing's mean that is removed: f − 0.9·mean(f). */
    public static final double MEAN_FORCING_REMOVED = 0.9;
    /** Relaxation rate of the mean vorticity: − 1·mean(ζ). */
    public static final double MEAN_DAMPING = 1.0;

    /**
     * Parameters (docs/systems.md §3; {@link #paper} gives the defaults).
     *
     * @param n          grid points per side, even, ≥ 4
     * @param u0         mean flow U₀ in x, finite (π)
     * @param nuHypo     hypo-viscosity ν_h ≥ 0 (10⁻²)
     * @param nu         hyper-viscosity ν ≥ 0 (10⁻⁵)
     * @param forcing    forcing amplitude F ≥ 0 (18.75)
     * @param kMax2      forcing radius²: K = {|k|² ≤ kMax2}, ≥ 0 (112.5)
     * @param phaseSigma σ of the phase diffusion dφ = σ dW, ≥ 0 (√2; 0 freezes the forcing)
     * @param dealias    2/3-rule dealiasing of the advection (true; false reproduces the authors)
     */
    public record Params(int n, double u0, double nuHypo, double nu, double forcing, double kMax2, double phaseSigma,
                         boolean dealias) {
        public Params {
            if (n < 4 || n % 2 != 0) throw new IllegalArgumentException("n = " + n + ": must be even and >= 4");
            if (!Double.isFinite(u0)) throw new IllegalArgumentException("u0 = " + u0 + ": must be finite");
            nonNegative("nuHypo", nuHypo);
            nonNegative("nu", nu);
            nonNegative("forcing", forcing);
            nonNegative("kMax2", kMax2);
            nonNegative("phaseSigma", phaseSigma);
        }

        private static void nonNegative(String name, double v) {
            if (!(v >= 0) || Double.isInfinite(v)) throw new IllegalArgumentException(name + " = " + v + ": must be finite and >= 0");
        }

        /** The paper's values on an n×n grid (dealiased). */
        public static Params paper(int n) {
            return new Params(n, Math.PI, 1e-2, 1e-5, 18.75, 112.5, Math.sqrt(2), true);
        }

        /** Copy with dealiasing on or off. */
        public Params withDealias(boolean d) {
            return new Params(n, u0, nuHypo, nu, forcing, kMax2, phaseSigma, d);
        }

        /** Copy with another mean flow U₀. */
        public Params withU0(double v) {
            return new Params(n, v, nuHypo, nu, forcing, kMax2, phaseSigma, dealias);
        }

        /** Copy with forcing amplitude F and phase noise σ_φ (F = 0 or σ_φ = 0 give deterministic variants). */
        public Params withForcing(double f, double sigma) {
            return new Params(n, u0, nuHypo, nu, f, kMax2, sigma, dealias);
        }
    }

    private final Params params;
    private final Grid grid;
    private final ForcingModes modes;
    private final SpectralTables tables;
    private final Noise.Diagonal noise;
    private final ThreadLocal<VorticityDrift> work;

    public NavierStokes2d(Params params) {
        if (params == null) throw new IllegalArgumentException("params must be given");
        this.params = params;
        this.grid = new Grid(params.n());
        this.modes = ForcingModes.of(grid, params.kMax2());
        this.tables = new SpectralTables(grid, params);
        double[] sigma = new double[grid.size() + modes.size()];
        java.util.Arrays.fill(sigma, grid.size(), sigma.length, params.phaseSigma());
        this.noise = new Noise.Diagonal(sigma);
        this.work = ThreadLocal.withInitial(() -> new VorticityDrift(this));
    }

    /** The paper's model on an n×n grid. */
    public static NavierStokes2d paper(int n) {
        return new NavierStokes2d(Params.paper(n));
    }

    public Params params() {
        return params;
    }

    /** The forcing set K (phase j is state component N² + j). */
    public ForcingModes forcingModes() {
        return modes;
    }

    SpectralTables tables() {
        return tables;
    }

    @Override
    public String name() {
        return "navier-stokes";
    }

    @Override
    public int dimension() {
        return grid.size() + modes.size();
    }

    /** N²: only ζ is observed; the phases are hidden integrator state. */
    @Override
    public int observedDimension() {
        return grid.size();
    }

    /** The grid of the observed field ζ (the first N² components). */
    @Override
    public Optional<Grid> grid() {
        return Optional.of(grid);
    }

    @Override
    public Noise.Diagonal noise() {
        return noise;
    }

    @Override
    public void drift(double[] x, int xOff, double[] out, int outOff) {
        work.get().drift(x, xOff, out, outOff);
    }

    /**
     * The advection term alone, −½(u·∇ζ + ∇·(uζ)) (dealiased as configured, no mean flow), of the
     * field {@code zeta[off .. off+N²)} into {@code out[outOff .. outOff+N²)}; for diagnostics and tests.
     */
    public void advection(double[] zeta, int off, double[] out, int outOff) {
        work.get().advection(zeta, off, out, outOff);
    }

    /** The advection in the skew form ({@code skew}) or the advective form −u·∇ζ, for tests of their equality. */
    void advection(double[] zeta, int off, double[] out, int outOff, boolean skew) {
        work.get().advection(zeta, off, out, outOff, skew);
    }

    /**
     * The forcing as it enters the drift, f − 0.9·mean(f), in physical space, for the phases
     * {@code phases[off .. off+|K|)}; writes N² values to {@code out[outOff ..)}.
     */
    public void forcingField(double[] phases, int off, double[] out, int outOff) {
        work.get().forcingField(phases, off, out, outOff);
    }

    /** D(k) = −ν_h/|k|⁴ − ν|k|⁴ (0 at k = 0) of the mode at FFT indices (jy, jx). */
    public double dissipationSymbol(int jy, int jx) {
        return SpectralTables.dissipation(params, grid.k2(jy, jx));
    }

    /** Kinetic energy per unit area, E = ½·mean|∇ψ|² = (1/2N⁴) Σ_{k≠0} |ζ̂(k)|²/|k|², of ζ at {@code off}. */
    public double energy(double[] zeta, int off) {
        return work.get().energy(zeta, off);
    }

    /** Enstrophy per unit area, Z = ½·mean(ζ²), of ζ at {@code off}. */
    public double enstrophy(double[] zeta, int off) {
        double s = 0;
        for (int i = 0; i < grid.size(); i++) s += zeta[off + i] * zeta[off + i];
        return 0.5 * s / grid.size();
    }

    /**
     * Initial states: every member starts from ζ = sin 3x · sin 3y; the phases are uniform on (−π, π],
     * φ_j = atan2(z_{2j+1}, z_{2j}) with z the normals of the {@link Streams#INITIAL} stream at step 0
     * for the global member index (an isotropic Gaussian pair has a uniform angle), so members differ
     * only in their forcing and the draw does not depend on member blocking.
     */
    public InitialCondition initialCondition() {
        int size = grid.size(), k = modes.size(), d = dimension(), n = grid.n();
        double[] zeta0 = new double[size];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                zeta0[y * n + x] = Math.sin(3 * grid.spacing() * x) * Math.sin(3 * grid.spacing() * y);
            }
        }
        return (states, members, memberOffset, seed) -> {
            Philox.Scratch rng = new Philox.Scratch();
            double[] z = new double[2 * k];
            for (int m = 0; m < members; m++) {
                System.arraycopy(zeta0, 0, states, m * d, size);
                Philox.normals(seed, Streams.INITIAL, memberOffset + m, 0, z, 0, 2 * k, rng);
                for (int j = 0; j < k; j++) states[m * d + size + j] = Math.atan2(z[2 * j + 1], z[2 * j]);
            }
        };
    }
}
