package org.scorefdt.backend;

/** The backend tiers, and the {@code auto} request that picks the fastest one available. */
public enum BackendKind {
    AUTO, CUDA, CPU, JAVA;

    /** Parses the CLI/config spelling: auto, cuda, cpu, java. */
    public static BackendKind parse(String s) {
        for (BackendKind k : values()) {
            if (k.name().equalsIgnoreCase(s)) return k;
        }
        throw new IllegalArgumentException("unknown backend '" + s + "': expected auto, cuda, cpu or java");
    }

    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
