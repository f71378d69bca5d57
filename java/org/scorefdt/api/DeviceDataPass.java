package org.scorefdt.api;

import java.util.List;
import java.util.Optional;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.backend.ChosenIntegrator;
import org.scorefdt.backend.cuda.integrate.CudaDeviceEnsemble;
import org.scorefdt.backend.cuda.integrate.DeviceSnapshots;
import org.scorefdt.ensemble.EnsembleSpec;
import org.scorefdt.ensemble.InitialCondition;
import org.scorefdt.ensemble.SnapshotCollector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data passes (training snapshots, the reproduction job's spectral fit) with the states resident
 * on the GPU: {@link CudaDeviceEnsemble} advances them in place and {@link DeviceSnapshots} copies a
 * save to the host only when the {@link SnapshotCollector} keeps it, so copies scale with the
 * snapshots kept, not with the saves. The trajectories are the host run's (same integrator, same
 * steps), so the snapshots are its bits. {@link #open} says whether the path applies, logging
 * {@code data pass on the host: <reason>} once on the CUDA tier when it does not (F32, an integrator
 * without a device-resident entry).
 */
final class DeviceDataPass {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceDataPass.class);

    private DeviceDataPass() {}

    /** The line logged when the data pass reads host states on the CUDA tier. */
    static String hostLine(String reason) {
        return "data pass on the host: " + reason;
    }

    /**
     * Whether the data pass of {@code chosen} runs on the device: CUDA tier, a device-resident F64
     * integrator ({@link CudaDeviceEnsemble#unsupported}) and {@code allowed}; when the tier is CUDA
     * and it does not, the reason goes to the log and {@code listener}.
     *
     * @param allowed false to keep the host path (tests comparing both on one backend)
     */
    static boolean open(ChosenIntegrator chosen, boolean allowed, JobListener listener) {
        if (chosen.backend() != BackendKind.CUDA) return false;
        Optional<String> why = allowed ? CudaDeviceEnsemble.unsupported(chosen.integrator())
                : Optional.of("device data pass is switched off");
        if (why.isPresent()) {
            String line = hostLine(why.get());
            LOG.info(line);
            listener.info(line);
            return false;
        }
        LOG.info("data pass on the device (a save crosses to the host only when a snapshot is kept)");
        return true;
    }

    /**
     * Runs {@code es} from {@code initial} on the device, feeding {@code snapshots} as a host run's
     * {@code Ensemble.run} would (members from 0, save indices from 0).
     */
    static void snapshots(ChosenIntegrator chosen, EnsembleSpec es, InitialCondition initial, SnapshotCollector snapshots) {
        CudaDeviceEnsemble ensemble = CudaDeviceEnsemble.of(chosen.integrator());
        ensemble.run(es, initial, 0, List.of(new DeviceSnapshots(snapshots, chosen.integrator().dimension())), null);
    }
}
