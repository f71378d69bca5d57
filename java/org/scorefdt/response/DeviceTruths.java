package org.scorefdt.response;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses where {@link PerturbedEnsemble} runs: the device implementation of the tier that claims the
 * integrator ({@link DeviceTruth}), or the host. When a tier claims the integrator (the backend is
 * that tier) but cannot run it, one line says why the truth stays on the host; integrators no tier
 * claims (CPU, Java) say nothing.
 */
final class DeviceTruths {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceTruths.class);
    private static final List<DeviceTruth> PROVIDERS = load();

    private DeviceTruths() {}

    private static List<DeviceTruth> load() {
        List<DeviceTruth> found = new ArrayList<>();
        try {
            for (DeviceTruth t : ServiceLoader.load(DeviceTruth.class, DeviceTruth.class.getClassLoader())) found.add(t);
        } catch (ServiceConfigurationError | LinkageError e) {
            LOG.info("device ground truth unavailable, the perturbed ensemble runs on the host: {}", e.toString());
        }
        return List.copyOf(found);
    }

    /** The device implementation for {@code ensemble}, or empty for the host path (reason logged when claimed). */
    static Optional<DeviceTruth> choose(PerturbedEnsemble ensemble) {
        for (DeviceTruth t : PROVIDERS) {
            if (!t.claims(ensemble.integrator())) continue;
            Optional<String> why = t.unsupported(ensemble);
            if (why.isPresent()) {
                LOG.info("perturbed-ensemble truth on the host: {}", why.get());
                return Optional.empty();
            }
            LOG.info("perturbed-ensemble truth on the device (states stay on the GPU between saves)");
            return Optional.of(t);
        }
        return Optional.empty();
    }
}
