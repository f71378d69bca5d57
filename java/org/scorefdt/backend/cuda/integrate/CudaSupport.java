package org.scorefdt.backend.cuda.integrate;

import java.util.Optional;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.AllenCahn;
import org.scorefdt.model.BuiltinModel;
import org.scorefdt.model.LinearSpectralModel;
import org.scorefdt.model.Model;
import org.scorefdt.model.NavierStokes2d;
import org.scorefdt.model.Noise;
import org.scorefdt.backend.cuda.runtime.CudaDevice;

/**
 * Which models and schemes the CUDA tier runs, and the integrator for each: built-in
 * low-dimensional models with diagonal noise (EM, Heun, RK4+EM; d ≤ 1024), every linear spectral
 * model (any scheme, via its per-mode coefficients), Allen–Cahn (RK4+EM, ETD1, ETD2) and 2-D
 * Navier–Stokes (RK4+EM). Anything else falls to the next tier.
 */
public final class CudaSupport {
    private CudaSupport() {}

    /** Why cuFFT cannot be loaded (cause chain), or null; probed once (a failed load cannot be retried). */
    private static String cufftProblem() {
        return Cufft.PROBLEM;
    }

    /** Whether cuFFT loads, probed once on first use (a failed JavaCPP load cannot be retried). */
    private static final class Cufft {
        static final String PROBLEM = probe();

        private static String probe() {
            try {
                org.bytedeco.javacpp.Loader.load(org.bytedeco.cuda.global.cufft.class);
                return null;
            } catch (Throwable t) {
                return "cuFFT cannot be loaded: " + CudaDevice.causeChain(t);
            }
        }
    }

    public static Optional<String> unsupported(Model model, IntegratorSpec spec, Precision precision) {
        if (model instanceof LinearSpectralModel) return Optional.ofNullable(cufftProblem());
        if (model instanceof AllenCahn) {
            Scheme s = spec.scheme();
            if (s != Scheme.RK4_EM && s != Scheme.ETD1 && s != Scheme.ETD2) {
                return Optional.of("the " + s.configName() + " scheme has no CUDA Allen–Cahn body (rk4-em, etd1, etd2)");
            }
            return Optional.ofNullable(cufftProblem());
        }
        if (model instanceof NavierStokes2d) {
            return spec.scheme() == Scheme.RK4_EM ? Optional.ofNullable(cufftProblem())
                    : Optional.of("Navier–Stokes runs on CUDA with rk4-em only, got " + spec.scheme().configName());
        }
        if (!(model instanceof BuiltinModel b)
                || (b.nativeId() != BuiltinModel.DOUBLE_WELL && b.nativeId() != BuiltinModel.LORENZ96)) {
            return Optional.of("model '" + model.name() + "' has no CUDA drift body (only built-in, linear spectral, Allen–Cahn and Navier–Stokes models run on CUDA)");
        }
        if (spec.scheme() == Scheme.EXACT_OU) return Optional.of("the exact OU scheme needs a linear spectral model");
        if (spec.scheme().nativeId == 0) {  // the kernel knows EM, Heun and RK4+EM only (sfdt::SchemeId)
            return Optional.of("the " + spec.scheme().configName() + " scheme has no CUDA low-dimensional body");
        }
        if (model.noise() instanceof Noise.SpectralCorrelated) {
            return Optional.of("correlated noise on a low-dimensional model is not implemented on CUDA");
        }
        if (model.dimension() > CudaLowDimIntegrator.MAX_DIM) {
            return Optional.of("dimension " + model.dimension() + " exceeds the CUDA kernel's " + CudaLowDimIntegrator.MAX_DIM
                    + " (one thread per component in one block)");
        }
        return Optional.empty();
    }

    public static Integrator create(CudaDevice device, Model model, IntegratorSpec spec, Precision precision, long seed) {
        if (model instanceof LinearSpectralModel lin) return new CudaSpectralIntegrator(device, lin, spec, precision, seed);
        if (model instanceof AllenCahn ac) return new CudaSemiLinearIntegrator(device, ac, spec, precision, seed);
        if (model instanceof NavierStokes2d ns) return new CudaNavierStokesIntegrator(device, ns, spec, precision, seed);
        return new CudaLowDimIntegrator(device, model, spec, precision, seed);
    }
}
