package org.scorefdt.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Version and source revision of this build, for manifests and {@code scorefdt --version}.
 *
 * <p>Both come from the {@code scorefdt-build.properties} resource ({@code version=…},
 * {@code git.commit=…}) that the build writes from the checkout it compiles (pom.xml, execution
 * {@code build-info}). Nothing is asked of git at run time: the process's working directory may be
 * another repository, or none, and says nothing about the code that runs. Without the resource (a
 * build that skipped it) the commit is {@code "unknown"} and the version comes from the jar
 * manifest, else {@link #FALLBACK_VERSION}. Format of the commit: docs/formats.md §5.
 */
public final class BuildInfo {
    private BuildInfo() {}

    /** Version reported when neither the properties resource nor the jar manifest has one. */
    public static final String FALLBACK_VERSION = "0.1.0-SNAPSHOT";

    /** What {@link #gitCommit()} reports when the build could not ask git (no git, no checkout). */
    public static final String UNKNOWN = "unknown";

    private static final String RESOURCE = "/scorefdt-build.properties";

    /** The tool version. */
    public static String version() {
        String v = properties().getProperty("version");
        if (v != null && !v.isBlank()) return v.trim();
        v = BuildInfo.class.getPackage().getImplementationVersion();
        return v != null ? v : FALLBACK_VERSION;
    }

    /**
     * The 40-hex commit the build compiled, with {@code -dirty} appended when tracked files differed
     * from it, or {@link #UNKNOWN}.
     */
    public static String gitCommit() {
        String c = properties().getProperty("git.commit");
        return c == null || c.isBlank() ? UNKNOWN : c.trim();
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
