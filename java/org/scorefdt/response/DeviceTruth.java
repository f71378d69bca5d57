package org.scorefdt.response;

import java.util.Optional;

/**
 * A tier's device-resident {@link PerturbedEnsemble#run(String, double[][])}: the states stay in
 * device memory and the pair statistics accumulate there, with a result equal to
 * {@link PerturbedEnsemble#runOnHost} bit for bit. A tier offers it through its integrators
 * ({@link Source}), so the truth runs where the job's integrator runs and this package imports no tier.
 */
public interface DeviceTruth {

    /** Implemented by integrators whose tier can run the truth on its device. */
    interface Source {
        /** The device truth of this integrator's tier. */
        DeviceTruth deviceTruth();
    }

    /** Why this tier cannot run {@code ensemble} on its device path, or empty if it can. */
    Optional<String> unsupported(PerturbedEnsemble ensemble);

    /** {@link PerturbedEnsemble#run(String, double[][])} on the device (projections already checked). */
    PerturbedEnsemble.Projected run(PerturbedEnsemble ensemble, String name, double[][] projections);
}
