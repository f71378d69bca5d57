package org.scorefdt.backend.cuda.integrate;

import org.scorefdt.integrate.PairedIntegrator;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;

/**
 * A device-resident integrator that also steps a perturbed copy of every member with the same noise,
 * drawn once per step and shared by both copies in the same launches
 * ({@link PairedIntegrator#advancePair} on device buffers). The result equals two
 * {@link #advanceDevice} calls with the same member offset and steps, bit for bit.
 */
public interface DevicePairedIntegrator extends DeviceResidentIntegrator, PairedIntegrator {

    /**
     * @param states    {@code [members][dimension]} on the device, advanced in place
     * @param perturbed {@code [members][dimension]} on the device, advanced in place with the same noise
     */
    void advancePairDevice(DeviceBuffer states, DeviceBuffer perturbed, int members, long memberOffset, long step0, int nSteps);
}
