package org.scorefdt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scorefdt.io.BuildInfo;
import org.scorefdt.io.RunManifest;

/**
 * The commit in {@code --version} and in every manifest is the one the build recorded
 * ({@code scorefdt-build.properties}), not whatever repository the process happens to run in.
 */
class BuildProvenanceTest {
    @TempDir
    Path dir;

    /** The commit the build wrote into the classpath. */
    private static String builtCommit() throws IOException {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/scorefdt-build.properties")) {
            assertNotNull(in, "the build writes scorefdt-build.properties (pom.xml, execution build-info)");
            p.load(in);
        }
        String c = p.getProperty("git.commit");
        assertTrue(c.equals(BuildInfo.UNKNOWN) || c.matches("[0-9a-f]{40}(-dirty)?"), c);
        return c;
    }

    @Test
    void versionAndManifestReportTheBuildsCommit() throws IOException {
        String built = builtCommit();
        assertEquals(built, BuildInfo.gitCommit());
        assertEquals(built, RunManifest.builder().build().gitCommit());
        assertTrue(new Main.Version().getVersion()[0].contains("(commit " + built + ")"));
    }

    /** A run started inside another git repository still reports the build's commit, not that repository's. */
    @Test
    void workingDirectoryInAnotherRepositoryDoesNotChangeIt() throws Exception {
        assumeTrue(exec(dir, "git", "init", "-q") == 0, "git on PATH");
        assertEquals(0, exec(dir, "git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "--allow-empty",
                "-m", "foreign"));
        String foreign = output(dir, "git", "rev-parse", "HEAD");
        String built = builtCommit();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String version = output(dir, java, "-Xmx128m", "-cp", cp, Main.class.getName(), "--version");
        assertTrue(version.contains("(commit " + built + ")"), version);
        assertFalse(version.contains(foreign), version);
    }

    private static int exec(Path cwd, String... cmd) throws Exception {
        try {
            Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            return p.exitValue();
        } catch (IOException e) {
            return -1; // not installed
        }
    }

    private static String output(Path cwd, String... cmd) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(cmd))).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
