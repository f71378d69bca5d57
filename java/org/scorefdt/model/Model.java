package org.scorefdt.model;

import java.util.Optional;

/**
 * A stochastic model: the Itô SDE {@code dx = f(x) dt + Σ dW} with additive noise (σ dW: no
 * implied √2). The state is a flat vector of {@link #dimension()} components; fields on a periodic
 * grid are stored row-major {@code [y][x]} and say so through {@link #grid()}.
 *
 * <p>Implement this interface to run your own model on the pure-Java backend; the built-in models
 * ({@link DoubleWell}, {@link Lorenz96}, {@link OuSpde}) also run on the native and CUDA backends,
 * {@link NavierStokes2d} on the native one. A model may carry hidden state after its observed
 * components ({@link #observedDimension()}).
 * Implementations must be immutable and thread-safe: {@link #drift} is called concurrently.
 */
public interface Model {
    /** Short name for logs and manifests. */
    String name();

    /** Number of state components d. */
    int dimension();

    /**
     * Number of observed components: the state is {@code [observed | hidden]}, and only components
     * {@code 0 .. observedDimension()-1} are the physical field that scores, responses, snapshots
     * and perturbations may use. The remaining components are integrator state that the dynamics
     * need but the observer never sees (e.g. the random forcing phases of {@link NavierStokes2d}).
     * Defaults to {@link #dimension()}: everything is observed.
     */
    default int observedDimension() {
        return dimension();
    }

    /** The periodic grid, for models that are fields on one. */
    default Optional<Grid> grid() {
        return Optional.empty();
    }

    /**
     * Writes the drift f(x) of one member: reads {@code x[xOff .. xOff+d)}, writes
     * {@code out[outOff .. outOff+d)}. Must not allocate on the hot path.
     */
    void drift(double[] x, int xOff, double[] out, int outOff);

    /** The additive noise Σ. */
    Noise noise();
}
