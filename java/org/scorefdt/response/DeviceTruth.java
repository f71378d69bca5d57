package org.scorefdt.response;

import java.util.Optional;
import org.scorefdt.integrate.Integrator;

/**
 * A backend tier's device-resident {@link PerturbedEnsemble#run(String, double[][])}: the states stay in
 * device memory and the pair statistics accumulate there, with a result equal to
 * {@link PerturbedEnsemble#runOnHost} bit for bit. Tiers register one through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/org.scorefdt.response.DeviceTruth}), so this package imports no backend:
 * the CUDA tier's is {@code org.scorefdt.backend.cuda.CudaDeviceTruth}.
 */
public interface DeviceTruth {

    /** Whether {@code integrator} is this tier's (then the tier either runs the truth or says why not). */
    boolean claims(Integrator integrator);

    /** Why this tier cannot run {@code ensemble} on its device path, or empty if it can (asked only when claimed). */
    Optional<String> unsupported(PerturbedEnsemble ensemble);

    /** {@link PerturbedEnsemble#run(String, double[][])} on the device (projections already checked). */
    PerturbedEnsemble.Projected run(PerturbedEnsemble ensemble, String name, double[][] projections);
}
