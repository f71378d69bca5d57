package org.scorefdt.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.scorefdt.backend.BackendUnavailableException;
import org.scorefdt.backend.cuda.CudaBackend;

/**
 * The CUDA tier for GPU-only tests: where no device can be opened (no driver library
 * {@code libcuda.so.1}, no GPU, a build without nvcc) the test is skipped with the loader's cause
 * chain as the reason, so a skipped GPU test always says why.
 */
public final class CudaTier {
    private static final CudaBackend BACKEND;
    private static final String REASON;

    static {
        CudaBackend b = null;
        String reason = null;
        try {
            b = CudaBackend.open();
        } catch (BackendUnavailableException e) {
            reason = e.getMessage();
        }
        BACKEND = b;
        REASON = reason;
    }

    private CudaTier() {}

    /** The CUDA backend, or a skipped test naming why it is absent. */
    public static CudaBackend require() {
        assumeTrue(BACKEND != null, () -> "GPU test skipped, no CUDA device: " + REASON);
        return BACKEND;
    }

    /** Whether the CUDA tier opened here. */
    public static boolean present() {
        return BACKEND != null;
    }
}
