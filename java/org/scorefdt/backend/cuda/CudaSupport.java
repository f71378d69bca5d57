package org.scorefdt.backend.cuda;

import java.util.Optional;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.model.Model;

/** Which models and schemes the CUDA tier runs, and the integrator for each. */
final class CudaSupport {
    private CudaSupport() {}

    static Optional<String> unsupported(Model model, IntegratorSpec spec, Precision precision) {
        return Optional.of("no CUDA integrator for model '" + model.name() + "' yet");
    }

    static Integrator create(CudaDevice device, Model model, IntegratorSpec spec, Precision precision, long seed) {
        throw new UnsupportedOperationException(unsupported(model, spec, precision).orElse("unsupported"));
    }
}
