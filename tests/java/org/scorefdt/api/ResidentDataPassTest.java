package org.scorefdt.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.scorefdt.api.reproduce.ReproductionSystem;
import org.scorefdt.api.reproduce.ReproductionSystems;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.backend.Fallback;
import org.scorefdt.backend.ChosenIntegrator;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.config.ReproductionConfig;
import org.scorefdt.config.ReproductionSettings;
import org.scorefdt.ensemble.EnsembleSpec;
import org.scorefdt.ensemble.SnapshotCollector;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.io.RunDirectory;
import org.scorefdt.io.RunManifest;
import org.scorefdt.model.DoubleWell;
import org.scorefdt.model.Lorenz96;
import org.scorefdt.model.Model;
import org.scorefdt.response.Perturbation;
import org.scorefdt.score.SpectralQuasiGaussianScore;
import org.scorefdt.testing.CpuReference;
import org.scorefdt.testing.CudaTier;

/**
 * GPU-only: the data passes with the states on the device (the CUDA tier's resident ensemble).
 * <ul>
 *   <li>{@link ResponseComparison#dataPass}: the training snapshots of a cuda run equal the cpu run's
 *       bit for bit (the low-dimensional F64 trajectories are bitwise the CPU's, a snapshot is a
 *       copy), with the cap reached inside a save; the device path copies one save per save kept.</li>
 *   <li>Copies: one device-to-host copy per kept save plus CudaDeviceEnsemble's two finite checks, one
 *       upload — so 50 and 100 saves with {@code snapshotEvery} 5 differ by the 10 saves kept more, and
 *       not at all once the cap is reached.</li>
 *   <li>The reproduction job's data pass against its host pass on
 *       the same backend (Allen–Cahn and Navier–Stokes 8×8, two member batches each): snapshots bitwise; the spectral fit within the bound of
 *       {@link org.scorefdt.backend.cuda.response.CudaSpectrumFitterTest} (FFT and summation rounding, centred S(0)).</li>
 * </ul>
 */
@Tag("gpu")
class ResidentDataPassTest {
    private static final double EPS = 0x1.0p-52;

    @TempDir
    Path tmp;

    private static ResponseComparison.Spec spec(Model model, IntegratorSpec integrator, int members, long saves, int every,
                                                int cap, BackendKind backend) {
        return new ResponseComparison.Spec(model, integrator, members, 40, saves, 3, 4, 2, new Perturbation.Impulse(0), 0.05,
                members, 12, 4, every, cap, 11, backend);
    }

    /** The data pass's snapshots and its host↔device copies (the integrator's own setup left out). */
    private record Data(SnapshotCollector snapshots, DeviceBuffer.CopyCount copies) {}

    private static Data data(ResponseComparison.Spec spec) {
        try (ChosenIntegrator chosen = ChosenIntegrator.open(spec.backend(), spec.model(), spec.integrator(), Precision.F64,
                spec.seed(), 0)) {
            assertEquals(spec.backend(), chosen.backend());
            EnsembleSpec es = new EnsembleSpec(spec.members(), spec.spinUpSteps(), spec.saves(), spec.saveEvery(), spec.seed());
            DeviceBuffer.CopyCount before = DeviceBuffer.copies();
            SnapshotCollector c = ResponseComparison.dataPass(chosen, es, spec);
            return new Data(c, DeviceBuffer.copies().since(before));
        }
    }

    /** cap 40 of 7 members every 3rd of 30 saves: saves 0 … 12 kept whole, 5 members of save 15, then nothing. */
    private static void snapshotsEqualTheCpu(Model model, IntegratorSpec integrator) {
        CudaTier.require();
        // CPU reference (CpuReference): native, or Java where the natives are absent (the node); F64 low-dimensional, so the same bits
        ResponseComparison.Spec cpu = spec(model, integrator, 7, 30, 3, 40, CpuReference.kind());
        ResponseComparison.Spec cuda = spec(model, integrator, 7, 30, 3, 40, BackendKind.CUDA);
        SnapshotCollector want = data(cpu).snapshots();
        Data device = data(cuda);
        SnapshotCollector got = device.snapshots();
        DeviceBuffer.CopyCount copies = device.copies();
        assertEquals(40, want.count());
        assertEquals(want.count(), got.count());
        assertArrayEquals(want.data(), got.data(), "snapshots differ from the cpu run's");
        System.err.println("ResidentDataPassTest " + model.getClass().getSimpleName() + " d=" + model.dimension() + " copies: " + copies);
        assertEquals(6 + 2, copies.toHost(), "one copy per kept save (6) + the two finite checks");
        assertEquals(1, copies.toDevice(), "the initial states, once");
    }

