package org.scorefdt.backend.cuda.integrate;

import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.scorefdt.ensemble.EnsembleSpec;
import org.scorefdt.model.InitialCondition;
import org.scorefdt.ensemble.SimulationDivergedException;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.Precision;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;

/**
 * {@link org.scorefdt.ensemble.Ensemble#run} with the states resident on the device: one upload, the
 * integrator advances them in place and each save goes to {@link DeviceObserver}s in device memory;
 * trajectories equal a host run's. Divergence (NaN/∞) is checked after spin-up and at the end only.
 * Design: docs/backends.md §3.
 */
public final class CudaDeviceEnsemble {
    private final DeviceResidentIntegrator integrator;

    private CudaDeviceEnsemble(DeviceResidentIntegrator integrator) {
        this.integrator = integrator;
    }

    /**
     * Why {@code integrator} cannot run device-resident with F64 device accumulators, or empty if
     * it can: it must be a {@link DeviceResidentIntegrator} of this tier running in F64 (the device
     * accumulators read F64 states).
     */
    public static Optional<String> unsupported(Integrator integrator) {
        if (!(integrator instanceof DeviceResidentIntegrator)) {
            return Optional.of("device-resident runs need a CUDA integrator with a device-resident entry, not "
                    + integrator.getClass().getSimpleName());
        }
        if (integrator.precision() != Precision.F64) {
            return Optional.of("device accumulation transforms F64 states; this run is " + integrator.precision());
        }
        return Optional.empty();
    }

    /** @throws IllegalArgumentException with the reason of {@link #unsupported} */
    public static CudaDeviceEnsemble of(Integrator integrator) {
        unsupported(integrator).ifPresent(r -> {
            throw new IllegalArgumentException(r);
        });
        return new CudaDeviceEnsemble((DeviceResidentIntegrator) integrator);
    }

    /** The device the states live on. */
    public CudaDevice device() {
        return integrator.device();
    }

    /**
     * Runs the ensemble of {@code spec} from {@code initial} (members from {@code memberOffset}).
     *
     * @param progress receives member-steps done after each chunk (may be null)
     * @throws SimulationDivergedException if the states are not finite after spin-up or at the end
     */
    public void run(EnsembleSpec spec, InitialCondition initial, long memberOffset, List<? extends DeviceObserver> observers,
                    LongConsumer progress) {
        int m = spec.members(), d = integrator.dimension();
        double[] host = new double[Math.multiplyExact(m, d)];
        initial.fill(host, m, memberOffset, spec.seed());
        checkFinite(host, d, memberOffset, 0, 0);
        runFrom(host, 0, spec, memberOffset, observers, progress);
    }

    /**
     * {@code Ensemble.run(states, step0, …)}: the run of {@code spec} from given host states (e.g.
     * spun-up ones) at global step {@code step0}, with the same one upload and two downloads; the
     * final states are written back into {@code states}.
     *
     * @param states {@code [members][d]}, finite
     */
    public void runFrom(double[] states, long step0, EnsembleSpec spec, long memberOffset,
                        List<? extends DeviceObserver> observers, LongConsumer progress) {
        int m = spec.members(), d = integrator.dimension();
        if (states.length < (long) m * d) throw new IllegalArgumentException("states hold " + states.length + " values, need " + m + " × " + d);
        double[] host = states;
        try (DeviceBuffer buf = DeviceBuffer.allocate(device(), Dtype.F64, (long) m * d)) {
            buf.copyFrom(host, 0, m * d, 0);
            long step = step0, spin = spec.spinUpSteps();
            int chunk = (int) Math.min(Math.max(1, spin), Math.max(spec.saveEvery(), 1024));
            while (spin > 0) {
                int n = (int) Math.min(chunk, spin);
                integrator.advanceDevice(buf, m, memberOffset, step, n);
                step += n;
                spin -= n;
                if (progress != null) progress.accept((long) n * m);
            }
            if (spec.spinUpSteps() > 0) {
                buf.copyTo(host, 0, m * d, 0);
                checkFinite(host, d, memberOffset, step, 0);
            }
            for (long save = 0; save < spec.saves(); save++) {
                if (save > 0) {
                    integrator.advanceDevice(buf, m, memberOffset, step, spec.saveEvery());
                    step += spec.saveEvery();
                    if (progress != null) progress.accept((long) spec.saveEvery() * m);
                }
                for (DeviceObserver o : observers) o.observeDevice(buf, m);
            }
            buf.copyTo(host, 0, m * d, 0);  // synchronises: kernel faults surface here
            checkFinite(host, d, memberOffset, step, spec.saves());
        }
    }

    private static void checkFinite(double[] states, int d, long memberOffset, long step, long saves) {
        for (int i = 0; i < states.length; i++) {
            if (!Double.isFinite(states[i])) {
                throw new SimulationDivergedException(memberOffset + i / d, i % d, states[i], step, saves);
            }
        }
    }
}
