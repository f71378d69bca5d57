package org.scorefdt.api.reproduce;

import org.scorefdt.ensemble.InitialCondition;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.model.Model;
import org.scorefdt.model.NavierStokes2d;

/**
 * The 2-D Navier–Stokes vorticity equation of SYSTEMS.md §3 with the paper's parameters. The state
 * is [ζ | forcing phases]; only ζ (the first N² components) is observed, scored and perturbed.
 * Members start from ζ = sin 3x · sin 3y with independent random phases, then spin up. No analytic
 * score and no exact response.
 */
public final class NavierStokesSystem implements ReproductionSystem {

    @Override
    public String name() {
        return "navier-stokes";
    }

    @Override
    public Model model(int n) {
        return NavierStokes2d.paper(n);
    }

    @Override
    public InitialCondition initialCondition(Model model, IntegratorSpec integrator) {
        return ((NavierStokes2d) model).initialCondition();
    }
}
