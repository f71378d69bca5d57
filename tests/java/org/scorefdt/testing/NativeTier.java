package org.scorefdt.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.scorefdt.backend.BackendUnavailableException;
import org.scorefdt.backend.cpu.NativeCpuBackend;

/** The native CPU tier for parity tests, skipping (with the loader's reason) where it cannot load. */
public final class NativeTier {
    private static final NativeCpuBackend BACKEND;
    private static final String REASON;

    static {
        NativeCpuBackend b = null;
        String reason = null;
        try {
            b = NativeCpuBackend.open();
        } catch (BackendUnavailableException e) {
            reason = e.getMessage();
        }
        BACKEND = b;
        REASON = reason;
    }

    private NativeTier() {}

    /** The native backend, or a skipped test naming why it is absent. */
    public static NativeCpuBackend require() {
        assumeTrue(BACKEND != null, () -> "native CPU tier unavailable: " + REASON);
        return BACKEND;
    }

    /** Whether the native tier loads here (tests whose expectation depends on it, not skipped without it). */
    public static boolean present() {
        return BACKEND != null;
    }
}
