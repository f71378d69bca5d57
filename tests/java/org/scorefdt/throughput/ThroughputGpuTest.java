package org.scorefdt.throughput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.scorefdt.testing.CudaTier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.backend.BackendUnavailableException;
import org.scorefdt.backend.Backends;
import org.scorefdt.backend.TierChain;
import org.scorefdt.integrate.Precision;

/**
 * On a GPU node ({@code @Tag("gpu")}, run by bench/gpu/run-on-node.sh): the integrator workloads
 * asked for on {@code cuda} run there, in both precisions, and end finite — no silent fallback to
 * a CPU tier. Skips, naming the reason, where the CUDA backend cannot be opened.
 */
@Tag("gpu")
class ThroughputGpuTest {

    private static void assumeCuda() {
        try (TierChain s = Backends.open(BackendKind.CUDA)) {
            assertEquals(BackendKind.CUDA, s.first().kind());
        } catch (BackendUnavailableException e) {
            assumeTrue(false, "CUDA backend unavailable: " + e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Precision.class)
    void integratorWorkloadsRunOnTheDevice(Precision p) {
        CudaTier.leaveToTheGpu(true, "a throughput measurement");
        assumeCuda();
        for (Workload w : new Workload[] {Workload.OU32, Workload.AC64, Workload.L96}) {
            Measurement m = Throughput.measure(w, WorkloadSize.TINY, BackendKind.CUDA, p, 0, Timing.defaults(WorkloadSize.TINY));
            if (m.status() == Measurement.Status.UNAVAILABLE) {
                // The backend may not support a precision or scheme yet; it must say so, not fail.
                assertTrue(!m.reason().isBlank(), m.toJson());
                continue;
            }
            assertEquals(Measurement.Status.MEASURED, m.status(), m.toJson());
            assertEquals("cuda", m.backend(), m.toJson());
            assertEquals(p.configName(), m.precision());
            assertTrue(m.perSecond() > 0 && Double.isFinite(m.perSecond()), m.toJson());
        }
    }
}
