package org.scorefdt.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.config.TomlConfigLoader;
import org.scorefdt.io.JsonReport;
import org.scorefdt.io.NpyReader;
import org.scorefdt.io.RunDirectory;
import org.scorefdt.testing.CpuReference;
import org.scorefdt.testing.CudaTier;

/**
 * GPU-only: the OU validation job with {@code backend = "cuda"} accumulates the GFDT on the device
 * (states never leave the GPU between saves) and gives the CPU run's estimates. Both runs use the
 * same Philox noise, so the trajectories differ only by FFT rounding (cuFFT vs FFTW, contracting
 * OU dynamics: no growth) and the estimates by that plus the order of the sums and the conjugate
 * formed in Fourier space: bound 1e-9 × max|R| (Monte Carlo error here is ~1e-2, and a wrong gain,
 * sign or mean offset of the device conjugate changes R at O(1)). Skipped without a GPU; runs here
 * on the fake driver through {@link org.scorefdt.backend.cuda.FakeDriverRunner}.
 */
@Tag("gpu")
class OuDeviceAccumulationTest {
    static final double BOUND = 1e-9;

    @TempDir
    Path tmp;

    private Path run(String toml, String name) {
        Path out = tmp.resolve(name);
        JobResult r = OuValidationJob.run(TomlConfigLoader.parse(toml, name + ".toml"), RunDirectory.create(out, false),
                List.of(), JobListener.NONE);
        assertTrue(r.complete(), r.summary());
        return out;
    }

    private static String withBackend(String toml, String backend) {
        return toml.replace("seed = 7", "seed = 7\nbackend = \"" + backend + "\"");
    }

    /** Largest |cuda − cpu| over the estimate, relative to max |cpu|. */
    private static double relativeDifference(Path cpu, Path cuda, String file) throws IOException {
        double[] a = NpyReader.read(cpu.resolve(file)).doubles(), b = NpyReader.read(cuda.resolve(file)).doubles();
        assertEquals(a.length, b.length, file);
        double diff = 0, scale = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(a[i]));
        }
        assertTrue(scale > 0, file + " is all zero");
        return diff / scale;
    }

    @Test
    void deviceAccumulationGivesTheCpuEstimates() throws IOException {
        CudaTier.require();
        // CPU reference (CpuReference): native, or Java on the node; JTransforms vs FFTW rounding is far inside 1e-9
        Path cpu = run(withBackend(OuValidationJobTest.FAST_OU, CpuReference.kind().configName()), "cpu");
        Path cuda = run(withBackend(OuValidationJobTest.FAST_OU, "cuda"), "cuda");
        assertEquals("cuda", JsonReport.read(cuda.resolve("manifest.json")).get("backend").asText());
        for (String f : List.of("response_gfdt-exact-score.npy", "response_gfdt-exact-score_se.npy",
                "response_gfdt-quasi-gaussian.npy", "response_gfdt-quasi-gaussian_se.npy",
                "response_perturbed-ensemble.npy")) {
            double rel = relativeDifference(cpu, cuda, f);
            System.err.printf("OuDeviceAccumulationTest %s: max|cuda − cpu|/max|cpu| = %.3e%n", f, rel);
            assertTrue(rel <= BOUND, f + ": relative difference " + rel + " > " + BOUND);
        }
    }

    /** Host↔device copies of one cuda run of the given duration (saves = duration: dt = 1, save_every = 1). */
    private DeviceBuffer.CopyCount copies(String toml, String name) {
        DeviceBuffer.CopyCount before = DeviceBuffer.copies();
        run(toml, name);
        return DeviceBuffer.copies().since(before);
    }

    @Test
    void deviceAccumulationMakesNoHostCopyPerSave() {
        CudaTier.require();
        String base = withBackend(OuValidationJobTest.FAST_OU, "cuda").replace("bootstrap = 40", "bootstrap = 0");
        DeviceBuffer.CopyCount shortRun = copies(base.replace("duration = 400", "duration = 200"), "d200");
        DeviceBuffer.CopyCount longRun = copies(base, "d400");
        System.err.println("OuDeviceAccumulationTest copies, 200 saves: " + shortRun + "; 400 saves: " + longRun);
        // 200 more saves (and steps) per pass add no copy at all: states stay on the device.
        assertEquals(shortRun.toDevice(), longRun.toDevice(), "host-to-device copies grew with the saves");
        assertEquals(shortRun.toHost(), longRun.toHost(), "device-to-host copies grew with the saves");
        assertTrue(longRun.toDevice() + longRun.toHost() < 200, "copies " + longRun + " not below the save count");

        // Control (the counter sees host accumulation): F32 falls back to the host path, whose
        // states cross every save of both passes.
        String f32 = base.replace("seed = 7", "seed = 7\nprecision = \"f32\"");
        DeviceBuffer.CopyCount hostShort = copies(f32.replace("duration = 400", "duration = 200"), "f200");
        DeviceBuffer.CopyCount hostLong = copies(f32, "f400");
        System.err.println("OuDeviceAccumulationTest copies, host path, 200 saves: " + hostShort + "; 400 saves: " + hostLong);
        assertTrue(hostLong.toHost() - hostShort.toHost() >= 2 * 200,
                "host path: " + hostShort + " vs " + hostLong + " should add a copy per save and pass");
    }
}