    @Test
    void doubleWellSnapshotsEqualTheCpuBitwise() {
        snapshotsEqualTheCpu(new DoubleWell(1, 0.7), new IntegratorSpec(Scheme.HEUN, 0.01));
    }

    @Test
    void lorenz96SnapshotsEqualTheCpuBitwise() {
        snapshotsEqualTheCpu(new Lorenz96(8, 8.0, 0.5), new IntegratorSpec(Scheme.RK4_EM, 0.005));
    }

    private static DeviceBuffer.CopyCount copies(long saves, int cap) {
        ResponseComparison.Spec spec = spec(new DoubleWell(3, 0.7), new IntegratorSpec(Scheme.EULER_MARUYAMA, 0.01), 4, saves, 5,
                cap, BackendKind.CUDA);
        Data d = data(spec);
        assertEquals(Math.min(cap, 4 * ((saves + 4) / 5)), d.snapshots().count());
        return d.copies();
    }

    @Test
    void copiesGrowWithTheSnapshotsKeptNotTheSaves() {
        CudaTier.require();
        DeviceBuffer.CopyCount fifty = copies(50, 10_000), hundred = copies(100, 10_000);
        System.err.println("ResidentDataPassTest copies, every 5th of 50 saves: " + fifty + "; of 100: " + hundred);
        assertEquals(10 + 2, fifty.toHost(), "10 kept saves + 2 checks");
        assertEquals(20 + 2, hundred.toHost(), "20 kept saves + 2 checks");
        assertEquals(fifty.toDevice(), hundred.toDevice());
        assertEquals(1, fifty.toDevice());
        // Once the cap is reached (12 snapshots = 3 saves of 4 members) nothing more is copied.
        DeviceBuffer.CopyCount cappedFifty = copies(50, 12), cappedHundred = copies(100, 12);
        assertEquals(3 + 2, cappedFifty.toHost());
        assertEquals(cappedFifty.toHost(), cappedHundred.toHost(), "copies after the cap");
        assertEquals(cappedFifty.bytesToHost(), cappedHundred.bytesToHost());
    }

    /** The small system of {@link ReproductionDeviceTest} on backend cuda. */
    private static String system(String name) {
        return name.equals("allen-cahn") ? ReproductionDeviceTest.ALLEN_CAHN : ReproductionDeviceTest.NAVIER_STOKES;
    }

    /** A pipeline of the small system {@code name} of {@link ReproductionDeviceTest} on backend cuda. */
    private ReproductionPipeline pipeline(String name, List<String> info) {
        String toml = """
                [run]
                seed = 5
                backend = "cuda"
                output = "%s"
                [ou-spde]
                enabled = false
                """.formatted(tmp.resolve("run").toString().replace("\\", "/")) + system(name);
        ReproductionConfig cfg = ReproductionConfig.parse(toml, "data.toml");
        ReproductionSettings s = cfg.system(name);
        ReproductionSystem system = ReproductionSystems.find(s.system()).orElseThrow();
        JobListener listener = new JobListener() {
            @Override public void phase(String phase, long totalWork) {}
            @Override public void progress(long done) {}
            @Override public void info(String line) {
                info.add(line);
            }
            @Override public void fallback(Fallback f) {
                info.add(f.message());
            }
        };
        RunDirectory dir = RunDirectory.create(tmp.resolve("run"), false);
        return new ReproductionPipeline(system, s, cfg.run(), dir, listener, RunManifest.builder(),
                org.scorefdt.api.reproduce.Checkpoints.start(dir, cfg).system(s.system()));
    }

