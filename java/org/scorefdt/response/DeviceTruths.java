package org.scorefdt.response;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses where {@link PerturbedEnsemble} runs: on the device of the integrator's tier when it offers
 * a {@link DeviceTruth} that can run this ensemble, else on the host. When the tier offers one but
 * cannot run it, one line says why the truth stays on the host; host integrators say nothing.
 */
final class DeviceTruths {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceTruths.class);

    private DeviceTruths() {}

    /** The device implementation for {@code ensemble}, or empty for the host path (reason logged when offered). */
    static Optional<DeviceTruth> choose(PerturbedEnsemble ensemble) {
        if (!(ensemble.integrator() instanceof DeviceTruth.Source source)) return Optional.empty();
        DeviceTruth t = source.deviceTruth();
        Optional<String> why = t.unsupported(ensemble);
        if (why.isPresent()) {
            LOG.warn("perturbed-ensemble truth on the host: {}", why.get());
            return Optional.empty();
        }
        LOG.info("perturbed-ensemble truth on the device (states stay on the GPU between saves)");
        return Optional.of(t);
    }
}
