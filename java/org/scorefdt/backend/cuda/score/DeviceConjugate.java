package org.scorefdt.backend.cuda.score;

import org.scorefdt.backend.cuda.integrate.CudaDeviceEnsemble;
import org.scorefdt.backend.cuda.response.CudaLaggedColumnAccumulator;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;

/**
 * The GFDT conjugate of constant impulses, B = −s(x) ({@link org.scorefdt.response.Conjugate#negativeScore}),
 * evaluated on the device from device-resident states, so a device-resident run
 * ({@link CudaDeviceEnsemble}) can feed {@link CudaLaggedColumnAccumulator#observeDevice} with no host
 * copy per save. Built by {@link DeviceConjugates#of}; each implementation states how it agrees with
 * its host score. F64 states and values. Not thread-safe; owns its device memory.
 */
public interface DeviceConjugate extends AutoCloseable {

    /** d, the state dimension. */
    int dimension();

    /**
     * B = −s(x) for {@code members} rows.
     *
     * @param states {@code [members][d]} F64 on the device, read-only
     * @param out    {@code [members][d]} F64 on the device, distinct from {@code states}
     * @throws IllegalArgumentException when a buffer has the wrong type or too few values, or aliases
     */
    void apply(DeviceBuffer states, int members, DeviceBuffer out);

    @Override
    void close();
}
