package org.scorefdt.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scorefdt.backend.cpu.LaggedSumsMethod;
import org.scorefdt.config.TomlConfigLoader;
import org.scorefdt.io.NpyReader;
import org.scorefdt.io.RunDirectory;
import org.scorefdt.testing.NativeTier;

/**
 * `ou` on the native CPU tier with the lagged grid sums taken directly and by FFT over time
 * ({@link LaggedSumsMethod}): every GFDT response (and its error bars) agrees within
 * {@link #BOUND} of the largest |value| of its file. Lags 60 over 2 time blocks and a partial one,
 * one member batch (the batches are NativeLaggedGridFftTest's).
 */
class OuLaggedSumsMethodTest {
    /** Of each file's largest |value|; measured ≤ 1.3·10⁻¹⁴, the responses ≤ 2.3·10⁻¹⁶ (docs/backends.md §1). */
    static final double BOUND = 1e-12;

    @TempDir
    Path tmp;

    static final String OU = """
            [run]
            seed = 11
            backend = "cpu"
            [model]
            n = 8
            lambda = 0.5
            kappa = 0.01
            advection = 0.2
            [ensemble]
            members = 16
            duration = 300
            [response]
            lags = 60
            blocks = 4
            bootstrap = 0
            [truth]
            pairs = 0
            pixel = [3, 5]
            """;

    @Test
    void estimatesAgreeBetweenDirectAndFftSums() throws IOException {
        NativeTier.require();
        String old = System.getProperty(LaggedSumsMethod.PROPERTY);
        try {
            for (String method : new String[] {"direct", "fft"}) {
                System.setProperty(LaggedSumsMethod.PROPERTY, method);
                JobResult r = OuValidationJob.run(TomlConfigLoader.parse(OU, "test.toml"),
                        RunDirectory.create(tmp.resolve(method), false), List.of(), JobListener.NONE);
                assertTrue(r.complete(), method);
            }
        } finally {
            if (old == null) System.clearProperty(LaggedSumsMethod.PROPERTY);
            else System.setProperty(LaggedSumsMethod.PROPERTY, old);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(tmp.resolve("direct"))) {
            files = s.filter(p -> p.getFileName().toString().startsWith("response_gfdt")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no GFDT responses written");
        for (Path f : files) {
            double[] x = NpyReader.read(f).doubles();
            double[] y = NpyReader.read(tmp.resolve("fft").resolve(f.getFileName())).doubles();
            assertEquals(x.length, y.length, f.toString());
            double scale = 0, diff = 0;
            for (int i = 0; i < x.length; i++) {
                scale = Math.max(scale, Math.abs(x[i]));
                diff = Math.max(diff, Math.abs(x[i] - y[i]));
            }
            System.out.printf("ou %s: direct vs FFT lagged sums differ by %.2e of the largest |value|%n", f.getFileName(), diff / scale);
            double d = diff, s = scale;
            assertTrue(d <= BOUND * s, () -> f.getFileName() + ": " + d + " > " + BOUND + " × " + s);
        }
    }
}
