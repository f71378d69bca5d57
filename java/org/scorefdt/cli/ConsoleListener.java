package org.scorefdt.cli;

import java.io.PrintStream;
import org.scorefdt.api.JobListener;

/**
 * Turns {@link JobListener} callbacks into one {@link ProgressBar} per phase on the error stream,
 * keeping standard output clean for results. Thread-safe.
 */
final class ConsoleListener implements JobListener, AutoCloseable {
    private final PrintStream err;
    private final ProgressBar.Mode mode;
    private final boolean quiet;
    private volatile ProgressBar bar; // written under this; read lock-free by progress()

    ConsoleListener(PrintStream err, boolean quiet) {
        this(err, quiet, ProgressBar.detectMode(quiet));
    }

    ConsoleListener(PrintStream err, boolean quiet, ProgressBar.Mode mode) {
        this.err = err;
        this.quiet = quiet;
        this.mode = mode;
    }

    @Override
    public synchronized void phase(String name, long totalWork) {
        if (bar != null) bar.close();
        bar = new ProgressBar(err, name, totalWork, "member-steps", mode);
    }

    @Override
    public void progress(long done) {
        ProgressBar b = bar; // no lock: progress() is called from worker threads in hot loops
        if (b != null) b.update(done);
    }

    @Override
    public synchronized void info(String line) {
        if (quiet) return;
        if (bar != null) bar.message(line);
        else err.println(line);
    }

    @Override
    public synchronized void close() {
        if (bar != null) bar.close();
        bar = null;
    }
}
