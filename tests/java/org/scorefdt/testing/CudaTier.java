package org.scorefdt.testing;

import static org.junit.jupiter.api.Assumptions.assumeFalse;
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

    /**
     * The system property {@code FakeDriverTest} sets in its child JVM, where the GPU tests run on the
     * stand-in driver (our kernel sources on host threads, minutes for what a GPU does in milliseconds).
     */
    public static final String FAKE_DRIVER = "scorefdt.test.fakeDriver";

    /** Whether this JVM runs on the stand-in driver of {@code FakeDriverTest}. */
    public static boolean onFakeDriver() {
        return Boolean.getBoolean(FAKE_DRIVER);
    }

    /**
     * Skips a case too large for the stand-in driver's host threads (it runs on a real GPU only), so
     * the fake-driver run can take every test tagged "gpu" and still finish in minutes.
     */
    /** The start of the skip reason of {@link #leaveToTheGpu}, which the fake-driver run counts apart. */
    public static final String LEFT_TO_THE_GPU = "left to the GPU (too slow on the fake driver): ";

    public static void leaveToTheGpu(boolean heavy, String why) {
        assumeFalse(heavy && onFakeDriver(), () -> LEFT_TO_THE_GPU + why);
    }

    /** Whether the CUDA tier opened here. */
    public static boolean present() {
        return BACKEND != null;
    }
}
