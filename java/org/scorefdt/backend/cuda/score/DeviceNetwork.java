package org.scorefdt.backend.cuda.score;

import org.scorefdt.backend.cuda.runtime.DeviceBuffer;

/**
 * What {@link CudaDsmStep} needs of a network trained on the device (F64): its row buffers, the
 * flat parameters and their gradient resident on the GPU, and a forward pass that keeps what the
 * backward pass reads. Implemented by {@link CudaMlp} (cuBLAS + mlp.cu) and {@link CudaCnn} (cnn.cu).
 */
interface DeviceNetwork extends AutoCloseable {
    /** Makes room for {@code batch} rows in every batch buffer. */
    void reserve(int batch);

    /** Training forward of the rows in {@link #inputBuffer()} into {@link #outputBuffer()}. */
    void forwardOnDevice(int batch);

    /** Parameter gradient from ∂L/∂out in {@link #dOutputBuffer()} into {@link #gradientBuffer()} (overwritten). */
    void backwardOnDevice(int batch);

    DeviceBuffer inputBuffer();

    DeviceBuffer outputBuffer();

    DeviceBuffer dOutputBuffer();

    DeviceBuffer parameterBuffer();

    DeviceBuffer gradientBuffer();

    int parameterCount();

    void setParameters(double[] parameters);

    @Override
    void close();
}
