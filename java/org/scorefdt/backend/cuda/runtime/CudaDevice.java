package org.scorefdt.backend.cuda.runtime;

import static org.bytedeco.cuda.global.cudart.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR;
import static org.bytedeco.cuda.global.cudart.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR;
import static org.bytedeco.cuda.global.cudart.CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN;
import static org.bytedeco.cuda.global.cudart.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT;

import java.util.HashMap;
import java.util.Map;
import org.bytedeco.cuda.cudart.CUctx_st;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.SizeTPointer;
import org.scorefdt.backend.BackendUnavailableException;

/**
 * Device 0 and its primary context, opened once per process and retained for its life (shared with
 * cuFFT). Every entry point that touches the device calls {@link #makeCurrent()} first; the outcome
 * of opening, device or failure, is cached. Design: docs/backends.md §2.
 */
public final class CudaDevice {
    private final CopyCounter copies = new CopyCounter();
    private final Map<String, KernelModule> modules = new HashMap<>();

    private final CUctx_st context;
    private final String name;
    private final int ccMajor;
    private final int ccMinor;
    private final int multiprocessors;
    private final int maxSharedPerBlockOptin;
    private final long totalBytes;
    private final int driverVersion;

    private CudaDevice(CUctx_st context, String name, int ccMajor, int ccMinor, int sms, int shared, long total, int driver) {
        this.context = context;
        this.name = name;
        this.ccMajor = ccMajor;
        this.ccMinor = ccMinor;
        this.multiprocessors = sms;
        this.maxSharedPerBlockOptin = shared;
        this.totalBytes = total;
        this.driverVersion = driver;
    }

    /**
     * Device 0 with its primary context current on the calling thread.
     *
     * @throws BackendUnavailableException naming the whole cause chain (e.g. {@code libcuda.so.1}
     *     missing, no device) if CUDA cannot be used here; the same exception on every later call
     */
    public static CudaDevice open() {
        if (Primary.FAILURE != null) throw Primary.FAILURE;
        Primary.DEVICE.makeCurrent();
        return Primary.DEVICE;
    }

    /**
     * Device 0 and its primary context, opened once on first use (the holder's class
     * initialisation). CUDA keeps one primary context per process and device, and a JavaCPP class
     * whose initialisation failed cannot be retried, so the outcome — the device or why there is
     * none — is a fact of the process, not state a job could change.
     */
    private static final class Primary {
        static final CudaDevice DEVICE;
        static final BackendUnavailableException FAILURE;

        static {
            CudaDevice d = null;
            BackendUnavailableException f = null;
            try {
                d = init();
            } catch (Throwable t) {
                f = new BackendUnavailableException("CUDA unavailable: " + causeChain(t), t);
            }
            DEVICE = d;
            FAILURE = f;
        }
    }

    /** Host↔device copies through this device's buffers so far. */
    public DeviceBuffer.CopyCount copies() {
        return copies.snapshot();
    }

    CopyCounter copyCounter() {
        return copies;
    }

    /** The module {@code name} of this device, loaded by {@code loader} on first use. */
    synchronized KernelModule module(String name, java.util.function.Function<String, KernelModule> loader) {
        return modules.computeIfAbsent(name, loader);
    }

    /** Counts of host↔device copies (thread-safe). */
    static final class CopyCounter {
        private final java.util.concurrent.atomic.AtomicLong toDevice = new java.util.concurrent.atomic.AtomicLong(),
                toHost = new java.util.concurrent.atomic.AtomicLong(), bytesToDevice = new java.util.concurrent.atomic.AtomicLong(),
                bytesToHost = new java.util.concurrent.atomic.AtomicLong();

        void toDevice(long bytes) {
            toDevice.incrementAndGet();
            bytesToDevice.addAndGet(bytes);
        }

        void toHost(long bytes) {
            toHost.incrementAndGet();
            bytesToHost.addAndGet(bytes);
        }

        DeviceBuffer.CopyCount snapshot() {
            return new DeviceBuffer.CopyCount(toDevice.get(), toHost.get(), bytesToDevice.get(), bytesToHost.get());
        }
    }

    /** Whether a CUDA device can be opened here (never throws). */
    public static boolean available() {
        return unavailableReason() == null;
    }

    /** Why CUDA cannot be used here, or null if it can. */
    public static String unavailableReason() {
        try {
            open();
            return null;
        } catch (BackendUnavailableException e) {
            return e.getMessage();
        }
    }

