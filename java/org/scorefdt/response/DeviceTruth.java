package org.scorefdt.response;

/**
 * A tier's device-resident {@link PerturbedEnsemble#run(String, double[][])}: the states stay in
 * device memory and the pair statistics accumulate there, with a result equal to
 * {@link PerturbedEnsemble#runOnHost} bit for bit. A tier offers it ({@link ResponseKernels#truth}) for
 * the ensembles of its own integrators, so the truth runs where the job's integrator runs.
 */
public interface DeviceTruth {

    /** {@link PerturbedEnsemble#run(String, double[][])} on the device (projections already checked). */
    PerturbedEnsemble.Projected run(PerturbedEnsemble ensemble, String name, double[][] projections);
}
