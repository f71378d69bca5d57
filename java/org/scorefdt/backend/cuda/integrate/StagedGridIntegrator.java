package org.scorefdt.backend.cuda.integrate;

import org.scorefdt.backend.cuda.runtime.ChunkedWorkspace;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.integrate.CheckedIntegrator;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.Precision;

/**
 * The four entries of a CUDA grid integrator (host or device states, alone or with a perturbed copy)
 * over its one chunked loop, {@link #run}: each entry checks its arguments and says where the rows
 * live ({@link StateRows}); the loop runs the same launches either way, so host and device-resident
 * runs, and a pair against two single runs, give the same numbers bit for bit. The chunk's device
 * memory is a {@link ChunkedWorkspace} (sized from free memory, halved on out-of-memory).
 */
abstract class StagedGridIntegrator extends CheckedIntegrator implements DevicePairedIntegrator {
    final CudaDevice device;
    final ChunkedWorkspace workspace;

    StagedGridIntegrator(CudaDevice device, int dimension, Precision precision, int maxChunk) {
        super(dimension, precision);
        this.device = device;
        this.workspace = new ChunkedWorkspace(device, maxChunk);
    }

    @Override
    public final CudaDevice device() {
        return device;
    }

    /** Device bytes per member of a chunk holding {@code copies} states (1, or 2 for a pair). */
    abstract long bytesPerMember(int copies);

    /** Members per chunk: see {@link ChunkedWorkspace#chunkSize} (both copies counted for a pair). */
    final int chunkSize(int members, int copies) {
        return workspace.chunkSize(members, copies, this::bytesPerMember);
    }

    /** Members per chunk of the held buffers and plans, 0 with none held (for tests). */
    final int chunkInUse() {
        return workspace.chunk();
    }

    /**
     * Steps {@code xs} and, when {@code ps} is not null, the perturbed copies with the same noise
     * (drawn once per step); members in chunks that fit the device.
     */
    abstract void run(StateRows xs, StateRows ps, int members, long memberOffset, long step0, int nSteps);

    @Override
    protected final void advanceChecked(double[] states, int members, long memberOffset, long step0, int nSteps) {
        run(StateRows.host(states, dimension()), null, members, memberOffset, step0, nSteps);
    }

    @Override
    public final void advancePair(double[] states, double[] perturbed, int members, long memberOffset, long step0, int nSteps) {
        int d = dimension();
        Integrator.checkShape(states, members, d, memberOffset, step0, nSteps);
        Integrator.checkShape(perturbed, members, d, memberOffset, step0, nSteps);
        run(StateRows.host(states, d), StateRows.host(perturbed, d), members, memberOffset, step0, nSteps);
    }

    /** {@link #advance} on states already on the device: chunks move device to device, nothing crosses to the host. */
    @Override
    public final void advanceDevice(DeviceBuffer states, int members, long memberOffset, long step0, int nSteps) {
        int d = dimension();
        StateRows.checkDevice("states", states, precision(), members, d, memberOffset, step0, nSteps);
        run(StateRows.device(states, d), null, members, memberOffset, step0, nSteps);
    }

    @Override
    public final void advancePairDevice(DeviceBuffer states, DeviceBuffer perturbed, int members, long memberOffset, long step0,
                                        int nSteps) {
        int d = dimension();
        StateRows.checkDevice("states", states, precision(), members, d, memberOffset, step0, nSteps);
        StateRows.checkDevice("perturbed", perturbed, precision(), members, d, memberOffset, step0, nSteps);
        run(StateRows.device(states, d), StateRows.device(perturbed, d), members, memberOffset, step0, nSteps);
    }
}
