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
                selectClass("org.scorefdt.api.OuValidationCudaTest"),
                // Allen–Cahn on the fake cuFFT: n=8 RK4 1, n=16 RK4 33, n=16 ETD1 31, n=8 ETD2 5, 64×64 ETD1 1 (the 64×64
                // × 257 cases take ~10 s each on host threads: left to the GPU), F32 RK4/ETD2, AUTO picks CUDA for both SPDEs
                selectIteration(selectMethod(CudaAllenCahnParityTest.class, "f64AgreesWithTheCpuToFftRounding",
                        "int, org.scorefdt.integrate.Scheme, int, int"), 0, 1, 2, 3, 6),
                selectMethod(CudaAllenCahnParityTest.class, "f32StaysWithinFloatRoundingOfTheF64Cpu", "org.scorefdt.integrate.Scheme"),
                selectMethod(CudaAllenCahnParityTest.class, "cudaIsChosenForAllenCahnAndNavierStokes"),
                // Navier–Stokes on the fake cuFFT: N=16 dealiased/skew, N=32 × 33 (N=64 × 257 left to the GPU), F32
                selectIteration(selectMethod(CudaNavierStokesParityTest.class, "f64AgreesWithTheCpuToFftRounding",
                        "int, boolean, int"), 0, 1, 2),
                selectMethod(CudaNavierStokesParityTest.class, "f32StaysWithinFloatRoundingOfTheF64Cpu"),
                // grid integrators' paired and device-resident entries: bitwise against advance, chunked under memory
                // pressure, PerturbedEnsemble against the CPU tier (~12 s)
                selectClass(CudaGridPairedTest.class),
                // device-resident GFDT: conjugate per Fourier mode, spectrum fitter, ensemble, the OU job
                selectClass(CudaDeviceConjugateTest.class),
                selectClass("org.scorefdt.api.OuDeviceAccumulationTest"),
                // device conjugates of low-dimensional scores, ResponseComparison's device-resident GFDT pass
                selectClass(CudaDeviceScoreTest.class),
                selectClass("org.scorefdt.api.ResponseComparisonCudaTest"),
                // the cyclic (Lorenz-96) device pass: local-polynomial conjugate (6 shapes) and the position-averaged
                // accumulator (4 member/block/d shapes), bitwise against the host
                selectClass(CudaCyclicGfdtTest.class),
                // device conjugates of the reproduction job: CNN DSM and analytic Allen–Cahn scores, general
                // conjugate input, strided rows, member batches; the job's device gfdt pass
                selectClass(CudaGridConjugateTest.class),
                selectClass("org.scorefdt.api.ReproductionDeviceTest"),
                // the grid accumulator and the Allen–Cahn conjugate leave the buffers handed to them as they were (the
                // stand-in cuFFT overwrites every exec's input) and still give the host sums
                selectClass(CudaFftInputsTest.class),
                // device-resident data passes: snapshots copied only when kept (bitwise with the cpu run), the
                // reproduction job's spectral fit on the device (centred S(0), within its derived bound)
                selectClass(CudaSpectrumFitterTest.class),
                selectClass("org.scorefdt.api.DeviceDataPassTest"),
                // device-resident ground truth vs the host PerturbedEnsemble, bitwise: dw1 × 1, dw1 profile × 33,
                // dw3 observed 2 × 33, l96 × 1, dw1 × 257, dw3 profile × 1000 (four member blocks; l96 × 33 takes ~35 s
                // and × 257 ~250 s here: left to the GPU)
                selectIteration(selectMethod(CudaPerturbedEnsembleTest.class, "deviceTruthEqualsTheHostBitwise",
                        "java.lang.String, int, int, boolean"), 0, 1, 2, 3, 5, 8),
                selectMethod(CudaPerturbedEnsembleTest.class, "gridDeviceTruthEqualsTheHostBitwise",
                        "java.lang.String, org.scorefdt.integrate.Scheme, int"),  // OU/NS/Allen–Cahn 8×8, 1…257 members
                selectMethod(CudaPerturbedEnsembleTest.class, "copiesDoNotGrowWithTheNumberOfSaves"),
                selectMethod(CudaPerturbedEnsembleTest.class, "divergenceIsReportedAtTheHostsMemberStepAndSave"),
                selectMethod(CudaPerturbedEnsembleTest.class, "f32AndUnpairedIntegratorsStayOnTheHost"),
                // score kernels without cuBLAS: KDE (F64 bitwise with Java, F32 within its bound), CNN, KGMM
                selectClass(CudaKdeTest.class),
                selectMethod(CudaCnnAndGaussianTest.class, "cnnForwardMatchesJava",
                        "int, int, org.scorefdt.score.nn.Activation"),
                selectMethod(CudaCnnAndGaussianTest.class, "cnnIsExactlyTranslationEquivariant"),
                selectMethod(CudaCnnAndGaussianTest.class, "cnnRejectsBadShapes"),
                selectClass(CudaKgmmTest.class),
                // with the fake cuBLAS: MLP (cuBLAS path and fused kernel), DSM training step, Gaussian score
                selectClass(CudaMlpTest.class),
                // (the 200-step loss curve and the trainer comparison pass here too but take 60 s and 25 s on
                // emulated threads: they run on the GPU only)
                selectMethod(CudaDsmStepTest.class, "adamKernelEqualsJavaBitwise"),
                selectMethod(CudaDsmStepTest.class, "emaKernelEqualsJavaBitwise"),
                selectMethod(CudaDsmStepTest.class, "badInputIsRejected"),
                // periodic CNN training: backward kernels vs PeriodicCnn.backward, device DSM step vs the CPU loop/trainer
                selectClass(CudaCnnTrainingTest.class),
                selectMethod(CudaCnnAndGaussianTest.class, "gaussianScoreMatchesQuasiGaussian",
                        "org.scorefdt.integrate.Precision, double"),
                // scorefdt bench on cuda: device-resident integrator states vs the cpu task (ou32, ac64, l96 tiny),
                // no copies per call; the cuda lagged task vs the Java task (~3 s)
                selectClass("org.scorefdt.throughput.ThroughputDeviceResidentTest"),
                // the tier-parameterised parity suite on cuda (cases too large for host threads skip themselves, ~45 s)
                selectClass("org.scorefdt.backend.parity.IntegratorParityGpuTest"), selectClass("org.scorefdt.backend.parity.ScoreKernelParityGpuTest"), selectClass("org.scorefdt.backend.parity.OfferTableGpuTest"))
                .build();
        String only = System.getProperty("scorefdt.fake.only");  // one class (or Class#method(params)), for working on it
        if (only != null) {
            request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(only.contains("#") ? selectMethod(only) : selectClass(only)).build();
        }
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
