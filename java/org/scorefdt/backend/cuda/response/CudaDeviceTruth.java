package org.scorefdt.backend.cuda.response;

import org.scorefdt.response.DeviceTruth;
import org.scorefdt.response.PerturbedEnsemble;
import org.scorefdt.backend.cuda.integrate.DeviceResidentIntegrator;

/**
 * The CUDA tier's {@link DeviceTruth}, offered (CudaBackend.truth) for the ensembles of its paired F64
 * integrators: it runs {@link CudaPerturbedEnsemble}.
 */
public final class CudaDeviceTruth implements DeviceTruth {
    /** The one instance (it holds nothing). */
    public static final CudaDeviceTruth INSTANCE = new CudaDeviceTruth();

    private CudaDeviceTruth() {}

    @Override
    public PerturbedEnsemble.Projected run(PerturbedEnsemble ensemble, String name, double[][] projections) {
        return new CudaPerturbedEnsemble(ensemble).run(name, projections);
    }
}
