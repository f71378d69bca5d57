package org.scorefdt.backend.cuda.integrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.AllenCahn;
import org.scorefdt.model.DoubleWell;
import org.scorefdt.model.Lorenz96;
import org.scorefdt.model.Model;
import org.scorefdt.model.NavierStokes2d;
import org.scorefdt.model.Noise;

/** What the CUDA tier accepts, and the reasons it gives for the rest (host-only: no device needed). */
class CudaSupportTest {
    private static final IntegratorSpec RK4 = new IntegratorSpec(Scheme.RK4_EM, 0.01);

    @Test
    void builtInLowDimensionalModelsAreAcceptedInBothPrecisions() {
        for (Precision p : Precision.values()) {
            for (Scheme s : new Scheme[] {Scheme.EULER_MARUYAMA, Scheme.HEUN, Scheme.RK4_EM}) {
                IntegratorSpec spec = new IntegratorSpec(s, 0.01);
                assertEquals(Optional.empty(), CudaSupport.unsupported(Lorenz96.standard(), spec, p));
                assertEquals(Optional.empty(), CudaSupport.unsupported(new DoubleWell(1, 0.5), spec, p));
            }
        }
        assertEquals(Optional.empty(), CudaSupport.unsupported(new Lorenz96(1024, 8.0, 0.5), RK4, Precision.F64));
    }

    @Test
    void theRestIsRefusedWithAReason() {
        String big = CudaSupport.unsupported(new Lorenz96(1025, 8.0, 0.5), RK4, Precision.F64).orElseThrow();
        assertTrue(big.contains("1025") && big.contains("1024"), big);
        String exact = CudaSupport.unsupported(new DoubleWell(2, 0.5), new IntegratorSpec(Scheme.EXACT_OU, 0.1), Precision.F64)
                .orElseThrow();
        assertTrue(exact.contains("linear spectral"), exact);
        String etd = CudaSupport.unsupported(Lorenz96.standard(), new IntegratorSpec(Scheme.ETD1, 0.01), Precision.F64)
                .orElseThrow();
        assertTrue(etd.contains("etd1"), etd);
        Model custom = new Model() {
            public String name() {
                return "my-model";
            }

            public int dimension() {
                return 1;
            }

            public void drift(double[] x, int o, double[] out, int oo) {
                out[oo] = -x[o];
            }

            public Noise noise() {
                return new Noise.Isotropic(1);
            }
        };
        String why = CudaSupport.unsupported(custom, RK4, Precision.F64).orElseThrow();
        assertTrue(why.contains("my-model") && why.contains("no CUDA drift body"), why);
    }

    @Test
    void allenCahnAndNavierStokesRunTheirSchemesAndRefuseTheOthers() {
        AllenCahn ac = new AllenCahn(AllenCahn.Params.paper(8));
        for (Precision p : Precision.values()) {
            for (Scheme s : new Scheme[] {Scheme.RK4_EM, Scheme.ETD1, Scheme.ETD2}) {
                // accepted; on a host without cuFFT the only reason left is cuFFT itself
                Optional<String> why = CudaSupport.unsupported(ac, new IntegratorSpec(s, 1.0 / 32), p);
                assertTrue(why.isEmpty() || why.get().startsWith("cuFFT cannot be loaded"), s + " " + p + ": " + why);
            }
        }
        for (Scheme s : new Scheme[] {Scheme.EULER_MARUYAMA, Scheme.HEUN}) {
            String why = CudaSupport.unsupported(ac, new IntegratorSpec(s, 1.0 / 32), Precision.F64).orElseThrow();
            assertTrue(why.contains(s.configName()) && why.contains("no CUDA Allen–Cahn body"), why);
        }
        Optional<String> ns = CudaSupport.unsupported(NavierStokes2d.paper(16), RK4, Precision.F32);
        assertTrue(ns.isEmpty() || ns.get().startsWith("cuFFT cannot be loaded"), "" + ns);
        String nsEm = CudaSupport.unsupported(NavierStokes2d.paper(16), new IntegratorSpec(Scheme.EULER_MARUYAMA, 0.01),
                Precision.F64).orElseThrow();
        assertTrue(nsEm.contains("rk4-em only") && nsEm.contains("euler-maruyama"), nsEm);
    }
}
