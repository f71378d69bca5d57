package org.scorefdt.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Version and source revision of this build, for manifests and {@code scorefdt --version}.
 *
 * <p>The git commit comes from {@code git rev-parse HEAD} in the working directory when that works
 * (developer runs from a checkout), else from a {@code scorefdt-build.properties} resource
 * ({@code git.commit=…}, {@code version=…}) if the build wrote one, else {@code "unknown"}.
 * The version comes from that resource, else the jar manifest, else {@link #FALLBACK_VERSION}.
 */
public final class BuildInfo {
    private BuildInfo() {}

    /** Version reported when neither the properties resource nor the jar manifest has one. */
    public static final String FALLBACK_VERSION = "0.1.0-SNAPSHOT";

    private static final String RESOURCE = "/scorefdt-build.properties";

    /** The tool version. */
    public static String version() {
        String v = properties().getProperty("version");
        if (v != null && !v.isBlank()) return v.trim();
        v = BuildInfo.class.getPackage().getImplementationVersion();
        return v != null ? v : FALLBACK_VERSION;
    }

    /** The 40-hex git commit, or {@code "unknown"}; a {@code -dirty} suffix is not attempted. */
    public static String gitCommit() {
        return Commit.VALUE;
    }

    /** Read once, on first use (the holder's class initialisation): forking git once per JVM is enough. */
    private static final class Commit {
        static final String VALUE = read();

        private static String read() {
            String c = fromGit();
            if (c == null) c = properties().getProperty("git.commit");
            return c == null || c.isBlank() ? "unknown" : c.trim();
        }
    }

    private static String fromGit() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(3, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.exitValue() == 0 && out.matches("[0-9a-f]{40}") ? out : null;
        } catch (IOException e) {
            return null; // no git on PATH: fall back to the resource
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static Properties properties() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            // An unreadable optional resource just means "unknown".
        }
        return p;
    }
}
