package org.scorefdt.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scorefdt.config.TomlConfigLoader;
import org.scorefdt.io.JsonReport;
import org.scorefdt.io.NpyReader;
import org.scorefdt.io.RunDirectory;
import org.scorefdt.testing.CudaTier;

/**
 * GPU-only: the OU validation job with {@code backend = "cuda"} — the ensemble on the GPU, the same
 * acceptance as on the CPU (OuValidationJobTest): the shared-noise truth equals the exact response
 * to rounding and each GFDT estimate lies within its error bars. Skipped with the cause without a GPU.
 */
@Tag("gpu")
class OuValidationCudaTest {
    @TempDir
    Path tmp;

    @Test
    void ouValidationRunsOnTheGpuAndAgreesWithTheExactResponse() throws IOException {
        CudaTier.require();
        String toml = OuValidationJobTest.FAST_OU.replace("seed = 7", "seed = 7\nbackend = \"cuda\"");
        Path out = tmp.resolve("run");
        JobResult r = OuValidationJob.run(TomlConfigLoader.parse(toml, "cuda.toml"), RunDirectory.create(out, false),
                List.of(), JobListener.NONE);
        assertTrue(r.complete(), r.summary());
        assertEquals("cuda", JsonReport.read(out.resolve("manifest.json")).get("backend").asText());
        double[] exact = NpyReader.read(out.resolve("response_exact.npy")).doubles();
        double[] truth = NpyReader.read(out.resolve("response_perturbed-ensemble.npy")).doubles();
        for (int i = 0; i < truth.length; i++) assertEquals(exact[i], truth[i], 1e-9, "perturbed-ensemble truth at " + i);
        double[] est = NpyReader.read(out.resolve("response_gfdt-exact-score.npy")).doubles();
        double[] se = NpyReader.read(out.resolve("response_gfdt-exact-score_se.npy")).doubles();
        for (int t = 1; t < 10; t++) {
            double err = 0, floor = 0;
            for (int i = t * 64; i < (t + 1) * 64; i++) {
                err += (est[i] - exact[i]) * (est[i] - exact[i]);
                floor += se[i] * se[i];
            }
            // E‖e‖² = Σ SE² for unbiased errors; 4 allows for SEs estimated from 8 blocks.
            assertTrue(Math.sqrt(err) <= 4 * Math.sqrt(floor), "lag " + t + ": error " + Math.sqrt(err) + " vs " + Math.sqrt(floor));
        }
    }
}
