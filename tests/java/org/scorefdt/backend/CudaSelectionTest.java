package org.scorefdt.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.testing.CudaTier;

/**
 * Backend selection around the CUDA tier: {@code auto} falls back with one reason naming the whole
 * cause chain; an explicit {@code cuda} request fails with that cause. Checked with an injected
 * failing opener (runs everywhere) and with the real probe where no GPU is present.
 */
class CudaSelectionTest {

    /** What the presets throw without a driver: the useful part is only in the cause. */
    private static Function<BackendKind, Backend> failingOpener() {
        return k -> {
            if (k != BackendKind.CUDA) return Backends.openTier(k);
            UnsatisfiedLinkError root = new UnsatisfiedLinkError("/cache/libjnicudart.so: libcuda.so.1: cannot open shared object file");
            UnsatisfiedLinkError top = new UnsatisfiedLinkError("no jnicudart in java.library.path: /usr/lib:/lib");
            top.initCause(root);
            throw new BackendUnavailableException("CUDA unavailable: " + CudaDevice.causeChain(top), top);
        };
    }

    @Test
    void autoFallsBackWithTheCauseChainInOneReason() {
        try (TierChain s = Backends.open(BackendKind.AUTO, f -> {}, failingOpener())) {
            assertNotEquals(BackendKind.CUDA, s.first().kind());
            String cuda = s.skipped().get(0);
            assertTrue(cuda.startsWith("cuda: CUDA unavailable: "), cuda);
            assertTrue(cuda.contains("libcuda.so.1: cannot open shared object file"), cuda);
            assertTrue(cuda.contains("no jnicudart in java.library.path <- "), "path listing cut, chain joined: " + cuda);
            assertEquals(1, cuda.lines().count(), "one line");
        }
    }

    @Test
    void explicitCudaFailsNamingTheCause() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> Backends.open(BackendKind.CUDA, f -> {}, failingOpener()));
        assertTrue(e.getMessage().contains("libcuda.so.1"), e.getMessage());
        assertTrue(e.getCause() instanceof UnsatisfiedLinkError);
    }

    @Test
    void aWorkingOpenerIsChosenFirstByAuto() {
        Backend fake = new org.scorefdt.backend.java.JavaBackend();
        try (TierChain s = Backends.open(BackendKind.AUTO, f -> {}, k -> k == BackendKind.CUDA ? fake : Backends.openTier(k))) {
            assertEquals(fake, s.first());
            assertTrue(s.skipped().isEmpty());
        }
    }

    @Test
    void withoutAGpuTheRealProbeFallsBackAndNamesTheRootCause() {
        assumeFalse(CudaTier.present(), "a CUDA device is present: this test checks the machine without one");
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> Backends.open(BackendKind.CUDA));
        Throwable root = e;
        while (root.getCause() != null) root = root.getCause();
        String rootText = String.valueOf(root.getMessage());
        int cut = rootText.indexOf("java.library.path:");
        if (cut >= 0) rootText = rootText.substring(0, cut);
        assertTrue(e.getMessage().contains(rootText), e.getMessage() + " should name " + rootText);
        try (TierChain s = Backends.open(BackendKind.AUTO)) {
            assertNotEquals(BackendKind.CUDA, s.first().kind());
            assertEquals("cuda: " + e.getMessage(), s.skipped().get(0));
        }
    }

    @Test
    void causeChainCutsTheLibraryPathListing() {
        Throwable t = new IllegalStateException("outer", new UnsatisfiedLinkError("no x in java.library.path: /a:/b"));
        assertEquals("IllegalStateException: outer <- UnsatisfiedLinkError: no x in java.library.path",
                CudaDevice.causeChain(t));
    }
}
