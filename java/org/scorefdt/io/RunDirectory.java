package org.scorefdt.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The output directory of one run and the names of its artifacts, with the lifecycle every job
 * follows: {@link #create} (refuses a non-empty directory without {@code force}, deletes nothing;
 * {@code status.json} incomplete) or {@link #resume} (an interrupted run's directory, continued; the
 * temporary files of writes a kill interrupted are removed), atomic artifacts ({@link AtomicFiles}), then {@link #finish}
 * or {@link #fail}. While the run is open a daemon thread rewrites {@code status.json} every
 * {@link #HEARTBEAT_SECONDS} seconds with the process id and a heartbeat, so a killed run reads back
 * as dead, not running ({@link RunStatus}); finishing or failing stops it. Distinct artifacts may be
 * written concurrently. Lifecycle: docs/formats.md §4.
 */
public final class RunDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(RunDirectory.class);
    /** File name of the completion marker. */
    public static final String STATUS = "status.json";
    /** File name of the run manifest. */
    public static final String MANIFEST = "manifest.json";

    /** Seconds between heartbeats of an open run, unless the system property {@value #HEARTBEAT_PROPERTY} says otherwise. */
    public static final long HEARTBEAT_SECONDS = 10;
    /** System property overriding {@link #HEARTBEAT_SECONDS} (whole seconds ≥ 1). */
    public static final String HEARTBEAT_PROPERTY = "scorefdt.heartbeatSeconds";

    private final Path root;
    /** The arrays this run wrote ({@link #npy}), relative: what {@value NpzWriter#RESULTS} packs (not stale files of a forced run). */
    private final java.util.SortedSet<String> arrays = new java.util.TreeSet<>();
    private final Instant started = Instant.now();
    /** Whether the run is open (heartbeats due); guarded by {@code this}, as every status write is. */
    private boolean running;
    private ScheduledExecutorService heartbeat;
    private volatile PlotFormat plotFormat = PlotFormat.PNG;

    private RunDirectory(Path root) {
        this.root = root;
    }

    /** Marks the run open and starts its heartbeat. */
    private RunDirectory open(String reason) {
        synchronized (this) {
            running = true;
            writeStatus(false, reason);
            heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "scorefdt-heartbeat " + root.getFileName());
                t.setDaemon(true); // never keeps an embedding JVM alive
                return t;
            });
        }
        long every = heartbeatSeconds();
        heartbeat.scheduleAtFixedRate(() -> beat(reason), every, every, TimeUnit.SECONDS);
        return this;
    }

    private synchronized void beat(String reason) {
        if (!running) return;
        try {
            writeStatus(false, reason);
        } catch (RuntimeException e) {
            // A full disk must not kill the run from a timer thread; the run's own writes will report it.
        }
    }

    /** The heartbeat interval: {@value #HEARTBEAT_PROPERTY} when it is a whole number ≥ 1, else {@link #HEARTBEAT_SECONDS}. */
    static long heartbeatSeconds() {
        try {
            long s = Long.parseLong(System.getProperty(HEARTBEAT_PROPERTY, ""));
            return s >= 1 ? s : HEARTBEAT_SECONDS;
        } catch (NumberFormatException e) {
            return HEARTBEAT_SECONDS;
        }
    }

    /** Ends the heartbeat; the next status write is final. */
    private synchronized void close() {
        running = false;
        if (heartbeat != null) heartbeat.shutdownNow();
    }

    /**
     * This machine's host name as recorded in {@code status.json}: {@code $HOSTNAME}, else the
     * kernel's, else "" (no DNS lookup, which can hang).
     */
    public static String hostName() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) return h.trim();
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException | RuntimeException e) {
            return "";
        }
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
        return new RunDirectory(dir).open("running");
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
        checkNotRunning(dir);
        removeInterruptedWrites(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create output directory " + dir + ": " + e.getMessage(), e);
        }
        return new RunDirectory(dir).open("running (resumed)");
    }

    /**
     * Deletes the temporary files that writes interrupted by a kill left ({@code .NAME.DIGITS.tmp},
     * see AtomicFiles), so a resumed run's directory holds what an uninterrupted one does.
     */
    private static void removeInterruptedWrites(Path dir) {
        if (!Files.isDirectory(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (f.getFileName().toString().matches("\\..+\\.\\d+\\.tmp")) Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean interrupted writes in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses to continue a run whose process is still alive (two processes writing one directory
     * would interleave their checkpoints); a dead, failed or finished run may be resumed.
     *
     * @throws ResumeException naming the directory and the live process
     */
    public static void checkNotRunning(Path dir) {
        if (!Files.isRegularFile(dir.resolve(STATUS))) return;
        RunStatus s;
        try {
            s = RunStatus.read(dir, Instant.now());
        } catch (IOException e) {
            return; // an unreadable status says nothing about a live process; the job's own checks follow
        }
        if (s.state() == RunStatus.State.RUNNING && s.pid() != ProcessHandle.current().pid()) {
            throw new ResumeException("cannot resume in " + dir + ": the run there is still " + s.describe(Instant.now())
                    + "; stop it first, or wait until `scorefdt status " + dir + "` says dead or incomplete");
        }
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
    public Path npy(String name) {
        synchronized (arrays) {
            arrays.add(name + ".npy");
        }
        return path(name + ".npy");
    }

    /** {@code NAME.json} in this directory. */
    public Path json(String name) { return path(name + ".json"); }

    /** {@code NAME.csv} in this directory. */
    public Path csv(String name) { return path(name + ".csv"); }

    /** {@code NAME.png} in this directory. */
    public Path png(String name) { return path(name + ".png"); }

    /** {@code NAME.png}, {@code .svg} or {@code .pdf} in this directory, as {@link #plotFormat()} says. */
    public Path plot(String name) { return path(name + "." + plotFormat.extension()); }

    /** The format the run's plots are written in; PNG unless set. */
    public PlotFormat plotFormat() { return plotFormat; }

    /** Sets the format of the run's plots (the CLI's {@code --plot-format}); returns this directory. */
    public RunDirectory plotFormat(PlotFormat format) {
        this.plotFormat = java.util.Objects.requireNonNull(format, "plot format");
        return this;
    }

    /** {@code manifest.json} in this directory. */
    public Path manifest() { return root.resolve(MANIFEST); }

    /** {@code status.json} in this directory. */
    public Path status() { return root.resolve(STATUS); }

    /** Sets {@code status.json} to {@code complete: true}. Call last, after every artifact is written. */
    public synchronized void markComplete() {
        close();
        writeStatus(true, null);
    }

    /** Sets {@code status.json} to {@code complete: false} with the reason (e.g. the error message). */
    public synchronized void markIncomplete(String reason) {
        close();
        writeStatus(false, reason);
    }

    /**
     * Ends the run: writes the finished manifest, packs the {@code .npy} files this run wrote ({@link #npy})
     * into {@value NpzWriter#RESULTS} ({@link NpzWriter}), then sets {@code status.json} (complete, or
     * incomplete with {@code reason}). Call after every artifact is written. The archive is a convenience
     * copy: when it cannot be written (a full disk) the run keeps its {@code .npy} files and its status, and
     * a WARN line says why.
     *
     * @throws UncheckedIOException if the manifest cannot be written
     */
    public void finish(RunManifest.Builder manifest, boolean complete, String reason) {
        manifest.finish(complete, reason);
        try {
            manifest.build().write(manifest());
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + manifest() + ": " + e.getMessage(), e);
        }
        List<String> written;
        synchronized (arrays) {
            written = List.copyOf(arrays);
        }
        try {
            NpzWriter.pack(root, written, root.resolve(NpzWriter.RESULTS));
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("{} not written ({}); the .npy files hold the same arrays", root.resolve(NpzWriter.RESULTS), e.getMessage());
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

    private synchronized void writeStatus(boolean complete, String reason) {
        ObjectNode n = JsonReport.newObject();
        n.put("complete", complete);
        if (reason != null) n.put("reason", reason);
        String now = Instant.now().toString();
        n.put("updated", now);
        n.put("running", running);
        n.put("pid", ProcessHandle.current().pid());
        n.put("host", hostName());
        n.put("started", started.toString());
        if (running) {
            n.put("heartbeat", now);
            n.put("heartbeat_seconds", heartbeatSeconds());
        }
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
