package org.scorefdt.backend.cuda.integrate;

import org.scorefdt.integrate.Integrator;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;

/**
 * A CUDA integrator whose states can stay in device memory between calls, so device-resident runs
 * ({@link CudaDeviceEnsemble}) never copy them to the host per save. {@link #advanceDevice} performs
 * exactly the operations of {@link #advance} (same kernels, same Philox keying, same chunking rules),
 * so the trajectories are identical, bit for bit. Its perturbed-ensemble truth runs on the device
 * too (the tier's {@code truth} offer).
 */
public interface DeviceResidentIntegrator extends Integrator {

    /** The device the states must live on. */
    CudaDevice device();

    /**
     * {@link #advance} on states already on the device.
     *
     * @param states {@code [members][dimension]} in this integrator's precision ({@link Dtype#of}),
     *               advanced in place
     * @throws IllegalArgumentException if the buffer's type or size does not match
     */
    void advanceDevice(DeviceBuffer states, int members, long memberOffset, long step0, int nSteps);
}
