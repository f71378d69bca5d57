package org.scorefdt.backend.cuda.integrate;

import org.scorefdt.backend.cuda.runtime.DeviceBuffer;

/**
 * The device-side counterpart of {@link org.scorefdt.ensemble.Observer}: sees each save's states
 * where the integrator left them, in device memory, so nothing crosses to the host per save.
 */
@FunctionalInterface
public interface DeviceObserver {

    /**
     * One save.
     *
     * @param states  {@code [members][dimension]} on the device; valid only during the call (the
     *                integrator advances it in place afterwards)
     * @param members ensemble size (the same at every save)
     */
    void observeDevice(DeviceBuffer states, int members);
}
