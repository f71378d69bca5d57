package org.scorefdt.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * What {@code status.json} says about a run, read back: finished, failed, still running, or dead —
 * a run whose process was killed (kill -9, lost node) cannot mark itself, so a run that says
 * "running" is judged by its process id (when it ran on this host) and by its heartbeat, which a
 * live run rewrites every {@link #heartbeatSeconds} seconds. Format and rules: docs/formats.md §4.
 *
 * @param state            the judgement
 * @param reason           why a run is incomplete (its error, or "running"), null when complete
 * @param pid              process id of the run, or −1 when the file predates pids
 * @param host             host name the run started on, or "" when unknown
 * @param started          when the run (or its resume) started, or null
 * @param heartbeat        last heartbeat (or last update), or null
 * @param heartbeatSeconds interval between heartbeats the run promised, or 0 when unknown
 */
public record RunStatus(State state, String reason, long pid, String host, Instant started, Instant heartbeat,
                        long heartbeatSeconds) {

    /** A run's state as judged when read. */
    public enum State {
        /** Finished and marked complete. */
        COMPLETE,
        /** Stopped by an error, or finished incomplete; the reason says which. */
        FAILED,
        /** Its process is alive (same host) or its heartbeat is recent. */
        RUNNING,
        /** Says "running", but its process is gone or its heartbeat stopped. */
        DEAD
    }

    /** A heartbeat older than this many intervals means the run is dead (when its pid cannot be checked). */
    public static final int MISSED_BEATS = 3;

    /**
     * Reads {@code dir/status.json} and judges it at {@code now}.
     *
     * @throws IOException naming the file when it is missing or not a status file
     */
    public static RunStatus read(Path dir, Instant now) throws IOException {
        Path file = dir.resolve(RunDirectory.STATUS);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no run status here (not a run directory, or the run never started)");
        }
        JsonNode n;
        try {
            n = JsonReport.read(file);
        } catch (IOException e) {
            throw new IOException(file + ": not a run status file (" + e.getMessage() + ")", e);
        }
        if (!(n instanceof ObjectNode) || !n.path("complete").isBoolean()) {
            throw new IOException(file + ": not a run status file (needs a boolean 'complete')");
        }
        boolean complete = n.get("complete").asBoolean();
        String reason = n.hasNonNull("reason") ? n.get("reason").asText() : null;
        long pid = n.path("pid").canConvertToLong() ? n.path("pid").asLong(-1) : -1;
        String host = n.path("host").asText("");
        Instant started = instant(n.path("started").asText(null)), beat = instant(n.path("heartbeat").asText(null));
        if (beat == null) beat = instant(n.path("updated").asText(null));
        long every = n.path("heartbeat_seconds").asLong(0);
        State state = complete ? State.COMPLETE
                : !n.path("running").asBoolean(false) ? State.FAILED
                : alive(pid, host, started, beat, every, now) ? State.RUNNING : State.DEAD;
        return new RunStatus(state, reason, pid, host, started, beat, every);
    }

    /**
     * Whether a run that says "running" still is: on this host its process decides (a process with
     * its pid that started after the run is a reused pid, so the run is dead); elsewhere (or without a
     * pid) a heartbeat within {@link #MISSED_BEATS} intervals.
     */
    static boolean alive(long pid, String host, Instant started, Instant beat, long every, Instant now) {
        if (pid > 0 && host.equals(RunDirectory.hostName())) {
            // A pid the system gave to a process started after the run did is a reuse: the run is gone.
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .map(p -> started == null || p.info().startInstant().map(s -> !s.isAfter(started.plusSeconds(1))).orElse(true))
                    .orElse(false);
        }
        if (beat == null || every <= 0) return true; // nothing to judge by: say what the file says
        return Duration.between(beat, now).getSeconds() <= MISSED_BEATS * every;
    }

    /** One line for people: the state, the process and how long ago it last beat. */
    public String describe(Instant now) {
        String proc = pid > 0 ? "pid " + pid + (host.isEmpty() ? "" : " on " + host) : "process unknown";
        String ago = heartbeat == null ? "" : ", last heartbeat " + Duration.between(heartbeat, now).getSeconds() + " s ago";
        return switch (state) {
            case COMPLETE -> "complete";
            case FAILED -> "incomplete: " + Optional.ofNullable(reason).orElse("no reason recorded");
            case RUNNING -> "running (" + proc + ago + ")";
            case DEAD -> "dead: the run says it is running but " + (pid > 0 && host.equals(RunDirectory.hostName())
                    ? "process " + pid + " is gone (or the pid now belongs to a later process)" : "its heartbeat stopped")
                    + " (" + proc + ago + ")";
        };
    }

    private static Instant instant(String s) {
        if (s == null || s.isEmpty()) return null;
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
