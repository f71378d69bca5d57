package org.scorefdt.api.reproduce;

import java.util.Optional;
import org.scorefdt.model.InitialCondition;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.model.Model;
import org.scorefdt.model.NavierStokes2d;

/**
 * The 2-D Navier–Stokes vorticity equation of docs/systems.md §3 with the paper's parameters. The state
 * is [ζ | forcing phases]; only ζ (the first N² components) is observed, scored and perturbed.
 * Members start from ζ = sin 3x · sin 3y with independent random phases, then spin up. No analytic
 * score and no exact response. With dealiasing (the paper preset) methods and truth are compared on
 * the retained 2/3-rule modes ({@link RetainedModes} says why).
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

    /** The 2/3-rule modes when the model dealiases; the whole field otherwise. */
    @Override
    public Optional<RetainedModes> comparedModes(Model model) {
        NavierStokes2d ns = (NavierStokes2d) model;
        return ns.params().dealias() ? Optional.of(RetainedModes.twoThirds(grid(model))) : Optional.empty();
    }
}
