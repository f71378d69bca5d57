package org.scorefdt;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * The provenance of a JSON written by {@code bench/record.py}: when, on what machine, under which
 * load, by which command. Every region rendered from such a JSON says it, so a rate measured on a
 * busy machine is never quoted as if the machine had been quiet.
 */
final class RecordedRun {

    private RecordedRun() {}

    /** What the measurements of a run are, for the caveat its load calls for. */
    enum Measures {
        /** Rates of several implementations measured side by side: under load only their ratios compare. */
        RATES,
        /** Wall times: under load an upper bound for the machine. */
        TIMES
    }

    /** One-minute load averages at the start and the end are both at most half the core count. */
    static boolean quiet(JsonNode j) {
        double cores = j.get("machine").get("nproc").asDouble();
        return j.get("load_average_start").get(0).asDouble() <= cores / 2 && j.get("load_average_end").get(0).asDouble() <= cores / 2;
    }

    /** "2026-12-07, 2 cores (AMD EPYC), commit 98aad58" */
    static String where(JsonNode j) {
        JsonNode m = j.get("machine");
        String commit = j.get("git_commit").asText();
        return String.format(Locale.ROOT, "%s, %d cores (%s), commit %s", j.get("date").asText().substring(0, 10), m.get("nproc").asInt(),
                m.get("cpu_model").asText(), commit.length() > 7 ? commit.substring(0, 7) : commit);
    }

    /** "one-minute load average 5.2 at the start, 12.5 at the end" */
    static String load(JsonNode j) {
        return String.format(Locale.ROOT, "one-minute load average %.1f at the start, %.1f at the end",
                j.get("load_average_start").get(0).asDouble(), j.get("load_average_end").get(0).asDouble());
    }

    /** One sentence: where and when, the load, and what that means for the numbers. */
    static String provenance(JsonNode j, String file, Measures measures) {
        String head = "Recorded by `" + j.get("recorded_by").asText() + "` (`" + file + "`) on " + where(j) + "; " + load(j);
        if (quiet(j)) return head + ".";
        return head + switch (measures) {
            case RATES -> ": the machine was shared with other jobs, so the absolute rates are well below a quiet machine's and"
                    + " move with the load; the ratios, between implementations measured in the same run, are the comparable figures.";
            case TIMES -> ": the machine was shared with other jobs, so the times are upper bounds for it.";
        };
    }

    /** CPU seconds (user + sys) of the run's commands together, or NaN where the JSON predates that field. */
    static double cpuSeconds(JsonNode j) {
        double s = 0;
        for (JsonNode c : j.get("commands")) {
            if (!c.has("cpu_seconds")) return Double.NaN;
            s += c.get("cpu_seconds").asDouble();
        }
        return s;
    }

    /** Wall seconds of the run's commands together. */
    static double wallSeconds(JsonNode j) {
        double s = 0;
        for (JsonNode c : j.get("commands")) s += c.get("wall_seconds").asDouble();
        return s;
    }
}
