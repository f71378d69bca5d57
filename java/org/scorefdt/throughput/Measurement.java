package org.scorefdt.throughput;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.scorefdt.backend.BackendKind;

/**
 * One result line of {@code scorefdt bench}: a measured rate, or why the workload did not run.
 *
 * @param workload     what was timed
 * @param size         its size
 * @param requested    the backend asked for
 * @param backend      the tier that ran it (cuda, cpu, java); the requested spelling when it did not run
 * @param precision    f64/f32 as computed (CUDA score tiers: the requested one, with a note)
 * @param threads      threads asked for (0 = all)
 * @param unitsPerCall units of {@link Workload#units()} per call
 * @param calls        timed calls, all rounds together
 * @param seconds      timed wall clock, all rounds together
 * @param perSecond    median over rounds of units per second (NaN unless measured)
 * @param minPerSecond slowest round
 * @param maxPerSecond fastest round
 * @param repeats      timed rounds
 * @param status       measured, unavailable (reason says why) or failed (reason is the error)
 * @param reason       why not measured, or a note on a measured line (fallback reasons); may be empty
 */
public record Measurement(Workload workload, WorkloadSize size, BackendKind requested, String backend, String precision,
                          int threads, long unitsPerCall, long calls, double seconds, double perSecond, double minPerSecond,
                          double maxPerSecond, int repeats, Status status, String reason) {

    /** Whether the line holds a rate. */
    public enum Status { MEASURED, UNAVAILABLE, FAILED }

    private static final ObjectMapper JSON = new ObjectMapper();

    public Measurement {
        reason = reason == null ? "" : reason;
    }

    /** A workload that could not run on the requested backend here. */
    public static Measurement unavailable(Workload w, WorkloadSize size, BackendKind requested, String precision, int threads,
                                          String reason) {
        return new Measurement(w, size, requested, requested.configName(), precision, threads, 0, 0, 0, Double.NaN, Double.NaN,
                Double.NaN, 0, Status.UNAVAILABLE, reason);
    }

    /** A workload that started and failed; {@code error} is the message. */
    public static Measurement failed(Workload w, WorkloadSize size, BackendKind requested, String precision, int threads,
                                     String error) {
        return new Measurement(w, size, requested, requested.configName(), precision, threads, 0, 0, 0, Double.NaN, Double.NaN,
                Double.NaN, 0, Status.FAILED, error);
    }

    /** Whether a rate was measured. */
    public boolean measured() {
        return status == Status.MEASURED;
    }

    /**
     * The JSON line: {@code impl, workload, backend, units, per_second, seconds, size, precision,
     * requested, threads}, then for measured lines {@code units_per_call, calls, repeats,
     * min_per_second, max_per_second, params} (and {@code note} if any), otherwise
     * {@code available: false} with {@code reason} (or {@code error} for a failure). The peers
     * print the same keys.
     */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("impl", "scorefdt");
        m.put("workload", workload.configName());
        m.put("backend", backend);
        m.put("units", workload.units());
        m.put("per_second", measured() ? perSecond : null);
        m.put("seconds", seconds);
        m.put("size", size.configName());
        m.put("precision", precision);
        m.put("requested", requested.configName());
        m.put("threads", threads);
        if (measured()) {
            m.put("units_per_call", unitsPerCall);
            m.put("calls", calls);
            m.put("repeats", repeats);
            m.put("min_per_second", minPerSecond);
            m.put("max_per_second", maxPerSecond);
            Map<String, Object> params = new LinkedHashMap<>(workload.fixed());
            params.putAll(workload.dims(size));
            m.put("params", params);
            if (!reason.isEmpty()) m.put("note", reason);
        } else {
            m.put("available", false);
            m.put(status == Status.FAILED ? "error" : "reason", reason);
        }
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a result line: " + e.getMessage(), e);
        }
    }
}
