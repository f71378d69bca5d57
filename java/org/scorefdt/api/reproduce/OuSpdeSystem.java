package org.scorefdt.api.reproduce;

import java.util.Optional;
import org.scorefdt.model.InitialCondition;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.Model;
import org.scorefdt.integrate.OuExact;
import org.scorefdt.model.OuSpde;
import org.scorefdt.score.ExactOuScore;
import org.scorefdt.score.ScoreModel;

/**
 * The OU SPDE of docs/systems.md §1 with the paper's parameters: members start from the exact
 * stationary law of the scheme in use (so no spin-up is needed), the analytic score is the exact
 * −C⁻¹u, and the exact response e^{Mτ}e₀ (the scheme's n-step power per mode) is the reference
 * that both estimators and the truth must agree with.
 */
public final class OuSpdeSystem implements ReproductionSystem {

    @Override
    public String name() {
        return "ou-spde";
    }

    @Override
    public Model model(int n) {
        return new OuSpde(OuSpde.Params.paper(n));
    }

    @Override
    public Model model(int n, double noiseScale) {
        OuSpde.Params p = OuSpde.Params.paper(n);
        return new OuSpde(new OuSpde.Params(n, p.lambda(), p.kappa(), p.advection(), p.epsilon2() * noiseScale, p.scaling()));
    }

    @Override
    public InitialCondition initialCondition(Model model, IntegratorSpec integrator) {
        return law(model, integrator).stationaryInitialCondition();
    }

    @Override
    public Optional<ScoreModel> analyticScore(Model model, IntegratorSpec integrator) {
        return Optional.of(new ExactOuScore(law(model, integrator)));
    }

    @Override
    public Optional<double[]> exactResponse(Model model, IntegratorSpec integrator, int saveEvery, int lags) {
        OuExact exact = new OuExact((OuSpde) model, integrator);
        int size = model.dimension();
        double[] out = new double[lags * size];
        for (int t = 0; t < lags; t++) System.arraycopy(exact.responseColumn(t * saveEvery), 0, out, t * size, size);
        return Optional.of(out);
    }

    /**
     * The scheme's own stationary law (EM's O(dt) bias is then not mistaken for estimator error),
     * or the continuum law when the scheme has none at this dt.
     */
    private static OuExact law(Model model, IntegratorSpec integrator) {
        OuExact exact = new OuExact((OuSpde) model, integrator);
        try {
            exact.stationarySpectrum();
            return exact;
        } catch (IllegalStateException e) {
            return new OuExact((OuSpde) model, new IntegratorSpec(Scheme.EXACT_OU, integrator.dt()));
        }
    }
}
