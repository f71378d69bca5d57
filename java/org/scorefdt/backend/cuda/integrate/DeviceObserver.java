package org.scorefdt.backend.cuda.integrate;

import org.scorefdt.backend.cuda.runtime.DeviceBuffer;

import org.scorefdt.ensemble.Observer;

/**
 * An {@link Observer} of a resident run on this tier: it sees each save's states where the
 * integrator left them, in device memory, so nothing crosses to the host per save. Only the tier's
 * resident runs feed it ({@link CudaResidentEnsemble}); a host run cannot.
 */
@FunctionalInterface
public interface DeviceObserver extends Observer {

    @Override
    default void observe(long saveIndex, double time, double[] states, int members) {
        throw new IllegalStateException("a device observer reads device states; run it in its tier's resident ensemble");
    }

    /**
     * One save.
     *
     * @param states  {@code [members][dimension]} on the device; valid only during the call (the
     *                integrator advances it in place afterwards)
     * @param members ensemble size (the same at every save)
     */
    void observeDevice(DeviceBuffer states, int members);
}
