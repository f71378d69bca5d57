package org.scorefdt.backend;

import org.scorefdt.util.ConfigName;

/** The backend tiers, and the {@code auto} request that picks the fastest one available. */
public enum BackendKind implements ConfigName {
    AUTO, CUDA, CPU, JAVA;

    /** Parses the CLI/config spelling: auto, cuda, cpu, java (case-insensitive). */
    public static BackendKind parse(String s) {
        return ConfigName.find(BackendKind.class, s).orElseThrow(() ->
                new IllegalArgumentException("unknown backend '" + s + "': expected auto, cuda, cpu or java"));
    }

    /** The config spelling: auto, cuda, cpu, java. */
    @Override
    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
