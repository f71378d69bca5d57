package org.scorefdt.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.scorefdt.score.ScoreKernels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.backend.ChosenIntegrator;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.ensemble.EnsembleSpec;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.DoubleWell;
import org.scorefdt.model.Lorenz96;
import org.scorefdt.model.Model;
import org.scorefdt.response.Conjugate;
import org.scorefdt.response.Perturbation;
import org.scorefdt.response.ResponseEstimate;
import org.scorefdt.score.AmplitudeCorrectedScore;
import org.scorefdt.score.KdeScore;
import org.scorefdt.score.LocalPolynomialScore;
import org.scorefdt.score.QuasiGaussianScore;
import org.scorefdt.score.ScoreModel;
import org.scorefdt.score.nn.Activation;
import org.scorefdt.score.nn.DsmConfig;
import org.scorefdt.score.nn.DsmScore;
import org.scorefdt.score.nn.Mlp;
import org.scorefdt.score.nn.NoiseSchedule;
import org.scorefdt.testing.CpuReference;
import org.scorefdt.testing.CudaTier;

/**
 * GPU-only: {@link ResponseComparison} with {@code backend = cuda} runs its GFDT pass device-resident
 * (the CUDA tier's resident ensemble) and gives the CPU run's estimates. Same seed ⇒ the low-dimensional F64
 * trajectories are bitwise the CPU's (CudaIntegratorParityTest), so:
 * <ul>
 *   <li>quasi-Gaussian, KDE and amplitude-corrected KDE: the device conjugates are bitwise, the
 *       device lagged sums add the same products in the same order ⇒ mean and SE bitwise equal;</li>
 *   <li>DSM MLP and its amplitude correction: only B differs, by ΔB ≤ 10⁻¹²·max|B| (CudaMlp's parity
 *       bound; ×‖T‖_∞ plus 2du for the correction, CudaDeviceScoreTest). Each lagged mean is
 *       (1/n)Σ x·B over n ≤ saves·members products, so |ΔR| ≤ X·ΔB + 2n·u·X·max|B| (the propagated
 *       difference plus the two sums' rounding), X = max|x|; X and max|B| are taken on the training
 *       snapshots with a factor 2 for the saves between them. The SE is a Lipschitz function of the
 *       block means (constant 2/√(B−1) ≤ 2): |ΔSE| ≤ 2·that bound;</li>
 *   <li>the perturbed-ensemble truth: within 10⁻¹²·max|truth| (bitwise today; the bound leaves a
 *       device-resident truth room for another summation order).</li>
 * </ul>
 * The cyclic (position-averaged, Lorenz-96) pass with a {@link LocalPolynomialScore} runs on the device
 * too (CudaLaggedColumnAccumulator.cyclic, the local-polynomial device conjugate): quasi-Gaussian,
 * local-polynomial and its amplitude correction are bitwise the CPU run's, with member blocks of
 * unequal size. And the GFDT pass's host↔device copies do not grow with the number of saves, cyclic
 * or not, while a score without a device form (host fallback) adds copies per save. Runs here on the
 * fake driver through {@link org.scorefdt.backend.cuda.FakeDriverRunner} (small ensembles).
 */
@Tag("gpu")
class ResponseComparisonCudaTest {
    private static final double U = 0x1.0p-53, MLP_PARITY = 1e-12;

    /** A deterministic DSM MLP score on the data's normalisation (untrained: the numerics are what matter). */
    static DsmScore dsm(double[] data, int d) {
        int n = data.length / d;
        int[] widths = {d + 1, 16, 16, d};
        double[] p = Mlp.initialised(widths, Activation.SILU, 9).parameters();
        SplittableRandom rng = new SplittableRandom(4);
        for (int i = 0; i < p.length; i++) p[i] += 0.05 * rng.nextGaussian();
        double[] mean = new double[d], std = new double[d];
        for (int i = 0; i < d; i++) {
            for (int r = 0; r < n; r++) mean[i] += data[r * d + i] / n;
            for (int r = 0; r < n; r++) std[i] += (data[r * d + i] - mean[i]) * (data[r * d + i] - mean[i]) / n;
            std[i] = Math.sqrt(std[i]);
        }
        return new DsmScore(Mlp.of(widths, Activation.SILU, p), mean, std, new NoiseSchedule(0.1, 3.0, 1e-3),
                DsmConfig.builder().base(DsmConfig.Base.NONE).build());
    }

