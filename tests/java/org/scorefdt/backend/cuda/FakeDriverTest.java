package org.scorefdt.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.scorefdt.testing.CpuReference;
import org.scorefdt.testing.CudaTier;

/**
 * The Java CUDA tier end to end without a GPU: a child JVM loads the presets against
 * {@code native/tests/fake_libcuda.cpp} (a stand-in libcuda.so.1 whose kernels are our kernel
 * sources run on host threads, with {@code fake_libcufft.cpp} and {@code fake_libcublas.cpp}) and runs
 * every test tagged "gpu" ({@link FakeDriverRunner}); cases too large for host threads skip themselves. This exercises the context, module loading, launch structs, device
 * buffers, integrators, accumulators and error mapping as the GPU would, except for nvcc's code and
 * the real driver. Skipped where a real GPU is present (the tests then run directly) or the fake
 * driver was not built.
 */
class FakeDriverTest {

    @Test
    void gpuOnlyTestsPassAgainstTheFakeDriver() throws Exception {
        assumeFalse(CudaTier.present(), "a real CUDA device is present: the GPU tests run directly");
        Path lib = Path.of("target", "cmake", "fakecuda", "libcuda.so.1").toAbsolutePath();
        assumeTrue(Files.exists(lib), "fake driver not built (" + lib + "; needs C++20 <barrier>)");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xss4m", "-Xmx1g"));
        // -Dscorefdt.test.cpuReference=java runs the parity tests against the Java tier, as on the node
        String ref = System.getProperty(CpuReference.PROPERTY);
        if (ref != null) cmd.add("-D" + CpuReference.PROPERTY + "=" + ref);
        cmd.add("-D" + CudaTier.FAKE_DRIVER + "=true");
        // -Dscorefdt.fake.only=CLASS (or Class#method(params)) runs that one GPU test, for working on it
        String only = System.getProperty(FakeDriverRunner.ONLY);
        if (only != null) cmd.add("-D" + FakeDriverRunner.ONLY + "=" + only);
        cmd.addAll(List.of("-cp", cp, FakeDriverRunner.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        String old = System.getenv().getOrDefault("LD_LIBRARY_PATH", "");
        pb.environment().put("LD_LIBRARY_PATH", lib.getParent() + ":/usr/local/cuda/lib64:/usr/local/cuda/targets/x86_64-linux/lib"
                + (old.isEmpty() ? "" : ":" + old));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        byte[] outBytes = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "child JVM did not finish");
        String out = new String(outBytes, StandardCharsets.UTF_8);
        assumeTrue(p.exitValue() != 3, () -> "the CUDA tier did not open on the fake driver (no libcudart.so.13, "
                + "or a jar built without kernels):\n" + tail(out));
        assertEquals(0, p.exitValue(), () -> "GPU-only tests failed on the fake driver:\n" + tail(out));
        assertTrue(out.contains("tests failed") && out.contains(" 0 tests failed"), tail(out));
        Matcher ok = Pattern.compile("(\\d+) tests successful").matcher(out);
        assertTrue(ok.find(), tail(out));
        int passed = Integer.parseInt(ok.group(1));
        Matcher refLine = Pattern.compile("CPU reference for GPU parity tests: .*").matcher(out);
        System.out.println("fake driver: " + passed + " GPU-only tests passed" + (refLine.find() ? "; " + refLine.group() : ""));
        if ("java".equals(ref)) {
            assertTrue(out.contains("CPU reference for GPU parity tests: java"), "the child did not use the Java reference:\n" + tail(out));
        }
        // Every class tagged "gpu" in the test tree must have passed at least one test, or have left every
        // case to a real GPU by name (CudaTier.leaveToTheGpu): a class whose tag or discovery broke, or whose
        // cases skip for any other reason, would otherwise drop out unnoticed.
        if (only != null) return;  // one class asked for: the others did not run
        List<String> missing = new ArrayList<>();
        for (String c : gpuTestClasses()) {
            Matcher m = Pattern.compile(Pattern.quote(FakeDriverRunner.CLASS_LINE + c + ": ") + "(\\d+) passed, (\\d+) left to the GPU").matcher(out);
            if (!m.find() || Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2)) < 1) missing.add(c);
        }
        assertTrue(missing.isEmpty(), () -> "GPU test classes that passed no test on the fake driver: " + missing + "\n" + tail(out));
    }

    /** The classes of the test tree with a {@code @Tag("gpu")} on the class or a method, by source. */
    static List<String> gpuTestClasses() throws IOException {
        Path root = Path.of("tests", "java");
        Pattern tag = Pattern.compile("(?m)^\\s*@Tag\\(\"" + FakeDriverRunner.GPU_TAG + "\"\\)");
        List<String> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                if (tag.matcher(Files.readString(f)).find()) {
                    String rel = root.relativize(f).toString();
                    classes.add(rel.substring(0, rel.length() - ".java".length()).replace(java.io.File.separatorChar, '.'));
                }
            }
        }
        assertTrue(!classes.isEmpty(), "no test tagged gpu under " + root.toAbsolutePath());
        return classes;
    }

    private static String tail(String s) {
        return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
    }
}
