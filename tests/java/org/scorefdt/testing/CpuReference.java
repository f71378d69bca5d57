package org.scorefdt.testing;

import java.util.Locale;
import org.scorefdt.backend.Backend;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.backend.BackendUnavailableException;
import org.scorefdt.backend.cpu.NativeCpuBackend;
import org.scorefdt.backend.java.JavaBackend;

/**
 * The CPU tier GPU-only parity tests compare the CUDA tier against: the native CPU tier where it
 * loads, else the Java reference. The GPU node's bundle has no OpenBLAS/FFTW natives (they do not fit
 * its 64 MiB), so there the reference is Java; without this the node would skip exactly the parity
 * checks it exists for. Use it only where the comparison is equally valid against either tier:
 * low-dimensional F64 (Java equals native bit for bit, {@code BackendParityTest}) and FFT-rounding
 * bounds (JTransforms vs FFTW is the same kind of difference as cuFFT vs FFTW). F32 is not: Java's F32
 * computes in double and rounds the state per step, the native and CUDA tiers compute in float — see
 * {@link #isNative()}. Tests of the native library itself keep {@link NativeTier}.
 *
 * <p>{@value #PROPERTY} = {@code auto} (default), {@code java} (force the Java reference, to check
 * here what the node runs) or {@code native} (skip where the native tier is absent). The choice is
 * printed once, and {@link #name()} belongs in failure messages.
 */
public final class CpuReference {
    /** System property choosing the reference: auto, java or native. */
    public static final String PROPERTY = "scorefdt.test.cpuReference";

    private static final Backend BACKEND;
    private static final String WHY;

    static {
        String want = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        if (!want.equals("auto") && !want.equals("java") && !want.equals("native")) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + want + ": expected auto, java or native");
        }
        Backend b = null;
        String why;
        if (want.equals("java")) {
            why = "forced by -D" + PROPERTY + "=java";
        } else {
            try {
                b = NativeCpuBackend.open();
                why = "native CPU tier loaded";
            } catch (BackendUnavailableException e) {
                why = "native CPU tier unavailable: " + e.getMessage();
            }
        }
        if (b == null && !want.equals("native")) b = new JavaBackend();
        BACKEND = b;
        WHY = why;
        System.out.println("CPU reference for GPU parity tests: " + (b == null ? "none" : b.kind().configName()) + " (" + why + ")");
    }

    private CpuReference() {}

    /** The reference backend, or a skipped test where {@code native} was asked for and does not load. */
    public static Backend require() {
        org.junit.jupiter.api.Assumptions.assumeTrue(BACKEND != null, () -> "CPU reference: " + WHY);
        return BACKEND;
    }

    /** Whether the reference is the native tier (F32 bitwise comparisons need it). */
    public static boolean isNative() {
        return BACKEND != null && BACKEND.kind() == BackendKind.CPU;
    }

    /** The reference's tier, for {@code Backends.open}/{@code BackendKind} based APIs. */
    public static BackendKind kind() {
        require();
        return BACKEND.kind();
    }

    /** "cpu" or "java", with the reason: for failure messages. */
    public static String name() {
        return (BACKEND == null ? "none" : BACKEND.kind().configName()) + " reference (" + WHY + ")";
    }
}
