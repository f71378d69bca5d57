package org.scorefdt.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzWriterTest {
    @TempDir
    Path tmp;

    /** A run directory with arrays at the root and in a system's sub-directory, and files that are no arrays. */
    private Map<String, double[]> arrays(Path run) throws IOException {
        double[] times = {0, 0.5, 1.0};
        double[] resp = new double[3 * 2 * 2];
        for (int i = 0; i < resp.length; i++) resp[i] = Math.sin(i) * 1e-3;
        resp[5] = Double.NaN;
        resp[6] = -0.0;
        double[] sub = {Double.MIN_VALUE, -Double.MAX_VALUE};
        NpyWriter.write(run.resolve("times.npy"), times);
        NpyWriter.write(run.resolve("response_exact.npy"), resp, 3, 2, 2);
        Files.createDirectories(run.resolve("allen-cahn"));
        NpyWriter.write(run.resolve("allen-cahn/times.npy"), sub);
        Files.writeString(run.resolve("report.json"), "{}");
        return Map.of("times", times, "response_exact", resp, "allen-cahn/times", sub);
    }

    @Test
    void packsEveryArrayBitForBitInSortedOrder() throws IOException {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Map<String, double[]> want = arrays(run);
        Path npz = run.resolve(NpzWriter.RESULTS);
        assertEquals(3, NpzWriter.pack(run, npz));
        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(npz.toFile())) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                names.add(e.getName());
                assertEquals(ZipEntry.STORED, e.getMethod(), e.getName());
                assertEquals(LocalDateTime.of(1980, 1, 1, 0, 0), e.getTimeLocal(), e.getName());
                byte[] bytes = zip.getInputStream(e).readAllBytes();
                assertArrayEquals(Files.readAllBytes(run.resolve(e.getName())), bytes, e.getName()); // the .npy verbatim
                String key = e.getName().substring(0, e.getName().length() - ".npy".length());
                double[] got = NpyReader.read(bytes, e.getName()).doubles();
                double[] exp = want.get(key);
                assertEquals(exp.length, got.length, key);
                for (int i = 0; i < exp.length; i++) {
                    assertEquals(Double.doubleToRawLongBits(exp[i]), Double.doubleToRawLongBits(got[i]), key + "[" + i + "]");
                }
            }
        }
        assertEquals(List.of("allen-cahn/times.npy", "response_exact.npy", "times.npy"), names);
    }

    @Test
    void sameArraysGiveTheSameBytes() throws IOException {
        Path a = Files.createDirectories(tmp.resolve("a")), b = Files.createDirectories(tmp.resolve("b"));
        arrays(a);
        arrays(b);
        // Other modification times: the archive must not carry them.
        Files.setLastModifiedTime(b.resolve("times.npy"), FileTime.from(12345, TimeUnit.SECONDS));
        NpzWriter.pack(a, a.resolve(NpzWriter.RESULTS));
        NpzWriter.pack(b, b.resolve(NpzWriter.RESULTS));
        assertArrayEquals(Files.readAllBytes(a.resolve(NpzWriter.RESULTS)), Files.readAllBytes(b.resolve(NpzWriter.RESULTS)));
    }

    @Test
    void noArraysNoArchive() throws IOException {
        Path run = Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(run.resolve("report.json"), "{}");
        assertEquals(0, NpzWriter.pack(run, run.resolve(NpzWriter.RESULTS)));
        assertFalse(Files.exists(run.resolve(NpzWriter.RESULTS)));
    }

    @Test
    void numpyLoadsIt() throws Exception {
        Assumptions.assumeTrue(python("import numpy") == 0, "python3 with numpy is not installed here: the NumPy read-back is skipped");
        Path run = Files.createDirectories(tmp.resolve("np"));
        arrays(run);
        Path npz = run.resolve(NpzWriter.RESULTS);
        NpzWriter.pack(run, npz);
        // Sorted keys, then each array's float64 bits as hex, compared with ours.
        String script = "import numpy as np, sys\n"
                + "z = np.load(sys.argv[1])\n"
                + "for k in sorted(z.files):\n"
                + "    a = z[k]\n"
                + "    print(k, a.dtype.str, a.shape, a.astype('<f8').tobytes().hex())\n";
        Path py = tmp.resolve("read.py");
        Files.writeString(py, script);
        Process p = new ProcessBuilder("python3", py.toString(), npz.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        List<String> lines = out.lines().toList();
        assertEquals(3, lines.size(), out);
        assertTrue(lines.get(0).startsWith("allen-cahn/times <f8 (2,) "), out);
        assertTrue(lines.get(1).startsWith("response_exact <f8 (3, 2, 2) "), out);
        assertTrue(lines.get(2).startsWith("times <f8 (3,) "), out);
        Map<String, double[]> want = arrays(Files.createDirectories(tmp.resolve("again")));
        for (String line : lines) {
            String[] f = line.split(" ");
            assertEquals(hex(want.get(f[0])), f[f.length - 1], f[0]);
        }
    }

    private static String hex(double[] v) {
        StringBuilder sb = new StringBuilder();
        for (double d : v) {
            long bits = Double.doubleToRawLongBits(d);
            for (int i = 0; i < 8; i++) sb.append(String.format("%02x", (bits >>> (8 * i)) & 0xff)); // little-endian
        }
        return sb.toString();
    }

    private static int python(String code) {
        try {
            Process p = new ProcessBuilder("python3", "-c", code).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
