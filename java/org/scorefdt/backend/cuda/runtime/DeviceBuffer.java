package org.scorefdt.backend.cuda.runtime;

import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * A block of device memory ({@code cuMemAlloc}) holding {@link #elements()} values of one
 * {@link Dtype}. Host copies take and give {@code double[]}: an F32 buffer rounds once on the way in
 * and widens on the way out, like the CPU tier's state buffer. Closing frees it; idempotent.
 * Not thread-safe.
 */
public final class DeviceBuffer implements AutoCloseable {
    private final CudaDevice device;
    private final Dtype type;
    private final long elements;
    private long address;
    private Pointer staging;
    private float[] floatScratch;
    /** Elements per staged host copy (8 MiB of doubles). */
    static final int STAGING = 1 << 20;
    /**
     * Count of host↔device copies through the buffers of one device (each {@code copyFrom}/
     * {@code copyTo}/{@code copyFromHost}/{@code copyToHost} call counts once, whatever its size);
     * device-to-device copies are not counted. Lets tests show that a device-resident pipeline moves
     * no state between host and device per step or save.
     *
     * @param toDevice    host-to-device copies
     * @param toHost      device-to-host copies
     * @param bytesToDevice bytes copied host-to-device
     * @param bytesToHost bytes copied device-to-host
     */
    public record CopyCount(long toDevice, long toHost, long bytesToDevice, long bytesToHost) {
        /** Copies made since {@code earlier}. */
        public CopyCount since(CopyCount earlier) {
            return new CopyCount(toDevice - earlier.toDevice, toHost - earlier.toHost,
                    bytesToDevice - earlier.bytesToDevice, bytesToHost - earlier.bytesToHost);
        }
    }

    /** The copies so far through the buffers of the device ({@link CudaDevice#copies}). */
    public static CopyCount copies() {
        return CudaDevice.open().copies();
    }

    private void countToDevice(long bytes) {
        device.copyCounter().toDevice(bytes);
    }

    private void countToHost(long bytes) {
        device.copyCounter().toHost(bytes);
    }

    private DeviceBuffer(CudaDevice device, Dtype type, long elements, long address) {
        this.device = device;
        this.type = type;
        this.elements = elements;
        this.address = address;
    }

    /** A new buffer of {@code type} holding {@code values} (rounded once for F32). */
    public static DeviceBuffer upload(CudaDevice device, Dtype type, double[] values) {
        return filled(allocate(device, type, values.length), b -> b.copyFrom(values));
    }

    /** A new I32 buffer holding {@code values}. */
    public static DeviceBuffer upload(CudaDevice device, int[] values) {
        return filled(allocate(device, Dtype.I32, values.length), b -> b.copyFrom(values));
    }

    private static DeviceBuffer filled(DeviceBuffer b, java.util.function.Consumer<DeviceBuffer> copy) {
        try {
            copy.accept(b);
        } catch (RuntimeException e) {
            b.close();  // a failed copy leaves nothing allocated
            throw e;
        }
        return b;
    }

    /** Closes each buffer that is not null. */
    public static void closeAll(DeviceBuffer... buffers) {
        for (DeviceBuffer b : buffers) {
            if (b != null) b.close();
        }
    }

    /**
     * A scratch buffer of at least {@code elements} values: {@code held} itself when it is large
     * enough, else a new one ({@code held} closed first, so a failed allocation leaves nothing
     * behind; the caller must then drop its reference, as it does with the return value).
     *
     * @param held the buffer held so far, or null
     */
    public static DeviceBuffer atLeast(DeviceBuffer held, CudaDevice device, Dtype type, long elements) {
        if (held != null && held.type() == type && held.elements() >= elements) return held;
        if (held != null) held.close();
        return allocate(device, type, elements);
    }

    /**
     * Allocates {@code elements} values of {@code type} (at least one byte is allocated for 0).
     *
     * @throws CudaException naming the size if the device has no room
     */
    public static DeviceBuffer allocate(CudaDevice device, Dtype type, long elements) {
        if (elements < 0) throw new IllegalArgumentException("elements = " + elements + ": must be >= 0");
        long bytes = Math.max(1, Math.multiplyExact(elements, (long) type.bytes));
        device.makeCurrent();
        long[] ptr = new long[1];
        CudaException.check(cudart.cuMemAlloc(ptr, bytes), "cuMemAlloc(" + bytes + " bytes, " + elements + " × " + type + ")");
        return new DeviceBuffer(device, type, elements, ptr[0]);
    }

    /** Element type. */
    public Dtype type() {
        return type;
    }

    /** Number of elements. */
    public long elements() {
        return elements;
    }

    /** Size in bytes. */
    public long bytes() {
        return elements * type.bytes;
    }

    /** The device address ({@code CUdeviceptr}), for kernel arguments. */
    public long address() {
        ensureOpen();
        return address;
    }

    /** The device address of element {@code index}. */
    public long address(long index) {
        checkRange(index, 0);
        return address() + index * type.bytes;
    }

    /**
     * Copies {@code count} values from {@code src[srcOffset..]} into elements {@code [at, at + count)}.
     */
    public void copyFrom(double[] src, int srcOffset, int count, long at) {
        checkRange(at, count);
        if (type != Dtype.F64 && type != Dtype.F32) throw new IllegalStateException("copyFrom(double[]) on a " + type + " buffer");
        if (srcOffset < 0 || srcOffset + (long) count > src.length) {
            throw new IndexOutOfBoundsException("source [" + srcOffset + ", " + (srcOffset + (long) count) + ") of " + src.length);
        }
        device.makeCurrent();
        countToDevice((long) count * type.bytes);
        for (int done = 0; done < count; ) {
            int n = Math.min(STAGING, count - done);
            if (type == Dtype.F64) {
                DoublePointer h = stagingF64();
                h.put(src, srcOffset + done, n);
                CudaException.check(cudart.cuMemcpyHtoD(address(at + done), h, (long) n * 8), "cuMemcpyHtoD");
            } else {
                float[] f = floats();
                for (int i = 0; i < n; i++) f[i] = (float) src[srcOffset + done + i];
                FloatPointer h = stagingF32();
                h.put(f, 0, n);
                CudaException.check(cudart.cuMemcpyHtoD(address(at + done), h, (long) n * 4), "cuMemcpyHtoD");
            }
            done += n;
        }
    }

    /** Copies all of {@code src} to the start of the buffer. */
    public void copyFrom(double[] src) {
        copyFrom(src, 0, src.length, 0);
    }

    /** Copies all of {@code src} to the start of an I32 buffer (index tables). */
    public void copyFrom(int[] src) {
        if (type != Dtype.I32) throw new IllegalStateException("copyFrom(int[]) on a " + type + " buffer");
        checkRange(0, src.length);
        try (IntPointer h = new IntPointer(Math.max(1, src.length))) {
            h.put(src, 0, src.length);
            copyFromHost(h, 4L * src.length);
        }
    }

    /** Copies elements {@code [at, at + count)} into {@code dst[dstOffset..]}. */
    public void copyTo(double[] dst, int dstOffset, int count, long at) {
        checkRange(at, count);
        if (type != Dtype.F64 && type != Dtype.F32) throw new IllegalStateException("copyTo(double[]) on a " + type + " buffer");
        if (dstOffset < 0 || dstOffset + (long) count > dst.length) {
            throw new IndexOutOfBoundsException("destination [" + dstOffset + ", " + (dstOffset + (long) count) + ") of " + dst.length);
        }
        device.makeCurrent();
        countToHost((long) count * type.bytes);
        for (int done = 0; done < count; ) {
            int n = Math.min(STAGING, count - done);
            if (type == Dtype.F64) {
                DoublePointer h = stagingF64();
                CudaException.check(cudart.cuMemcpyDtoH(h, address(at + done), (long) n * 8), "cuMemcpyDtoH");
                h.get(dst, dstOffset + done, n);
            } else {
                FloatPointer h = stagingF32();
                CudaException.check(cudart.cuMemcpyDtoH(h, address(at + done), (long) n * 4), "cuMemcpyDtoH");
                float[] f = floats();
                h.get(f, 0, n);
                for (int i = 0; i < n; i++) dst[dstOffset + done + i] = f[i];
            }
            done += n;
        }
    }

    /**
     * Host staging for the copies: at most {@link #STAGING} elements, kept between calls
     * (integrators copy their states every call), so host memory stays bounded for any ensemble.
     */
    private DoublePointer stagingF64() {
        if (!(staging instanceof DoublePointer)) {
            freeStaging();
            staging = new DoublePointer(STAGING);
        }
        return (DoublePointer) staging.position(0);
    }

    private FloatPointer stagingF32() {
        if (!(staging instanceof FloatPointer)) {
            freeStaging();
            staging = new FloatPointer(STAGING);
        }
        return (FloatPointer) staging.position(0);
    }

    private float[] floats() {
        if (floatScratch == null) floatScratch = new float[STAGING];
        return floatScratch;
    }

    private void freeStaging() {
        if (staging != null) staging.close();
        staging = null;
    }

    /** The whole buffer as a new array (small buffers: results, tests). */
    public double[] toArray() {
        if (elements > Integer.MAX_VALUE - 8) throw new IllegalStateException(elements + " elements do not fit one array");
        double[] out = new double[(int) elements];
        copyTo(out, 0, out.length, 0);
        return out;
    }

    /** Raw host-to-device copy of {@code bytes} bytes from a host pointer to the start. */
    public void copyFromHost(Pointer host, long bytes) {
        if (bytes < 0 || bytes > bytes()) throw new IllegalArgumentException("copy of " + bytes + " bytes into " + bytes() + " bytes");
        device.makeCurrent();
        countToDevice(bytes);
        CudaException.check(cudart.cuMemcpyHtoD(address(), host, bytes), "cuMemcpyHtoD");
    }

    /** Raw device-to-host copy of {@code bytes} bytes from the start to a host pointer. */
    public void copyToHost(Pointer host, long bytes) {
        if (bytes < 0 || bytes > bytes()) throw new IllegalArgumentException("copy of " + bytes + " bytes from " + bytes() + " bytes");
        device.makeCurrent();
        countToHost(bytes);
        CudaException.check(cudart.cuMemcpyDtoH(host, address(), bytes), "cuMemcpyDtoH");
    }

    /**
     * Device-to-device copy of {@code count} elements from {@code src[srcAt..]} into
     * {@code [at, at + count)} (same element type; not a host copy, not counted).
     */
    public void copyFromDevice(DeviceBuffer src, long srcAt, long count, long at) {
        if (src.type != type) throw new IllegalArgumentException("copy from a " + src.type + " buffer into a " + type + " buffer");
        checkRange(at, count);
        src.checkRange(srcAt, count);
        if (count == 0) return;
        device.makeCurrent();
        CudaException.check(cudart.cuMemcpyDtoD(address(at), src.address(srcAt), count * type.bytes), "cuMemcpyDtoD");
    }

    /** Sets every byte to zero. */
    public void zero() {
        device.makeCurrent();
        CudaException.check(cudart.cuMemsetD8(address(), (byte) 0, Math.max(1, bytes())), "cuMemsetD8");
    }

    /**
     * A JavaCPP pointer holding this device address, for library calls (cuFFT) that take typed
     * pointers. It owns nothing: never close or dereference it on the host.
     */
    public Pointer devicePointer() {
        return new Raw(address());
    }

    private void checkRange(long at, long count) {
        if (at < 0 || count < 0 || at + count > elements) {
            throw new IndexOutOfBoundsException("elements [" + at + ", " + (at + count) + ") outside a buffer of " + elements);
        }
    }

    private void ensureOpen() {
        if (address == 0) throw new IllegalStateException("device buffer already closed");
    }

    @Override
    public void close() {
        freeStaging();
        if (address != 0) {
            long a = address;
            address = 0;
            device.makeCurrent();
            CudaException.check(cudart.cuMemFree(a), "cuMemFree");
        }
    }

    /** A bare address in a JavaCPP pointer (the presets take device pointers this way). */
    private static final class Raw extends Pointer {
        Raw(long address) {
            this.address = address;
        }
    }
}
