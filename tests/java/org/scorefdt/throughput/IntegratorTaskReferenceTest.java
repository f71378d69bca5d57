package org.scorefdt.throughput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.integrate.Precision;
import org.scorefdt.testing.NativeTier;

/**
 * CPU-only: the java integrator task against the cpu task, call for call over the 1 + 4 calls of
 * ThroughputDeviceResidentTest, with its bounds (l96 bitwise, ou32/ac64 within 1e-12·max|x|). On the
 * GPU node the cuda task is compared with the java task (CpuReference); this shows that reference
 * meets the same bounds as the native one. Skipped where the native tier is absent.
 */
class IntegratorTaskReferenceTest {

    @ParameterizedTest
    @EnumSource(value = Workload.class, names = {"OU32", "AC64", "L96"})
    void javaTaskFollowsTheCpuTask(Workload w) {
        NativeTier.require();
        try (IntegratorTask cpu = IntegratorTask.open(w, WorkloadSize.TINY, BackendKind.CPU, Precision.F64, 1);
             IntegratorTask java = IntegratorTask.open(w, WorkloadSize.TINY, BackendKind.JAVA, Precision.F64, 1)) {
            assertEquals("java", java.backend());
            for (int c = 0; c < 5; c++) {
                cpu.call();
                java.call();
                double[] want = cpu.states(), got = java.states();
                double scale = 0, diff = 0;
                for (int i = 0; i < want.length; i++) {
                    scale = Math.max(scale, Math.abs(want[i]));
                    diff = Math.max(diff, Math.abs(want[i] - got[i]));
                }
                String what = w + " after " + (c + 1) + " calls";
                if (w == Workload.L96) {
                    for (int i = 0; i < want.length; i++) {
                        assertEquals(Double.doubleToRawLongBits(want[i]), Double.doubleToRawLongBits(got[i]), what + " element " + i);
                    }
                } else {
                    System.out.printf("java vs native task %s: diff %.3e, max|x| %.3e, ratio to 1e-12·max|x| %.2e%n", what, diff, scale,
                            diff / (1e-12 * scale));
                    assertTrue(scale > 0 && diff <= 1e-12 * scale, what + ": max diff " + diff + ", max |x| " + scale);
                }
            }
        }
    }
}
