package org.scorefdt.api;

import org.scorefdt.backend.Fallback;
import org.slf4j.LoggerFactory;

/**
 * Progress callbacks of a long job, so the library never writes to the terminal itself: the CLI
 * turns them into a progress bar, an embedding application into whatever it likes.
 *
 * <p>Calls for one phase come in order {@code phase}, then any number of {@code progress}/{@code info}.
 * Implementations must be thread-safe: {@link #progress} may be called from worker threads.
 */
public interface JobListener {

    /** A listener that ignores everything. */
    JobListener NONE = new JobListener() {
        @Override public void phase(String name, long totalWork) {}
        @Override public void progress(long done) {}
        @Override public void info(String line) {}
        @Override public void fallback(Fallback fallback) {}
    };

    /** A listener that ignores progress and messages but logs fallbacks at WARN (the default). */
    JobListener LOG_FALLBACKS = new JobListener() {
        @Override public void phase(String name, long totalWork) {}
        @Override public void progress(long done) {}
        @Override public void info(String line) {}
    };

    /**
     * A new phase starts (e.g. {@code "simulate"}, {@code "truth"}, {@code "response"}).
     *
     * @param totalWork units of work in the phase — member-steps (members × steps) for simulation
     *                  phases — or {@code <= 0} when unknown
     */
    void phase(String name, long totalWork);

    /** Work done so far in the current phase (absolute and non-decreasing, not an increment). */
    void progress(long done);

    /** A one-line human-readable message (backend chosen, artifact written, warning). */
    void info(String line);

    /**
     * An operation of the job runs on a lower tier than the job asked for; called once per
     * operation and reason. The default logs it at WARN (so embedders that ignore it still see it
     * in their logs, and the CLI prints it).
     */
    default void fallback(Fallback fallback) {
        LoggerFactory.getLogger(JobListener.class).warn("{}", fallback.message());
    }
}
