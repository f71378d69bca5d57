package org.scorefdt.backend;

import java.util.ArrayList;
import java.util.List;
import org.scorefdt.backend.cpu.NativeCpuBackend;
import org.scorefdt.backend.java.JavaBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the backend once at start-up. {@code auto} tries CUDA, then the native CPU library, then
 * pure Java, logging one line per tier it skips with the cause; an explicit request that cannot be
 * met fails with {@link BackendUnavailableException} naming the cause.
 */
public final class Backends {
    private static final Logger LOG = LoggerFactory.getLogger(Backends.class);

    private Backends() {}

    public static Selection select(BackendKind requested) {
        List<String> reasons = new ArrayList<>();
        switch (requested) {
            case JAVA:
                return new Selection(new JavaBackend(), reasons);
            case CPU:
                return new Selection(NativeCpuBackend.open(), reasons);
            case CUDA:
                throw new BackendUnavailableException(cudaUnavailable(), null);
            case AUTO:
            default:
                reasons.add("cuda: " + cudaUnavailable());
                try {
                    Selection s = new Selection(NativeCpuBackend.open(), reasons);
                    reasons.forEach(r -> LOG.info("backend auto: skipped {}", r));
                    return s;
                } catch (BackendUnavailableException e) {
                    reasons.add("cpu: " + e.getMessage());
                    reasons.forEach(r -> LOG.warn("backend auto: skipped {}", r));
                    return new Selection(new JavaBackend(), reasons);
                }
        }
    }

    /** The CUDA kernels arrive with the CUDA backend; until then the tier reports itself absent. */
    private static String cudaUnavailable() {
        return "the CUDA backend is not built into this version (kernels: cuda/; CPU fallback used)";
    }
}
