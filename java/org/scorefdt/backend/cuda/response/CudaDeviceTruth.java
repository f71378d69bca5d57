package org.scorefdt.backend.cuda.response;

import java.util.Optional;
import org.scorefdt.response.DeviceTruth;
import org.scorefdt.response.PerturbedEnsemble;
import org.scorefdt.backend.cuda.integrate.DeviceResidentIntegrator;

/**
 * The CUDA tier's {@link DeviceTruth}, offered by every device-resident integrator: it runs
 * {@link CudaPerturbedEnsemble} when the integrator is paired and F64; otherwise
 * {@link PerturbedEnsemble} stays on the host and logs the reason.
 */
public final class CudaDeviceTruth implements DeviceTruth {
    /** The one instance (it holds nothing). */
    public static final CudaDeviceTruth INSTANCE = new CudaDeviceTruth();

    private CudaDeviceTruth() {}

    @Override
    public Optional<String> unsupported(PerturbedEnsemble ensemble) {
        return CudaPerturbedEnsemble.unsupported(ensemble.integrator());
    }

    @Override
    public PerturbedEnsemble.Projected run(PerturbedEnsemble ensemble, String name, double[][] projections) {
        return new CudaPerturbedEnsemble(ensemble).run(name, projections);
    }
}
