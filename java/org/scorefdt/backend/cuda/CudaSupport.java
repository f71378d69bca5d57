package org.scorefdt.backend.cuda;

import java.util.Optional;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.BuiltinModel;
import org.scorefdt.model.LinearSpectralModel;
import org.scorefdt.model.Model;
import org.scorefdt.model.Noise;

/**
 * Which models and schemes the CUDA tier runs, and the integrator for each: built-in
 * low-dimensional models with diagonal noise (EM, Heun, RK4+EM; d ≤ 1024) and every linear spectral
 * model (any scheme, via its per-mode coefficients). Anything else falls to the next tier.
 */
final class CudaSupport {
    private CudaSupport() {}

    /** Why cuFFT cannot be loaded (cause chain), or null; probed once (a failed load cannot be retried). */
    private static String cufftProblem;
    private static boolean cufftProbed;

    private static synchronized String cufftProblem() {
        if (!cufftProbed) {
            cufftProbed = true;
            try {
                org.bytedeco.javacpp.Loader.load(org.bytedeco.cuda.global.cufft.class);
            } catch (Throwable t) {
                cufftProblem = "cuFFT cannot be loaded: " + CudaDevice.causeChain(t);
            }
        }
        return cufftProblem;
    }

    static Optional<String> unsupported(Model model, IntegratorSpec spec, Precision precision) {
        if (model instanceof LinearSpectralModel) return Optional.ofNullable(cufftProblem());
        if (!(model instanceof BuiltinModel b)
                || (b.nativeId() != BuiltinModel.DOUBLE_WELL && b.nativeId() != BuiltinModel.LORENZ96)) {
            return Optional.of("model '" + model.name() + "' has no CUDA drift body (only built-in and linear spectral models run on CUDA)");
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

    static Integrator create(CudaDevice device, Model model, IntegratorSpec spec, Precision precision, long seed) {
        if (model instanceof LinearSpectralModel lin) return new CudaSpectralIntegrator(device, lin, spec, precision, seed);
        return new CudaLowDimIntegrator(device, model, spec, precision, seed);
    }
}
