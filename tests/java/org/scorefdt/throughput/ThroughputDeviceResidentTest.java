package org.scorefdt.throughput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer.CopyCount;
import org.scorefdt.integrate.Precision;
import org.scorefdt.testing.CpuReference;
import org.scorefdt.testing.CudaTier;

/**
 * GPU-only: the cuda benchmark tasks keep their data on the device and compute what the host tasks
 * compute. The integrator task on cuda (states uploaded once, {@code advanceDevice} per call)
 * follows the CPU reference's task ({@link CpuReference}: the cpu task, or the java task where the
 * natives are absent, as on the node) call for call — bitwise for l96 (the low-dimensional kernel is
 * bitwise with the CPU in F64, and Java's F64 with native's), to FFT rounding for ou32 and ac64 (cuFFT
 * vs FFTW or JTransforms) — with no host↔device copy per call;
 * the cuda lagged task (fields and B = −u on the device) combines to the Java task's correlation.
 * Size tiny, so it also runs on the fake driver (FakeDriverRunner). Skipped without a GPU.
 */
@Tag("gpu")
class ThroughputDeviceResidentTest {

    /** Calls per task: a first batch of 1 and a second of 4, whose copy counts must agree (both 0). */
    private static final int[] CALLS = {1, 4};

    @ParameterizedTest
    @EnumSource(value = Workload.class, names = {"OU32", "AC64", "L96"})
    void cudaIntegratorTaskFollowsTheCpuTaskWithoutCopiesPerCall(Workload w) {
        CudaTier.require();
        try (IntegratorTask cpu = IntegratorTask.open(w, WorkloadSize.TINY, CpuReference.kind(), Precision.F64, 1);
             IntegratorTask cuda = IntegratorTask.open(w, WorkloadSize.TINY, BackendKind.CUDA, Precision.F64, 1)) {
            assertEquals("cuda", cuda.backend());
            assertTrue(cuda.deviceResident() && cuda.note().contains("states device-resident"), cuda.note());
            assertFalse(cpu.deviceResident());
            double[] initial = cpu.states();
            assertBitwise(initial, cuda.states(), w + " after the upload");
            CopyCount[] copies = new CopyCount[CALLS.length];
            for (int k = 0; k < CALLS.length; k++) {
                CopyCount before = DeviceBuffer.copies();
                for (int c = 0; c < CALLS[k]; c++) cuda.call();
                cuda.sync();
                copies[k] = DeviceBuffer.copies().since(before);
                for (int c = 0; c < CALLS[k]; c++) cpu.call();
                double[] want = cpu.states(), got = cuda.states();
                String what = w + " after " + (k == 0 ? CALLS[0] : CALLS[0] + CALLS[1]) + " calls vs " + CpuReference.name();
                if (w == Workload.L96) {
                    assertBitwise(want, got, what);
                } else {
                    // a few FFT pairs per step, ε·log₂N each, over ≤ 5 × 2 steps: ≲ 1e-14 relative; 1e-12 leaves room
                    double scale = 0, diff = 0;
                    for (int i = 0; i < want.length; i++) {
                        scale = Math.max(scale, Math.abs(want[i]));
                        diff = Math.max(diff, Math.abs(want[i] - got[i]));
                    }
                    assertTrue(scale > 0 && diff <= 1e-12 * scale, what + ": max diff " + diff + ", max |x| " + scale);
                }
            }
            assertFalse(java.util.Arrays.equals(initial, cpu.states()), w + ": the calls moved the states");
            // the states stay on the device: no host↔device copy in the calls, however many
            assertEquals(copies[0], copies[1], w + ": copies of 1 and of 4 calls");
            assertEquals(new CopyCount(0, 0, 0, 0), copies[1], w + ": copies of 4 calls");
            assertTrue(cuda.check().isEmpty(), w + ": " + cuda.check());
        }
    }

    @Test
    void cudaLaggedTaskCombinesToTheJavaTasksCorrelation() {
        CudaTier.require();
        try (LaggedTask java = LaggedTask.open(WorkloadSize.TINY, BackendKind.JAVA, Precision.F64);
             LaggedTask cuda = LaggedTask.open(WorkloadSize.TINY, BackendKind.CUDA, Precision.F64)) {
            assertEquals("java", java.backend());
            assertEquals("cuda", cuda.backend());
            assertTrue(cuda.note().contains("device-resident"), cuda.note());
            CopyCount before = DeviceBuffer.copies();
            for (int c = 0; c < 3; c++) {
                java.call();
                cuda.call();
            }
            cuda.sync();
            assertEquals(new CopyCount(0, 0, 0, 0), DeviceBuffer.copies().since(before), "the saves copy nothing");
            // the ring filled at set-up (lags saves) plus 3 calls of the size's saves
            int saves = Workload.LAGGED.dim(WorkloadSize.TINY, "saves"), lags = Workload.LAGGED.dim(WorkloadSize.TINY, "lags");
            assertEquals(lags + 3L * saves, cuda.saves());
            assertEquals(java.saves(), cuda.saves());
            double[] want = java.combined(), got = cuda.combined();
            assertEquals(want.length, got.length);
            double scale = 0, diff = 0;
            for (int i = 0; i < want.length; i++) {
                scale = Math.max(scale, Math.abs(want[i]));
                diff = Math.max(diff, Math.abs(want[i] - got[i]));
            }
            // two 32×32 r2c per save (ε·log₂1024 each) and one inverse: ≲ 1e-14 relative; 1e-12 leaves room
            assertTrue(scale > 0 && diff <= 1e-12 * scale, "max diff " + diff + ", scale " + scale);
            assertTrue(cuda.check().isEmpty(), String.valueOf(cuda.check()));
        }
    }

    @Test
    void laggedIsMeasuredOnCudaAndStillUnavailableOnCpu() {
        CudaTier.require();
        Measurement m = Throughput.measure(Workload.LAGGED, WorkloadSize.TINY, BackendKind.CUDA, Precision.F32, 0,
                Timing.defaults(WorkloadSize.TINY));
        assertEquals(Measurement.Status.MEASURED, m.status(), m.toJson());
        assertEquals("cuda", m.backend(), m.toJson());
        assertEquals("f64", m.precision(), m.toJson());
        assertTrue(m.reason().contains("computes in f64") && m.reason().contains("device-resident"), m.toJson());
        Measurement cpu = Throughput.measure(Workload.LAGGED, WorkloadSize.TINY, BackendKind.CPU, Precision.F64, 0,
                Timing.defaults(WorkloadSize.TINY));
        assertEquals(Measurement.Status.UNAVAILABLE, cpu.status(), cpu.toJson());
        assertTrue(cpu.reason().contains("no cpu kernel"), cpu.toJson());
    }

    private static void assertBitwise(double[] want, double[] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            if (Double.doubleToRawLongBits(want[i]) != Double.doubleToRawLongBits(got[i])) {
                throw new AssertionError(what + ": first difference at element " + i + ": cpu " + want[i] + " cuda " + got[i]);
            }
        }
    }
}
