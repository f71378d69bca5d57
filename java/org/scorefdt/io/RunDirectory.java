package org.scorefdt.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * The output directory of one run and the names of its artifacts, with the lifecycle every job
 * follows: {@link #create} (refuses a non-empty directory without {@code force}, deletes nothing;
 * {@code status.json} incomplete) or {@link #resume} (an interrupted run's directory, continued), atomic artifacts ({@link AtomicFiles}), then {@link #finish}
 * or {@link #fail}. Status updates are not thread-safe; distinct artifacts may be written
 * concurrently. Lifecycle: docs/formats.md §4.
 */
public final class RunDirectory {
    /** File name of the completion marker. */
    public static final String STATUS = "status.json";
    /** File name of the run manifest. */
    public static final String MANIFEST = "manifest.json";

    private final Path root;

    private RunDirectory(Path root) {
        this.root = root;
    }

    /**
     * Creates (or, with {@code force}, reuses) {@code dir} and marks it incomplete.
     *
     * @throws OutputExistsException if {@code dir} is a file, or a non-empty directory and not {@code force}
     * @throws UncheckedIOException  if the directory cannot be created or written
     */
    public static RunDirectory create(Path dir, boolean force) {
        checkAvailable(dir, force);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create output directory " + dir + ": " + e.getMessage(), e);
        }
        RunDirectory rd = new RunDirectory(dir);
        rd.writeStatus(false, "running");
        return rd;
    }

    /**
     * Opens {@code dir} again to continue an interrupted run in it (created when missing), without the
     * emptiness check of {@link #create}, and marks it incomplete until the resumed run finishes.
     * Whether its contents may be continued is the job's to check (docs/formats.md §8).
     *
     * @throws OutputExistsException if {@code dir} is a file
     * @throws UncheckedIOException  if the directory cannot be created or written
     */
    public static RunDirectory resume(Path dir) {
        checkAvailable(dir, true);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create output directory " + dir + ": " + e.getMessage(), e);
        }
        RunDirectory rd = new RunDirectory(dir);
        rd.writeStatus(false, "running (resumed)");
        return rd;
    }

    /**
     * Checks, without creating anything, that {@link #create} would succeed with these arguments;
     * lets the CLI fail before any long computation starts.
     *
     * @throws OutputExistsException as {@link #create}
     */
    public static void checkAvailable(Path dir, boolean force) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new OutputExistsException(dir, "path exists and is not a directory");
        }
        if (!force && Files.isDirectory(dir) && !isEmpty(dir)) {
            throw new OutputExistsException(dir, "directory exists and is not empty");
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The directory itself. */
    public Path root() {
        return root;
    }

    /**
     * Path of an artifact; {@code name} may contain sub-directories (created on demand).
     *
     * @throws IllegalArgumentException if {@code name} escapes the run directory
     */
    public Path path(String name) {
        Path p = root.resolve(name).normalize();
        if (!p.startsWith(root.normalize()) || p.equals(root.normalize())) {
            throw new IllegalArgumentException("artifact name escapes the run directory: " + name);
        }
        try {
            Files.createDirectories(p.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + p.getParent() + ": " + e.getMessage(), e);
        }
        return p;
    }

    /** {@code NAME.npy} in this directory. */
    public Path npy(String name) { return path(name + ".npy"); }

    /** {@code NAME.json} in this directory. */
    public Path json(String name) { return path(name + ".json"); }

    /** {@code NAME.csv} in this directory. */
    public Path csv(String name) { return path(name + ".csv"); }

    /** {@code NAME.png} in this directory. */
    public Path png(String name) { return path(name + ".png"); }

    /** {@code manifest.json} in this directory. */
    public Path manifest() { return root.resolve(MANIFEST); }

    /** {@code status.json} in this directory. */
    public Path status() { return root.resolve(STATUS); }

    /** Sets {@code status.json} to {@code complete: true}. Call last, after every artifact is written. */
    public void markComplete() {
        writeStatus(true, null);
    }

    /** Sets {@code status.json} to {@code complete: false} with the reason (e.g. the error message). */
    public void markIncomplete(String reason) {
        writeStatus(false, reason);
    }

    /**
     * Ends the run: writes the finished manifest, then sets {@code status.json} (complete, or
     * incomplete with {@code reason}). Call after every artifact is written.
     *
     * @throws UncheckedIOException if either file cannot be written
     */
    public void finish(RunManifest.Builder manifest, boolean complete, String reason) {
        manifest.finish(complete, reason);
        try {
            manifest.build().write(manifest());
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + manifest() + ": " + e.getMessage(), e);
        }
        if (complete) markComplete(); else markIncomplete(reason);
    }

    /**
     * Records a run stopped by {@code error}: the manifest (when one is given) and {@code status.json}
     * are marked incomplete with its message. Never throws: a failure to write is added to
     * {@code error} as suppressed, so the caller rethrows the original cause.
     */
    public void fail(RunManifest.Builder manifest, Throwable error) {
        String reason = String.valueOf(error.getMessage());
        try {
            if (manifest != null) {
                manifest.finish(false, reason);
                manifest.build().write(manifest());
            }
        } catch (IOException | RuntimeException suppressed) {
            error.addSuppressed(suppressed);
        }
        try {
            markIncomplete(reason);
        } catch (RuntimeException suppressed) {
            error.addSuppressed(suppressed);
        }
    }

    private void writeStatus(boolean complete, String reason) {
        ObjectNode n = JsonReport.newObject();
        n.put("complete", complete);
        if (reason != null) n.put("reason", reason);
        n.put("updated", Instant.now().toString());
        try {
            JsonReport.write(status(), n);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + status() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