    static Map<String, Function<double[], ScoreModel>> scores(int d) {
        Map<String, Function<double[], ScoreModel>> s = new LinkedHashMap<>();
        s.put("kde", data -> KdeScore.of(data, data.length / d, d, 0.4, ScoreKernels.REFERENCE, 1));
        s.put("dsm", data -> dsm(data, d));
        return s;
    }

    private static ResponseComparison.Spec spec(Model model, IntegratorSpec integrator, int members, long saves, int lags,
                                                BackendKind backend, boolean cyclic) {
        return new ResponseComparison.Spec(model, integrator, members, 50, saves, 3, lags, 4, new Perturbation.Impulse(0), 0.05,
                members, 3 * lags, lags, 2, 4000, 11, backend, true, cyclic);
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) m = Math.max(m, Math.abs(x));
        return m;
    }

    private static double maxDiff(double[] a, double[] b) {
        assertEquals(a.length, b.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    /** max|B| of the host conjugate on the training data. */
    private static double maxB(ScoreModel s, double[] data) {
        int n = data.length / s.dimension();
        double[] b = new double[data.length];
        Conjugate.negativeScore(s).apply(data, b, n);
        return maxAbs(b);
    }

    private static double infNorm(double[] t, int d) {
        double m = 0;
        for (int i = 0; i < d; i++) {
            double row = 0;
            for (int j = 0; j < d; j++) row += Math.abs(t[i * d + j]);
            m = Math.max(m, row);
        }
        return m;
    }

    private static void compare(Model model, IntegratorSpec integrator, int members, long saves, int lags) {
        CudaTier.require();
        int d = model.dimension();
        // CPU reference (CpuReference): native, or Java where the natives are absent (the node); F64 low-dimensional, so the same bits
        ResponseComparison.Result cpu = ResponseComparison.run(spec(model, integrator, members, saves, lags, CpuReference.kind(), false),
                scores(d));
        ResponseComparison.Result cuda = ResponseComparison.run(spec(model, integrator, members, saves, lags, BackendKind.CUDA, false),
                scores(d));
        assertEquals(BackendKind.CUDA, cuda.backend());
        assertArrayEquals(cpu.trainingData(), cuda.trainingData(), "training snapshots (same trajectories)");
        assertEquals(List.of("quasi-gaussian", "kde", "kde-normalized", "dsm", "dsm-normalized"),
                cuda.estimates().stream().map(ResponseEstimate::name).toList());

        double truthDiff = maxDiff(cpu.truth().mean(), cuda.truth().mean()), truthScale = maxAbs(cpu.truth().mean());
        assertTrue(truthDiff <= 1e-12 * truthScale, "truth differs by " + truthDiff + " > 1e-12 × " + truthScale);

        double[] training = cpu.trainingData();
        int n = training.length / d;
        double x = 2 * maxAbs(training);
        DsmScore net = dsm(training, d);
        double bNet = 2 * maxB(net, training);
        AmplitudeCorrectedScore corrected = AmplitudeCorrectedScore.fit(net, training, n);
        double norm = infNorm(corrected.transform(), d), bCorrected = 2 * maxB(corrected, training);
        long products = saves * members;
        for (int q = 0; q < cpu.estimates().size(); q++) {
            ResponseEstimate a = cpu.estimates().get(q), b = cuda.estimates().get(q);
            assertEquals(a.name(), b.name());
            assertEquals(a.pairs(), b.pairs(), a.name());
            double dMean = maxDiff(a.mean(), b.mean()), dSe = maxDiff(a.stderr(), b.stderr());
            double bound = switch (a.name()) {
                case "dsm" -> x * MLP_PARITY * bNet + 2 * products * U * x * bNet;
                case "dsm-normalized" -> x * norm * (MLP_PARITY + 2 * d * U) * bNet + 2 * products * U * x * bCorrected;
                default -> 0;  // bitwise
            };
            System.err.printf("ResponseComparisonCudaTest %s d=%d %s: max|Δmean| = %.3e, max|ΔSE| = %.3e (bound %.3e)%n",
                    model.getClass().getSimpleName(), d, a.name(), dMean, dSe, bound);
            if (bound == 0) {
                assertArrayEquals(a.mean(), b.mean(), a.name() + ": mean not bitwise");
                assertArrayEquals(a.stderr(), b.stderr(), a.name() + ": SE not bitwise");
            } else {
                assertTrue(dMean <= bound, a.name() + ": max|Δmean| " + dMean + " > " + bound);
                assertTrue(dSe <= 2 * bound, a.name() + ": max|ΔSE| " + dSe + " > " + 2 * bound);
            }
        }
    }

    @Test
    void doubleWellEstimatesEqualTheCpuRun() {
        compare(new DoubleWell(1, 0.7), new IntegratorSpec(Scheme.HEUN, 0.01), 8, 24, 4);
    }

    @Test
    void lorenz96EstimatesEqualTheCpuRun() {
        compare(new Lorenz96(8, 8.0, 0.5), new IntegratorSpec(Scheme.HEUN, 0.005), 4, 24, 4);
    }

    @Test
    void lorenz96CyclicLocalPolynomialEqualsTheCpuRunBitwise() {
        CudaTier.require();
        Model model = new Lorenz96(8, 8.0, 0.5);
        IntegratorSpec integrator = new IntegratorSpec(Scheme.HEUN, 0.005);
        Map<String, Function<double[], ScoreModel>> lp = new LinkedHashMap<>();
        lp.put("local-polynomial", data -> LocalPolynomialScore.fit(data, data.length / 8, 8, 1, 2, 1e-6));
        // 6 members in 4 blocks: sizes 2, 1, 2, 1
        // CPU reference (CpuReference): native, or Java where the natives are absent (the node); F64 low-dimensional, so the same bits
        ResponseComparison.Result cpu = ResponseComparison.run(spec(model, integrator, 6, 24, 4, CpuReference.kind(), true), lp);
        ResponseComparison.Result cuda = ResponseComparison.run(spec(model, integrator, 6, 24, 4, BackendKind.CUDA, true), lp);
        assertEquals(BackendKind.CUDA, cuda.backend());
        assertArrayEquals(cpu.trainingData(), cuda.trainingData(), "training snapshots (same trajectories)");
        assertEquals(List.of("quasi-gaussian", "local-polynomial", "local-polynomial-normalized"),
                cuda.estimates().stream().map(ResponseEstimate::name).toList());
        double truthDiff = maxDiff(cpu.truth().mean(), cuda.truth().mean()), truthScale = maxAbs(cpu.truth().mean());
        assertTrue(truthDiff <= 1e-12 * truthScale, "truth differs by " + truthDiff + " > 1e-12 × " + truthScale);
        for (int q = 0; q < cpu.estimates().size(); q++) {
            ResponseEstimate a = cpu.estimates().get(q), b = cuda.estimates().get(q);
            assertEquals(a.name(), b.name());
            assertEquals(a.pairs(), b.pairs(), a.name());
            assertEquals(6L * 24 * 8, b.pairs(), a.name() + ": pairs count every impulse position");
            System.err.printf("ResponseComparisonCudaTest cyclic Lorenz96 d=8 %s: max|Δmean| = %.3e, max|ΔSE| = %.3e (bitwise)%n",
                    a.name(), maxDiff(a.mean(), b.mean()), maxDiff(a.stderr(), b.stderr()));
            assertArrayEquals(a.mean(), b.mean(), a.name() + ": mean not bitwise");
            assertArrayEquals(a.stderr(), b.stderr(), a.name() + ": SE not bitwise");
        }
    }

    /** Host↔device copies of the GFDT pass alone. */
    private static DeviceBuffer.CopyCount gfdtCopies(ChosenIntegrator chosen, Model model, IntegratorSpec integrator,
                                                     Map<String, ScoreModel> fitted, long saves, boolean cyclic) {
        ResponseComparison.Spec spec = spec(model, integrator, 4, saves, 4, BackendKind.CUDA, cyclic);
        EnsembleSpec es = new EnsembleSpec(spec.members(), spec.spinUpSteps(), saves, spec.saveEvery(), spec.seed());
        DeviceBuffer.CopyCount before = DeviceBuffer.copies();
        List<ResponseEstimate> estimates = ResponseComparison.gfdtPass(chosen, es, fitted, spec);
        DeviceBuffer.CopyCount copies = DeviceBuffer.copies().since(before);
        assertEquals(fitted.size(), estimates.size());
        return copies;
    }

    /** A score with no device form (wraps another): forces the host accumulators. */
    private record HostOnlyScore(ScoreModel inner) implements ScoreModel {
        @Override
        public int dimension() {
            return inner.dimension();
        }

        @Override
        public void score(double[] x, double[] out, int members) {
            inner.score(x, out, members);
        }

        @Override
        public String name() {
            return "host-only";
        }
    }

    /** (The KDE's device conjugate is left out here to keep the emulated run short; CudaDeviceScoreTest checks it copies nothing.) */
    @Test
    void theGfdtPassMakesNoHostCopyPerSave() {
        CudaTier.require();
        Model model = new Lorenz96(8, 8.0, 0.5);
        IntegratorSpec integrator = new IntegratorSpec(Scheme.HEUN, 0.005);
        SplittableRandom rng = new SplittableRandom(2);
        double[] data = new double[400 * 8];
        for (int i = 0; i < data.length; i++) data[i] = 2 + 3 * rng.nextGaussian();
        Map<String, ScoreModel> fitted = new LinkedHashMap<>();
        fitted.put("quasi-gaussian", QuasiGaussianScore.fit(data, 400, 8, 1e-10));
        fitted.put("dsm", dsm(data, 8));
        fitted.put("local-polynomial", LocalPolynomialScore.fit(data, 400, 8, 1, 2, 1e-6));
        try (ChosenIntegrator chosen = ChosenIntegrator.open(BackendKind.CUDA, model, integrator, Precision.F64, 11, 0)) {
            for (boolean cyclic : new boolean[] {false, true}) {
                DeviceBuffer.CopyCount shortRun = gfdtCopies(chosen, model, integrator, fitted, 10, cyclic);
                DeviceBuffer.CopyCount longRun = gfdtCopies(chosen, model, integrator, fitted, 20, cyclic);
                System.err.println("ResponseComparisonCudaTest GFDT pass (cyclic " + cyclic + ") copies, 10 saves: " + shortRun
                        + "; 20 saves: " + longRun);
                assertEquals(shortRun.toDevice(), longRun.toDevice(), "host-to-device copies grew with the saves (cyclic " + cyclic + ")");
                assertEquals(shortRun.toHost(), longRun.toHost(), "device-to-host copies grew with the saves (cyclic " + cyclic + ")");
            }

            // Control: a score without a device form falls back to the host (logged), and the states cross every save.
            Map<String, ScoreModel> host = Map.of("host-only", new HostOnlyScore(fitted.get("quasi-gaussian")));
            DeviceBuffer.CopyCount hostShort = gfdtCopies(chosen, model, integrator, host, 10, true);
            DeviceBuffer.CopyCount hostLong = gfdtCopies(chosen, model, integrator, host, 20, true);
            System.err.println("ResponseComparisonCudaTest host-only score (host) pass copies, 10 saves: " + hostShort + "; 20 saves: "
                    + hostLong);
            assertTrue(hostLong.toHost() - hostShort.toHost() >= 10, "host path should add a copy per save: " + hostShort
                    + " vs " + hostLong);
        }
    }
}
