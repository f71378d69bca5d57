package org.scorefdt.backend.cuda.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.scorefdt.backend.cuda.runtime.KernelParams.PhiloxNormalsParams;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.scorefdt.rng.Philox;
import org.scorefdt.rng.Streams;
import org.scorefdt.testing.CudaTier;

/** GPU-only: the context, device buffers, launches and errors. Skipped with the cause where no GPU is present. */
@Tag("gpu")
class CudaFoundationTest {
    private CudaDevice device;

    @BeforeEach
    void open() {
        device = CudaTier.require().device();
    }

    @Test
    void deviceReportsItself() {
        assertTrue(!device.name().isBlank());
        assertTrue(device.computeCapability()[0] >= 8, "kernels are built for sm_80 and up: " + device.describe());
        assertTrue(device.multiprocessors() > 0 && device.totalBytes() > 0);
        long free = device.freeBytes();
        assertTrue(free > 0 && free <= device.totalBytes());
    }

    @Test
    void buffersRoundTripExactlyInF64AndRoundOnceInF32() {
        double[] x = new double[1001];
        for (int i = 0; i < x.length; i++) x[i] = Math.sin(1.3 * i) * Math.exp(0.01 * i) + 1e-17 * i;
        try (DeviceBuffer d = DeviceBuffer.allocate(device, Dtype.F64, x.length);
             DeviceBuffer f = DeviceBuffer.allocate(device, Dtype.F32, x.length)) {
            assertEquals(8008, d.bytes());
            assertEquals(4004, f.bytes());
            d.copyFrom(x);
            f.copyFrom(x);
            assertArrayEquals(x, d.toArray());
            double[] back = f.toArray();
            for (int i = 0; i < x.length; i++) assertEquals((double) (float) x[i], back[i], 0.0);
            // partial copies at an offset
            double[] part = new double[10];
            d.copyTo(part, 0, 10, 500);
            for (int i = 0; i < 10; i++) assertEquals(x[500 + i], part[i], 0.0);
            d.zero();
            assertArrayEquals(new double[x.length], d.toArray());
            assertThrows(IndexOutOfBoundsException.class, () -> d.copyTo(part, 0, 10, 995));
        }
    }

    @Test
    void copiesLargerThanTheStagingAreaRoundTrip() {
        int n = 3 * DeviceBuffer.STAGING + 5;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = i * 1.000000119 - 0.5 * n;
        for (Dtype t : new Dtype[] {Dtype.F64, Dtype.F32}) {
            try (DeviceBuffer b = DeviceBuffer.allocate(device, t, n + 7L)) {
                b.copyFrom(x, 0, n, 7);
                double[] back = new double[n + 2];
                b.copyTo(back, 2, n, 7);
                for (int i = 0; i < n; i++) {
                    double want = t == Dtype.F64 ? x[i] : (double) (float) x[i];
                    if (back[i + 2] != want) throw new AssertionError(t + " element " + i + ": " + back[i + 2] + " != " + want);
                }
            }
        }
    }

    @Test
    void closedBufferIsRejectedAndCloseIsIdempotent() {
        DeviceBuffer d = DeviceBuffer.allocate(device, Dtype.F64, 4);
        d.close();
        d.close();
        assertThrows(IllegalStateException.class, d::address);
    }

    @Test
    void outOfMemoryNamesTheSizeAndTheError() {
        long tooMany = device.totalBytes() / 8 * 2;   // twice the device
        CudaException e = assertThrows(CudaException.class, () -> DeviceBuffer.allocate(device, Dtype.F64, tooMany));
        assertTrue(e.isOutOfMemory(), e.getMessage());
        assertTrue(e.getMessage().contains("CUDA_ERROR_OUT_OF_MEMORY"), e.getMessage());
        assertTrue(e.getMessage().contains(Long.toString(tooMany * 8)), e.getMessage());
        long fit = device.membersThatFit(1L << 20, 0);
        assertTrue(fit >= 1 && fit <= device.totalBytes() >> 20);
        IllegalStateException none = assertThrows(IllegalStateException.class,
                () -> device.membersThatFit(device.totalBytes() * 2, 0));
        assertTrue(none.getMessage().contains(Long.toString(device.totalBytes() * 2)), none.getMessage());
    }

    @Test
    void missingKernelIsAClearError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KernelModule.load(device, "no_such_kernel"));
        assertTrue(e.getMessage().contains("no_such_kernel.fatbin"), e.getMessage());
        CudaException f = assertThrows(CudaException.class,
                () -> KernelModule.load(device, "philox_normals").function("no_such_function"));
        assertTrue(f.getMessage().contains("CUDA_ERROR_NOT_FOUND"), f.getMessage());
    }

    /** The first kernel, bit for bit against the Java reference, on awkward sizes (odd counts, partial blocks). */
    @ParameterizedTest
    @ValueSource(ints = {1, 31, 33, 257, 4097})
    void philoxNormalsKernelMatchesTheCpuBitwise(int members) {
        int count = 41;
        long seed = 0xC0FFEE_1234L, offset = 1L << 31, step = (1L << 40) + 17;
        KernelModule m = KernelModule.load(device, "philox_normals");
        try (DeviceBuffer out = DeviceBuffer.allocate(device, Dtype.F64, (long) members * count);
             PhiloxNormalsParams a = new PhiloxNormalsParams()) {
            a.seed(seed).stream(Streams.NOISE).member_offset(offset).step(step).members(members).count(count).out(out.address());
            long threads = (long) members * ((count + 1) / 2);
            m.launch("sfdt_philox_normals_kernel", (threads + 127) / 128, 128, 0, a);
            device.synchronize("sfdt_philox_normals_kernel");
            double[] got = out.toArray();
            double[] want = new double[members * count];
            for (int r = 0; r < members; r++) {
                Philox.normals(seed, Streams.NOISE, offset + r, step, want, r * count, count, new Philox.Scratch());
            }
            assertArrayEquals(want, got);
        }
    }
}
