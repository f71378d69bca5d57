package org.scorefdt.throughput;

import java.util.Optional;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.integrate.DeviceResidentIntegrator;
import org.scorefdt.backend.cuda.runtime.Dtype;
import org.scorefdt.integrate.Integrator;

/**
 * The states of an {@link IntegratorTask} kept in device memory for the whole benchmark, as the
 * PyTorch/JAX peers keep theirs: uploaded once at set-up, advanced in place by
 * {@link DeviceResidentIntegrator#advanceDevice} (the same kernels and Philox keying as
 * {@code advance}, so the trajectory is the host path's), downloaded only for the finite check. A
 * call therefore makes no host↔device copy of the states.
 *
 * <p>The backend.cuda classes are referenced directly, as {@code Backends} does: their Java classes
 * are in every build (a CPU-only build lacks the kernels, and then no integrator is a
 * {@link DeviceResidentIntegrator}); the {@code instanceof} test loads no native code.
 */
final class DeviceResidentStates implements AutoCloseable {
    private final DeviceResidentIntegrator integrator;
    private final DeviceBuffer buffer;
    private final int members;

    private DeviceResidentStates(DeviceResidentIntegrator integrator, DeviceBuffer buffer, int members) {
        this.integrator = integrator;
        this.buffer = buffer;
        this.members = members;
    }

    /**
     * The states {@code [members][dimension]} uploaded to the device of {@code integrator}, in its
     * precision (F32 rounds once on the way up), or empty if it has no device-resident entry.
     */
    static Optional<DeviceResidentStates> upload(Integrator integrator, double[] states, int members) {
        if (!(integrator instanceof DeviceResidentIntegrator d)) return Optional.empty();
        if (states.length != (long) members * integrator.dimension()) {
            throw new IllegalArgumentException(states.length + " state values for " + members + " members of dimension "
                    + integrator.dimension());
        }
        DeviceBuffer b = DeviceBuffer.allocate(d.device(), Dtype.of(integrator.precision()), states.length);
        try {
            b.copyFrom(states);
        } catch (RuntimeException e) {
            b.close();
            throw e;
        }
        return Optional.of(new DeviceResidentStates(d, b, members));
    }

    /** Advances every member by {@code steps} from global step {@code step0}; queued, not waited for. */
    void advance(long step0, int steps) {
        integrator.advanceDevice(buffer, members, 0L, step0, steps);
    }

    /** Waits for the queued steps (kernel faults surface here). */
    void sync() {
        integrator.device().synchronize("advanceDevice");
    }

    /** Copies the states down into {@code into} (one device-to-host copy; F32 widens). */
    void download(double[] into) {
        buffer.copyTo(into, 0, into.length, 0);
    }

    @Override
    public void close() {
        buffer.close();
    }
}
