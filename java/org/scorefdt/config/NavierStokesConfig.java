package org.scorefdt.config;

import org.scorefdt.model.NavierStokes2d;

/**
 * The {@code [navier_stokes]} table: parameters of the 2-D Navier–Stokes system (docs/systems.md §3),
 * validated here with the key names a TOML file uses, and turned into
 * {@link NavierStokes2d.Params} by {@link #toParams()}. Defaults ({@link #DEFAULTS}) are the paper's
 * on its 32×32 grid.
 *
 * @param n          grid size N, even, in [{@link ModelConfig#MIN_N}, {@link ModelConfig#MAX_N}]
 * @param u0         mean flow U₀ in x, finite (π)
 * @param nuHypo     hypo-viscosity ν_h ≥ 0 (1e-2)
 * @param nu         hyper-viscosity ν ≥ 0 (1e-5)
 * @param forcing    random-wave amplitude F ≥ 0 (18.75)
 * @param kMax2      forcing set |k|² ≤ kMax2, ≥ 0 (112.5)
 * @param phaseSigma σ of the phase diffusion dφ = σ dW, ≥ 0 (√2)
 * @param dealias    2/3-rule dealiasing (true; false reproduces the authors' code)
 * @throws ConfigException naming the key when a value is out of range
 */
public record NavierStokesConfig(int n, double u0, double nuHypo, double nu, double forcing, double kMax2,
                                 double phaseSigma, boolean dealias) {

    /** The paper's values on 32×32. */
    public static final NavierStokesConfig DEFAULTS = of(NavierStokes2d.Params.paper(32));

    public NavierStokesConfig {
        Check.inRange("navier_stokes.n", n, ModelConfig.MIN_N, ModelConfig.MAX_N);
        if (n % 2 != 0) {
            throw ConfigException.invalid("navier_stokes.n", n, "must be even, in [" + ModelConfig.MIN_N + ", " + ModelConfig.MAX_N + "]");
        }
        Check.finite("navier_stokes.u0", u0);
        Check.nonNegative("navier_stokes.nu_hypo", nuHypo);
        Check.nonNegative("navier_stokes.nu", nu);
        Check.nonNegative("navier_stokes.forcing", forcing);
        Check.nonNegative("navier_stokes.k_max2", kMax2);
        Check.nonNegative("navier_stokes.phase_sigma", phaseSigma);
    }

    /** The table holding the given model parameters. */
    public static NavierStokesConfig of(NavierStokes2d.Params p) {
        return new NavierStokesConfig(p.n(), p.u0(), p.nuHypo(), p.nu(), p.forcing(), p.kMax2(), p.phaseSigma(), p.dealias());
    }

    /** The model parameters. */
    public NavierStokes2d.Params toParams() {
        return new NavierStokes2d.Params(n, u0, nuHypo, nu, forcing, kMax2, phaseSigma, dealias);
    }
}
