package org.scorefdt.api.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.scorefdt.model.AllenCahn;
import org.scorefdt.model.OuSpde;
import org.scorefdt.score.AllenCahnScore;

/**
 * {@code noise_scale} multiplies the paper's ε² and nothing else: (32/8)² = 16 at N = 8 gives the
 * paper's per-cell noise variance ε²N² = 4·10⁻³·32² = 4.096; the analytic Allen–Cahn score follows
 * (its prefactor 2/(ε²N²) is the paper's at N = 32); Navier–Stokes, without additive field noise,
 * accepts only 1.
 */
class NoiseScaleTest {

    @Test
    void allenCahnScalesEpsilonSquaredOnly() {
        AllenCahnSystem sys = new AllenCahnSystem();
        AllenCahn scaled = (AllenCahn) sys.model(8, 16);
        AllenCahn.Params paper = AllenCahn.Params.paper(8), p = scaled.params();
        assertEquals(paper.epsilon2() * 16, p.epsilon2(), 1e-18);
        assertEquals(4.096, p.epsilon2() * 8 * 8, 1e-12);
        assertEquals(paper.alpha(), p.alpha());
        assertEquals(paper.kappa(), p.kappa());
        assertEquals(paper.advection(), p.advection());
        assertEquals(paper.scaling(), p.scaling());
        assertEquals(paper, ((AllenCahn) sys.model(8, 1)).params());
        double prefactor32 = new AllenCahnScore(new AllenCahn(AllenCahn.Params.paper(32))).prefactor();
        assertEquals(prefactor32, new AllenCahnScore(scaled).prefactor(), 1e-12 * prefactor32);
    }

    @Test
    void ouScalesEpsilonSquaredOnly() {
        OuSpde.Params p = ((OuSpde) new OuSpdeSystem().model(8, 4)).params(), paper = OuSpde.Params.paper(8);
        assertEquals(paper.epsilon2() * 4, p.epsilon2(), 1e-18);
        assertEquals(paper.lambda(), p.lambda());
        assertEquals(paper.kappa(), p.kappa());
    }

    @Test
    void navierStokesAcceptsOnlyOne() {
        NavierStokesSystem ns = new NavierStokesSystem();
        assertEquals(64 + ((org.scorefdt.model.NavierStokes2d) ns.model(8)).forcingModes().kx().length, ns.model(8, 1).dimension());
        assertThrows(IllegalArgumentException.class, () -> ns.model(8, 2));
    }
}