    /**
     * Allen–Cahn: field = state; Navier–Stokes: ζ, the first N² values of each state row [ζ | phases]
     * (snapshot rows packed on the host, the fitter reads them with the row stride).
     */
    @ParameterizedTest
    @ValueSource(strings = {"allen-cahn", "navier-stokes"})
    void reproductionDataPassEqualsTheHostPass(String name) {
        CudaTier.require();
        List<String> info = new ArrayList<>();
        ReproductionPipeline p = pipeline(name, info);
        ReproductionSettings s = ReproductionConfig.parse("""
                [ou-spde]
                enabled = false
                """ + system(name), "s.toml").system(name);
        ReproductionSystem system = ReproductionSystems.find(name).orElseThrow();
        Model model = system.model(s.n(), s.noiseScale());
        int observed = system.observedDimension(model);
        try (ChosenIntegrator chosen = ChosenIntegrator.open(BackendKind.CUDA, model, new IntegratorSpec(s.scheme(), s.dt()),
                Precision.F64, 5, 0)) {
            double[] spun = p.spinUp(chosen).states();
            SnapshotCollector devSnaps = new SnapshotCollector(observed, s.snapshotSaves(), s.maxSnapshots());
            DeviceBuffer.CopyCount before = DeviceBuffer.copies();
            SpectralQuasiGaussianScore dev = p.dataPass(chosen, spun.clone(), devSnaps);
            DeviceBuffer.CopyCount devCopies = DeviceBuffer.copies().since(before);
            SnapshotCollector hostSnaps = new SnapshotCollector(observed, s.snapshotSaves(), s.maxSnapshots());
            SpectralQuasiGaussianScore host;
            p.deviceAccumulation(false);
            try {
                before = DeviceBuffer.copies();
                host = p.dataPass(chosen, spun.clone(), hostSnaps);
            } finally {
                p.deviceAccumulation(true);
            }
            DeviceBuffer.CopyCount hostCopies = DeviceBuffer.copies().since(before);
            assertTrue(info.contains("data pass runs on java, not cuda: device data pass is switched off"), info.toString());
            assertTrue(devSnaps.count() > 0);
            assertEquals(hostSnaps.count(), devSnaps.count());
            assertArrayEquals(hostSnaps.data(), devSnaps.data(), "snapshots differ from the host pass's");

            // Kept saves: per member batch (saves from 0 again) every snapshotSaves()-th, until the cap.
            int batches = s.members() / s.batch(), per = s.members() / batches;
            long kept = 0, count = 0;
            for (int b = 0; b < batches; b++) {
                for (long t = 0; t < s.saves(); t += s.snapshotSaves()) {
                    if (count < s.maxSnapshots()) kept++;
                    count = Math.min(s.maxSnapshots(), count + per);
                }
            }
            System.err.println("ResidentDataPassTest " + name + " data pass copies, device: " + devCopies + "; host: " + hostCopies
                    + " (" + s.saves() + " saves, every " + s.snapshotSaves() + ", " + kept + " kept)");
            // + one finite check per batch (no spin-up in this pass) + the two sums read by build()
            assertEquals(kept + batches + 2, devCopies.toHost(), "one copy per kept save, not per save");
            // (save 0 of each batch is the host's spun-up states; every later save is advanced on the device and read back)
            assertEquals((long) batches * (s.saves() - 1), hostCopies.toHost(), "the host pass copies every save");

            // The fit: bound of CudaSpectrumFitterTest with X = 2·max|snapshot| (saves between snapshots).
            int size = observed, nn = s.n();
            long n = (long) s.members() * s.saves();
            double x = 0;
            for (double v : hostSnaps.data()) x = Math.max(x, Math.abs(v));
            x *= 2;
            double c = Math.abs(host.mean());
            double fft = 5 * (2 * Math.log(nn) / Math.log(2)) * EPS * nn;
            double delta = 1.01 * (fft * nn * x + fft * nn * (x + c) + EPS * size * (x + c));  // host + device (shifted)
            double[] want = host.spectrum(), got = dev.spectrum();
            double[] bounds = new double[size];
            double avgBound = 0;
            for (int k = 0; k < size; k++) {
                double sk = want[k];  // ≥ S(k) (the ridge adds ρ·avg S): a bound on S is a bound here
                bounds[k] = 4 * delta * Math.sqrt(sk) + delta * delta
                        + 2 * (n + 3) * EPS * (sk + (k == 0 ? (double) size * size * 4 * x * x : 0));
                avgBound += bounds[k] / size;
            }
            double worst = 0, worstBound = 0;
            for (int k = 0; k < size; k++) {
                double b = bounds[k] + s.ridge() * avgBound + 2 * EPS * want[k];  // reg = S + ρ·avg(S), rounded
                double d = Math.abs(got[k] - want[k]);
                if (d / b > worst) {
                    worst = d / b;
                    worstBound = b;
                }
                assertTrue(d <= b, "mode " + k + ": |ΔS| = " + d + " > " + b + " (S = " + want[k] + ")");
            }
            double meanBound = delta / size + (n + 2) * EPS * (x + c) + 2 * EPS * c;
            System.err.printf("ResidentDataPassTest " + name + " fit: max |ΔS|/bound %.3e (bound there %.3e), |Δmean| %.3e (bound %.3e), "
                    + "max rel ΔS %.3e; mean %.6e, S(0) %.6e%n", worst, worstBound, Math.abs(dev.mean() - host.mean()), meanBound, maxRel(want, got),
                    host.mean(), want[0]);
            assertTrue(Math.abs(dev.mean() - host.mean()) <= meanBound, "mean " + dev.mean() + " vs " + host.mean());
        }
    }

    private static double maxRel(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.abs(a[i]));
        return m;
    }
}
