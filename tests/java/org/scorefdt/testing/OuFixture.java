package org.scorefdt.testing;

import java.util.List;
import org.scorefdt.backend.java.JavaBackend;
import org.scorefdt.ensemble.Ensemble;
import org.scorefdt.ensemble.EnsembleSpec;
import org.scorefdt.ensemble.Observer;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.integrate.OuExact;
import org.scorefdt.model.OuSpde;

/**
 * A small, fast-decorrelating OU SPDE for response tests: N = 8, λ = 0.5, κ = 0.01, A = 0.2,
 * ε² = 4·10⁻³, exact-OU scheme with dt = 1 and stationary initial states (no spin-up), so every
 * estimator's expectation is known exactly from {@link OuExact}. Slowest mode: |Re m| ≈ 0.13
 * (decorrelation ≈ 8 time units).
 */
public final class OuFixture {
    public static final OuSpde MODEL = new OuSpde(new OuSpde.Params(8, 0.5, 0.01, 0.2, 4e-3, OuSpde.NoiseScaling.GRID));
    public static final IntegratorSpec SPEC = new IntegratorSpec(Scheme.EXACT_OU, 1.0);
    public static final OuExact EXACT = new OuExact(MODEL, SPEC);

    private OuFixture() {}

    /** Runs {@code members} members for {@code saves} saves (every step), feeding the observers. */
    public static double[] run(int members, long saves, long seed, List<? extends Observer> observers) {
        try (Integrator integ = new JavaBackend().integrator(MODEL, SPEC, Precision.F64, seed, 2)) {
            var ens = new Ensemble(integ, new EnsembleSpec(members, 0, saves, 1, seed), EXACT.stationaryInitialCondition(), SPEC.dt());
            return ens.run(observers, null);
        }
    }

    /** Exact stationary samples: {@code n} independent fields [n][N²] from the initial condition. */
    public static double[] stationarySamples(int n, long seed) {
        double[] s = new double[n * MODEL.dimension()];
        EXACT.stationaryInitialCondition().fill(s, n, 0, seed);
        return s;
    }

    /** Exact response columns for an impulse at pixel 0, [lag][N²]. */
    public static double[] exactResponse(int lags) {
        int d = MODEL.dimension();
        double[] r = new double[lags * d];
        for (int t = 0; t < lags; t++) System.arraycopy(EXACT.responseColumn(t), 0, r, t * d, d);
        return r;
    }
}
