package org.scorefdt.model;

/**
 * A low-dimensional model whose drift also exists as a shared native body
 * ({@code native/include/scorefdt/models.h}), so the native and CUDA backends can run it.
 * The ids match {@code sfdt::ModelId}.
 */
public interface BuiltinModel {
    int DOUBLE_WELL = 1;
    int LORENZ96 = 2;

    /** {@code sfdt::ModelId} of this model. */
    int nativeId();

    /** The parameter vector the native body reads (see models.h). */
    double[] nativeParams();
}
