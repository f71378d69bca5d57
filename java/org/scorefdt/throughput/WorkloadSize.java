package org.scorefdt.throughput;

import java.util.Locale;
import org.scorefdt.util.ConfigName;

/**
 * How big a {@link Workload} is: {@code tiny} (tests: a few members, milliseconds), {@code small}
 * (a CPU; the sizes of the JMH benchmarks where one exists) or {@code full} (a GPU: tens of
 * thousands of members or pairs per call, enough to fill an H100). The numbers per size are in
 * {@link Workload#dims} and {@code bench/workloads.json}.
 */
public enum WorkloadSize implements ConfigName {
    TINY, SMALL, FULL;

    /** Parses tiny, small, full (case-insensitive). */
    public static WorkloadSize parse(String s) {
        return ConfigName.find(WorkloadSize.class, s).orElseThrow(() ->
                new IllegalArgumentException("unknown size '" + s + "': expected " + ConfigName.allowed(WorkloadSize.class)));
    }

    @Override
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
