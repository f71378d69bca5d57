package org.scorefdt.api;

import java.util.List;
import java.util.Locale;
import org.scorefdt.model.InitialCondition;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.AllenCahn;
import org.scorefdt.model.DoubleWell;
import org.scorefdt.model.Lorenz96;
import org.scorefdt.model.Model;
import org.scorefdt.model.NavierStokes2d;
import org.scorefdt.model.OuSpde;

/**
 * The named systems of docs/systems.md with their default integration, for the CLI and examples:
 * {@code double-well} (σ = 0.7, Heun, dt = 0.01), {@code lorenz96} (d = 40, F = 8, σ = 0.5, RK4 + EM,
 * dt = 0.01), {@code ou-spde} (paper parameters on a 16×16 grid, exact scheme, dt = 1),
 * {@code allen-cahn} (paper parameters on the default {@value AllenCahn#DEFAULT_N}×{@value AllenCahn#DEFAULT_N}
 * grid of docs/systems.md §0, RK4 + EM, dt = 1/32 as the authors; tests use 8 or 16 via {@link AllenCahn.Params#paper}) and
 * {@code navier-stokes} (paper parameters on 32×32, RK4 + EM, dt = 1/128).
 */
public enum SystemCatalog {
    DOUBLE_WELL("double-well", new IntegratorSpec(Scheme.HEUN, 0.01)) {
        @Override public Model model() { return new DoubleWell(1, 0.7); }
    },
    LORENZ96("lorenz96", new IntegratorSpec(Scheme.RK4_EM, 0.01)) {
        @Override public Model model() { return Lorenz96.standard(); }
    },
    OU_SPDE("ou-spde", new IntegratorSpec(Scheme.EXACT_OU, 1.0)) {
        @Override public Model model() { return new OuSpde(OuSpde.Params.paper(16)); }
    },
    ALLEN_CAHN("allen-cahn", new IntegratorSpec(Scheme.RK4_EM, 1.0 / 32)) {
        @Override public Model model() { return new AllenCahn(AllenCahn.Params.paper(AllenCahn.DEFAULT_N)); }
    },
    /**
     * docs/systems.md §3 with the paper's parameters (U₀ = π, ν_h = 10⁻², ν = 10⁻⁵, F = 18.75,
     * |k|² ≤ 112.5, dφ = √2 dW, 2/3 dealiasing) on the paper's 32×32 grid ({@link #NAVIER_STOKES_N});
     * RK4 + EM, dt = 1/128. State [ζ (N²) | phases (349)], only ζ observed; starts from
     * ζ = sin 3x·sin 3y with uniform random phases ({@link NavierStokes2d#initialCondition()}).
     */
    NAVIER_STOKES("navier-stokes", new IntegratorSpec(Scheme.RK4_EM, 1.0 / 128)) {
        @Override public Model model() { return NavierStokes2d.paper(NAVIER_STOKES_N); }
    };

    /** Grid size of the catalog's Navier–Stokes system (the paper's). */
    public static final int NAVIER_STOKES_N = 32;

    private final String spelling;
    private final IntegratorSpec integrator;

    SystemCatalog(String spelling, IntegratorSpec integrator) {
        this.spelling = spelling;
        this.integrator = integrator;
    }

    /** A fresh model with the default parameters. */
    public abstract Model model();

    /**
     * The initial condition to start {@code model} (one this entry made) from: the model's own for
     * Navier–Stokes (vorticity field plus random phases), the origin otherwise.
     */
    public InitialCondition initialCondition(Model model) {
        return model instanceof NavierStokes2d ns ? ns.initialCondition() : InitialCondition.zero();
    }

    /** The default scheme and time step. */
    public IntegratorSpec integrator() {
        return integrator;
    }

    public String spelling() {
        return spelling;
    }

    /** Parses a CLI spelling; the message lists the known systems. */
    public static SystemCatalog parse(String s) {
        for (SystemCatalog c : values()) {
            if (c.spelling.equals(s.trim().toLowerCase(Locale.ROOT))) return c;
        }
        throw new IllegalArgumentException("unknown system '" + s + "': expected one of " + names());
    }

    public static List<String> names() {
        return java.util.Arrays.stream(values()).map(SystemCatalog::spelling).toList();
    }
}
