package org.scorefdt.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.scorefdt.backend.cpu.NativeCpuBackend;
import org.scorefdt.backend.cuda.CudaBackend;
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
        return select(requested, CudaBackend::open);
    }

    /**
     * As {@link #select(BackendKind)}, with the CUDA tier opened by {@code openCuda} (tests inject
     * a failing opener to check the fallback on machines with a GPU too).
     */
    static Selection select(BackendKind requested, Supplier<? extends Backend> openCuda) {
        List<String> reasons = new ArrayList<>();
        switch (requested) {
            case JAVA:
                return new Selection(new JavaBackend(), reasons);
            case CPU:
                return new Selection(NativeCpuBackend.open(), reasons);
            case CUDA:
                return new Selection(openCuda.get(), reasons);
            case AUTO:
            default:
                try {
                    return new Selection(openCuda.get(), reasons);
                } catch (BackendUnavailableException e) {
                    reasons.add("cuda: " + e.getMessage());
                }
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
}