    private static CudaDevice init() {
        CudaException.check(cudart.cuInit(0), "cuInit");
        int[] count = new int[1];
        CudaException.check(cudart.cuDeviceGetCount(count), "cuDeviceGetCount");
        if (count[0] < 1) throw new IllegalStateException("the CUDA driver reports no device");
        int[] dev = new int[1];
        CudaException.check(cudart.cuDeviceGet(dev, 0), "cuDeviceGet(0)");
        CUctx_st ctx = new CUctx_st();
        CudaException.check(cudart.cuDevicePrimaryCtxRetain(ctx, dev[0]), "cuDevicePrimaryCtxRetain");
        CudaException.check(cudart.cuCtxSetCurrent(ctx), "cuCtxSetCurrent");
        String name;
        try (BytePointer b = new BytePointer(256)) {
            CudaException.check(cudart.cuDeviceGetName(b, 256, dev[0]), "cuDeviceGetName");
            name = b.getString();
        }
        long total;
        try (SizeTPointer t = new SizeTPointer(1)) {
            CudaException.check(cudart.cuDeviceTotalMem(t, dev[0]), "cuDeviceTotalMem");
            total = t.get();
        }
        int[] driver = new int[1];
        CudaException.check(cudart.cuDriverGetVersion(driver), "cuDriverGetVersion");
        return new CudaDevice(ctx, name, attribute(CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev[0]),
                attribute(CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev[0]),
                attribute(CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, dev[0]),
                attribute(CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN, dev[0]), total, driver[0]);
    }

    private static int attribute(int attr, int dev) {
        int[] v = new int[1];
        CudaException.check(cudart.cuDeviceGetAttribute(v, attr, dev), "cuDeviceGetAttribute(" + attr + ")");
        return v[0];
    }

    /**
     * The cause chain on one line, {@code Type: message <- Type: message}, with the
     * java.library.path listing cut (the presets' top message is only "no jnicudart in
     * java.library.path"; the useful part, e.g. {@code libcuda.so.1: cannot open shared object
     * file}, is further down the chain).
     */
    public static String causeChain(Throwable t) {
        StringBuilder sb = new StringBuilder();
        int depth = 0;
        for (Throwable c = t; c != null && depth < 8; c = c.getCause(), depth++) {
            if (sb.length() > 0) sb.append(" <- ");
            String msg = String.valueOf(c.getMessage());
            int cut = msg.indexOf("java.library.path:");
            if (cut >= 0) msg = msg.substring(0, cut + "java.library.path".length());
            sb.append(c.getClass().getSimpleName()).append(": ").append(msg);
        }
        return sb.toString();
    }

    /** Makes the primary context current on the calling thread (cheap; idempotent). */
    public void makeCurrent() {
        CudaException.check(cudart.cuCtxSetCurrent(context), "cuCtxSetCurrent");
    }

    /** Waits for all work on the context; surfaces asynchronous kernel errors. */
    public void synchronize(String after) {
        CudaException.check(cudart.cuCtxSynchronize(), "cuCtxSynchronize after " + after);
    }

    /** Free device memory now, in bytes ({@code cuMemGetInfo}). */
    public long freeBytes() {
        makeCurrent();
        try (SizeTPointer free = new SizeTPointer(1); SizeTPointer total = new SizeTPointer(1)) {
            CudaException.check(cudart.cuMemGetInfo(free, total), "cuMemGetInfo");
            return free.get();
        }
    }

    /**
     * How many ensemble members fit in the free device memory, keeping 10% and {@code fixedBytes}
     * (coefficients, plans) aside.
     *
     * @param bytesPerMember device bytes one member needs (state, scratch, transforms), > 0
     * @param fixedBytes     bytes needed regardless of the member count
     * @return at least 1
     * @throws IllegalStateException naming the sizes if not even one member fits
     */
    public long membersThatFit(long bytesPerMember, long fixedBytes) {
        return membersThatFit(bytesPerMember, fixedBytes, 0);
    }

    /**
     * As {@link #membersThatFit(long, long)}, counting {@code heldMembers} whose memory the caller
     * already holds (and would free or reuse) as fitting too.
     */
    public long membersThatFit(long bytesPerMember, long fixedBytes, long heldMembers) {
        if (bytesPerMember <= 0) throw new IllegalArgumentException("bytesPerMember = " + bytesPerMember + ": must be > 0");
        long usable = (long) (freeBytes() * 0.9) - fixedBytes;
        long fit = Math.max(0, usable / bytesPerMember) + heldMembers;
        if (fit < 1) {
            throw new IllegalStateException("device memory: one member needs " + bytesPerMember + " bytes plus "
                    + fixedBytes + " fixed, but only " + Math.max(usable + fixedBytes, 0) + " bytes are usable on " + name);
        }
        return fit;
    }

    /** The device name, e.g. "NVIDIA H100 80GB HBM3". */
    public String name() {
        return name;
    }

    /** Compute capability, e.g. 9.0 as {9, 0}. */
    public int[] computeCapability() {
        return new int[] {ccMajor, ccMinor};
    }

    /** Streaming multiprocessors. */
    public int multiprocessors() {
        return multiprocessors;
    }

    /** The most shared memory one block may opt in to, in bytes. */
    public int maxSharedPerBlockOptin() {
        return maxSharedPerBlockOptin;
    }

    /** Total device memory, in bytes. */
    public long totalBytes() {
        return totalBytes;
    }

    /** The driver's CUDA version, e.g. 13000. */
    public int driverVersion() {
        return driverVersion;
    }

    /** One line for logs and manifests. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "%s (sm_%d%d, %d SMs, %.1f GiB, driver CUDA %d.%d)", name, ccMajor,
                ccMinor, multiprocessors, totalBytes / (1024.0 * 1024 * 1024), driverVersion / 1000, driverVersion % 1000 / 10);
    }
}
