package org.scorefdt.integrate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.scorefdt.backend.java.JavaBackend;
import org.scorefdt.model.Model;
import org.scorefdt.model.Noise;
import org.scorefdt.model.OuSpde;

/**
 * The per-mode coefficients (a, b) of {@link LinearSpectralStep} are the schemes themselves: the
 * generic real-space integrator (drift by FFT, correlated noise through Σ^{1/2}) applied to the
 * OU SPDE, hidden behind a plain {@link Model}, must give the same trajectories to rounding.
 */
class LinearSpectralStepTest {

    @ParameterizedTest
    @EnumSource(value = Scheme.class, names = {"EULER_MARUYAMA", "HEUN", "RK4_EM"})
    void coefficientsReproduceTheRealSpaceScheme(Scheme scheme) {
        OuSpde ou = new OuSpde(new OuSpde.Params(8, 0.5, 0.01, 0.3, 4e-3, OuSpde.NoiseScaling.GRID));
        Model plain = new Model() {
            @Override public String name() { return "plain-ou"; }
            @Override public int dimension() { return ou.dimension(); }
            @Override public void drift(double[] x, int o, double[] out, int oo) { ou.drift(x, o, out, oo); }
            @Override public Noise noise() { return ou.noise(); }
        };
        IntegratorSpec spec = new IntegratorSpec(scheme, 0.3);
        int members = 3, d = ou.dimension();
        double[] a = new double[members * d];
        for (int i = 0; i < a.length; i++) a[i] = 0.1 * Math.cos(0.37 * i);
        double[] b = a.clone();
        JavaBackend java = new JavaBackend();
        try (Integrator spectral = java.integrator(ou, spec, Precision.F64, 5, 1);
             Integrator generic = java.integrator(plain, spec, Precision.F64, 5, 1)) {
            spectral.advance(a, members, 0, 0, 25);
            generic.advance(b, members, 0, 0, 25);
        }
        double diff = 0, scale = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(a[i]));
        }
        assertTrue(diff < 1e-12 * scale, scheme + ": max difference " + diff + " (scale " + scale + ")");
    }
}
