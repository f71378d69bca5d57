package org.scorefdt.config;

import org.scorefdt.model.AllenCahn;
import org.scorefdt.model.Model;
import org.scorefdt.model.OuSpde;
import org.scorefdt.model.OuSpde.NoiseScaling;
import org.scorefdt.util.ConfigName;

/**
 * The {@code [model]} table: the OU SPDE ∂t u = −λΣu + κΔu − A∂x u + εΣ^{1/2}ξ (docs/systems.md §0–1) or the
 * Allen–Cahn SPDE ∂t u = κΔu − A∂x u + αΣ[u(1 − u²)] + εΣ^{1/2}ξ (§2) on an N×N periodic grid.
 * {@link #build()} makes the model; λ is read only by the OU SPDE, α only by Allen–Cahn.
 *
 * @param kind         which SDE: {@code ou-spde} or {@code allen-cahn}
 * @param n            grid points per side N, even, in [4, 256] (even so the Nyquist mode is defined)
 * @param lambda       λ &gt; 0, damping of the smoothed field
 * @param kappa        κ ≥ 0, diffusivity
 * @param advection    A, any finite real; the impulse travels towards +x for A &gt; 0
 * @param epsilon2     ε² &gt; 0, noise variance
 * @param noiseScaling amplitude convention of the noise increment η = ε·c·√dt·Σ^{1/2}w: {@code grid} uses
 *                     c = N (the authors' code, default), {@code continuum} uses c = 1/h with h = 2π/N
 * @param alpha        α &gt; 0, Allen–Cahn reaction strength (default 16, the paper's)
 * @throws ConfigException when a value is out of range
 */
public record ModelConfig(Kind kind, int n, double lambda, double kappa, double advection, double epsilon2,
                          NoiseScaling noiseScaling, double alpha) {

    /**
     * Which SDE the job simulates. The OU job runs {@code ou-spde} only ({@link OuJobConfig} refuses
     * the others); {@code navier-stokes} takes its parameters from {@link NavierStokesConfig}.
     */
    public enum Kind implements ConfigName {
        OU_SPDE("ou-spde"),
        ALLEN_CAHN("allen-cahn"),
        NAVIER_STOKES("navier-stokes");
        private final String n;
        Kind(String n) { this.n = n; }
        @Override public String configName() { return n; }
    }

    /** Smallest and largest grid sizes; 256² already means 65 536 components per member. */
    public static final int MIN_N = 4, MAX_N = 256;

    /** Paper values for λ, κ, A, ε² on the small grid N = 16. */
    public static final ModelConfig DEFAULTS =
            new ModelConfig(Kind.OU_SPDE, 16, 0.04, 2.5e-4, 0.02, 4e-3, NoiseScaling.GRID);

    public ModelConfig {
        Check.notNull("model.kind", kind);
        Check.inRange("model.n", n, MIN_N, MAX_N);
        if (n % 2 != 0) throw ConfigException.invalid("model.n", n, "must be even, in [" + MIN_N + ", " + MAX_N + "]");
        Check.positive("model.lambda", lambda);
        Check.nonNegative("model.kappa", kappa);
        Check.finite("model.advection", advection);
        Check.positive("model.epsilon2", epsilon2);
        Check.notNull("model.noise_scaling", noiseScaling);
        Check.positive("model.alpha", alpha);
    }

    /** The paper's Allen–Cahn α. */
    public static final double DEFAULT_ALPHA = 16;

    /** Without α (the OU SPDE tables): α takes {@link #DEFAULT_ALPHA}. */
    public ModelConfig(Kind kind, int n, double lambda, double kappa, double advection, double epsilon2, NoiseScaling noiseScaling) {
        this(kind, n, lambda, kappa, advection, epsilon2, noiseScaling, DEFAULT_ALPHA);
    }

    /** Copy with another grid size. */
    public ModelConfig withN(int newN) {
        return new ModelConfig(kind, newN, lambda, kappa, advection, epsilon2, noiseScaling, alpha);
    }

    /**
     * The model these values describe: {@link OuSpde} or {@link AllenCahn}.
     *
     * @throws ConfigException for {@code navier-stokes}, whose parameters live in {@link NavierStokesConfig}
     */
    public Model build() {
        return switch (kind) {
            case OU_SPDE -> new OuSpde(new OuSpde.Params(n, lambda, kappa, advection, epsilon2, noiseScaling));
            case ALLEN_CAHN -> new AllenCahn(new AllenCahn.Params(n, alpha, kappa, advection, epsilon2, noiseScaling));
            case NAVIER_STOKES -> throw ConfigException.invalid("model.kind", kind.configName(),
                    "navier-stokes takes its parameters from the [navier_stokes] table (NavierStokesConfig)");
        };
    }
}
