package org.scorefdt.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.scorefdt.testing.CudaTier;

/**
 * The jars as built (docs/architecture.md §8): the thin library jar names its module, the CLI jar
 * relocates the third-party packages that clash with a host's, keeps the native libraries the code
 * loads and only those. Checks a jar only when {@code package} built it after the last change to
 * pom.xml (a stale jar says nothing about this pom), so {@code mvn test} alone skips them.
 */
class JarLayoutTest {
    private static final Path TARGET = Path.of("target");
    private static final Pattern CUDA_REF = Pattern.compile("\\borg\\.bytedeco\\.cuda\\.([a-z0-9]+)\\.([A-Za-z0-9_]+)");

    @Test
    void thinJarNamesItsModule() throws IOException {
        Path thin = fresh(thinJar());
        try (JarFile jar = new JarFile(thin.toFile())) {
            assertEquals("org.scorefdt", jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"));
            // the library jar carries no third-party classes
            assertTrue(jar.stream().noneMatch(e -> e.getName().startsWith("com/fasterxml/") || e.getName().startsWith("org/bytedeco/cuda/")));
        }
    }

    @Test
    void cliJarRelocatesClashingPackages() throws IOException {
        try (JarFile jar = new JarFile(fresh(TARGET.resolve("scorefdt.jar")).toFile())) {
            // classes at their own names, Java-version variants (META-INF/versions/N/...) included
            for (String moved : new String[] {"com/fasterxml/jackson/", "org/antlr/", "org/apache/commons/math3/"}) {
                assertTrue(jar.stream().noneMatch(e -> e.getName().endsWith(".class") && e.getName().contains(moved)),
                        moved + " left unrelocated");
            }
            for (String kept : new String[] {"org/scorefdt/shaded/jackson/databind/ObjectMapper.class",
                    "org/scorefdt/shaded/antlr/v4/runtime/Parser.class", "org/scorefdt/shaded/commons/math3/util/FastMath.class"}) {
                assertTrue(jar.getEntry(kept) != null, "no " + kept);
            }
            // Jackson finds its factory through a service file: renamed and rewritten with the classes.
            assertTrue(jar.getEntry("META-INF/services/com.fasterxml.jackson.core.JsonFactory") == null);
            ZipEntry svc = jar.getEntry("META-INF/services/org.scorefdt.shaded.jackson.core.JsonFactory");
            assertTrue(svc != null, "the JsonFactory service file was not relocated");
            try (InputStream in = jar.getInputStream(svc)) {
                assertTrue(new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("org.scorefdt.shaded.jackson.core.JsonFactory"));
            }
        }
    }

    @Test
    void cliJarKeepsTheNativeLibrariesTheCodeLoads() throws IOException {
        try (JarFile jar = new JarFile(fresh(TARGET.resolve("scorefdt.jar")).toFile())) {
            Set<String> cudaJni = new TreeSet<>(), openblasJni = new TreeSet<>();
            jar.stream().map(ZipEntry::getName).forEach(n -> {
                if (n.matches("org/bytedeco/cuda/[^/]+/libjni[^/]+\\.so")) cudaJni.add(n.replaceAll(".*/libjni|\\.so$", ""));
                if (n.matches("org/bytedeco/openblas/[^/]+/libjni[^/]+\\.so")) openblasJni.add(n.replaceAll(".*/libjni|\\.so$", ""));
            });
            assertEquals(Set.of("cudart", "cublas", "cufft"), cudaJni);
            assertEquals(Set.of("openblas_nolapack"), openblasJni);
            // Every CUDA preset class the engine names is in the jar (the filters keep what the code uses).
            Set<String> missing = new TreeSet<>();
            for (String cls : cudaClassesNamed()) if (jar.getEntry(cls) == null) missing.add(cls);
            assertTrue(missing.isEmpty(), "CUDA classes the code uses but the jar lacks: " + missing);
            assertFalse(cudaClassesNamed().isEmpty());
            assertTrue(jar.getEntry("org/bytedeco/openblas/global/openblas_nolapack.class") != null);
            assertTrue(jar.getEntry("org/bytedeco/fftw/global/fftw3.class") != null);
        }
    }

    /**
     * The kept CUDA libraries are enough: the CLI jar opens the CUDA tier on the stand-in driver of
     * {@code FakeDriverTest} and runs a cudart-only (Lorenz-96), a cuFFT (OU SPDE) and a cuBLAS (MLP)
     * workload there. Skipped where the fake driver or the CUDA runtime it needs is absent.
     */
    @Test
    void cliJarRunsTheCudaTierOnTheFakeDriver() throws Exception {
        Path jar = fresh(TARGET.resolve("scorefdt.jar"));
        Path fake = TARGET.resolve("cmake/fakecuda/libcuda.so.1").toAbsolutePath();
        assumeTrue(Files.exists(fake), "fake driver not built: " + fake);
        assumeFalse(CudaTier.present(), "a real CUDA device is present: the fake driver would hide it");
        List<Path> runtimes = List.of(Path.of("/usr/local/cuda/lib64"), Path.of("/usr/local/cuda/targets/x86_64-linux/lib"));
        assumeTrue(runtimes.stream().anyMatch(d -> Files.exists(d.resolve("libcudart.so.13"))), "no CUDA runtime libcudart.so.13");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-jar", jar.toString(), "bench", "--size", "tiny", "--workload", "l96,ou32,mlp",
                "--backend", "cuda", "-q");
        String old = System.getenv().getOrDefault("LD_LIBRARY_PATH", "");
        pb.environment().put("LD_LIBRARY_PATH", fake.getParent() + ":" + runtimes.get(0) + ":" + runtimes.get(1) + (old.isEmpty() ? "" : ":" + old));
        Path err = Files.createTempFile("scorefdt-bench", ".err");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "bench did not finish");
        String log = Files.readString(err);
        Files.delete(err);
        assertEquals(0, p.exitValue(), out + log);
        List<String> ran = new ArrayList<>();
        for (String line : out.strip().split("\n")) {
            JsonNode j = new ObjectMapper().readTree(line);
            assertEquals("cuda", j.get("backend").asText(), line);
            assertTrue(j.get("per_second").isNumber(), "not run on the CUDA tier: " + line + "\n" + log);
            ran.add(j.get("workload").asText());
        }
        assertEquals(List.of("l96", "ou32", "mlp"), ran, out);
    }

    /** Classes of the CUDA presets named in the sources of {@code java/}, as jar entries. */
    private static Set<String> cudaClassesNamed() throws IOException {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = CUDA_REF.matcher(Files.readString(f));
                while (m.find()) out.add("org/bytedeco/cuda/" + m.group(1) + "/" + m.group(2) + ".class");
            }
        }
        return out;
    }

    private static Path thinJar() throws IOException {
        if (!Files.isDirectory(TARGET)) return TARGET.resolve("scorefdt-missing.jar");
        try (Stream<Path> s = Files.list(TARGET)) {
            return s.filter(p -> p.getFileName().toString().matches("scorefdt-[0-9].*\\.jar")
                            && !p.getFileName().toString().matches(".*-(sources|javadoc|cli)\\.jar"))
                    .findFirst().orElse(TARGET.resolve("scorefdt-missing.jar"));
        }
    }

    /** {@code jar}, or the test is skipped when it is missing or older than pom.xml. */
    private static Path fresh(Path jar) throws IOException {
        assumeTrue(Files.isRegularFile(jar), jar + " not built (run mvn package)");
        assumeTrue(Files.getLastModifiedTime(jar).compareTo(Files.getLastModifiedTime(Path.of("pom.xml"))) > 0,
                jar + " is older than pom.xml (run mvn package)");
        return jar;
    }
}
