package org.scorefdt.score.nn;

/**
 * One DSM training step whose parameters, Adam moments and EMA live on an accelerator: the host
 * supplies each minibatch's network inputs and targets, the device does everything else
 * ({@link NetworkKernels#dsmStep}). Same sequence and arithmetic as {@link DsmTrainer}'s host loop;
 * equal to it to rounding.
 */
public interface DeviceDsmStep extends AutoCloseable {

    /** The tier that holds the step ("cuda"), for reports. */
    String tier();

    /**
     * Forward, loss |net + target|² and backward of one minibatch; returns {loss, ‖gradient‖₂}. The target is
     * the noise z, or z + σ g(y, σ) over a {@link GaussianBase} (docs/score-models.md §4.2).
     */
    double[] lossAndGradient(double[] in, double[] target, int batch);

    /** Clips to {@code clipNorm} (given the gradient's norm), takes the Adam step at {@code lr}, updates the EMA. */
    void update(double lr, double clipNorm, double gradNorm);

    /** The current parameters (a host copy). */
    double[] parameters();

    /** The last gradient (a host copy). */
    double[] gradient();

    /** The EMA of the parameters (a host copy). */
    double[] emaAverage();

    @Override
    void close();
}
