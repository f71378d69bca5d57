package org.scorefdt.backend.cuda;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectIteration;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Child-JVM entry of {@link FakeDriverTest}: runs the GPU-only tests on sizes the host emulation
 * finishes quickly, against whatever libcuda.so.1 and libcufft.so.12 the loader finds (the fakes).
 * Exit 0: all passed; 1: failures; 3: nothing ran (the CUDA tier did not open).
 */
public final class FakeDriverRunner {
    private FakeDriverRunner() {}

    public static void main(String[] args) {
        String lowDim = "java.lang.String, org.scorefdt.integrate.Scheme, org.scorefdt.integrate.Precision, int";
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(
                selectClass(CudaFoundationTest.class),
                // dw1 EM 1, dw HEUN 31, dw RK4 F32 33, l96 EM 33, l96 HEUN F32 1, l96odd RK4 31 (the larger ones
                // take minutes on host threads; cuda_emulation_tests covers multi-block launches)
                selectIteration(selectMethod(CudaIntegratorParityTest.class, "lowDimensionalIsBitwiseIdenticalToTheCpu", lowDim),
                        0, 1, 2, 4, 5, 8),
                selectMethod(CudaIntegratorParityTest.class, "autoOnAGpuPicksCudaAndFallsToTheCpuForWhatCudaCannotRun"),
                selectMethod(CudaResponseKernelsTest.class, "deviceLaggedColumnEqualsTheJavaAccumulatorBitwise", "int"),
                selectMethod(CudaResponseKernelsTest.class, "f32DeviceStatesGiveTheSumsOfTheirWidenedValues"),
                selectIteration(selectMethod(CudaResponseKernelsTest.class, "pairedKernelEqualsTwoSeparateRunsBitwise", "int"), 0),
                // cuFFT paths, on the fake libcufft (FFTW): ou8 EXACT 1, ou8 EM 33, ou32 EXACT 31, ou32 HEUN 257
                selectIteration(selectMethod(CudaIntegratorParityTest.class, "spectralF64AgreesToFftRounding",
                        "java.lang.String, org.scorefdt.integrate.Scheme, org.scorefdt.integrate.Precision, int, double"), 0, 1, 2, 3),
                selectMethod(CudaIntegratorParityTest.class, "spectralF32StaysWithinFloatRounding"),
                selectMethod(CudaResponseKernelsTest.class, "deviceLaggedGridAgreesWithTheJavaAccumulatorToFftRounding", "int"),
                selectClass("org.scorefdt.api.OuValidationCudaTest"))
                .build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, listener, new Timings());
        TestExecutionSummary s = listener.getSummary();
        PrintWriter out = new PrintWriter(System.out, true);
        s.printTo(out);
        s.printFailuresTo(out, 30);
        out.flush();
        if (s.getTotalFailureCount() > 0) System.exit(1);
        if (s.getTestsSucceededCount() == 0) System.exit(3);
        System.exit(0);
    }

    /** Prints each test's wall time (the emulation is slow for barrier-heavy kernels: keep the selection lean). */
    private static final class Timings implements TestExecutionListener {
        private final Map<String, Long> started = new HashMap<>();

        @Override
        public void executionStarted(TestIdentifier id) {
            if (id.isTest()) started.put(id.getUniqueId(), System.nanoTime());
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            Long t0 = started.remove(id.getUniqueId());
            if (t0 != null) {
                System.out.printf("%6d ms %s %s %s%n", (System.nanoTime() - t0) / 1_000_000, result.getStatus(),
                        id.getLegacyReportingName(), id.getDisplayName());
            }
        }
    }
}
