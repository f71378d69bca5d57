package org.scorefdt.backend.cuda;

import java.util.Optional;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.response.DeviceTruth;
import org.scorefdt.response.PerturbedEnsemble;
import org.scorefdt.backend.cuda.integrate.DeviceResidentIntegrator;
import org.scorefdt.backend.cuda.response.CudaPerturbedEnsemble;

/**
 * The CUDA tier's {@link DeviceTruth}, registered for {@link java.util.ServiceLoader}: it claims every
 * integrator of this tier (the classes of this package) and runs {@link CudaPerturbedEnsemble} when the integrator is paired
 * and F64; otherwise {@link PerturbedEnsemble} stays on the host and logs the reason.
 */
public final class CudaDeviceTruth implements DeviceTruth {

    /** For the service loader. */
    public CudaDeviceTruth() {}

    @Override
    public boolean claims(Integrator integrator) {
        return integrator instanceof DeviceResidentIntegrator
                || integrator.getClass().getPackageName().equals(CudaDeviceTruth.class.getPackageName());
    }

    @Override
    public Optional<String> unsupported(PerturbedEnsemble ensemble) {
        return CudaPerturbedEnsemble.unsupported(ensemble.integrator());
    }

    @Override
    public PerturbedEnsemble.Projected run(PerturbedEnsemble ensemble, String name, double[][] projections) {
        return new CudaPerturbedEnsemble(ensemble).run(name, projections);
    }
}
