package org.scorefdt.backend;

import java.util.List;

/**
 * The outcome of backend selection: the backend to use and, for every tier that was skipped, why.
 * The reasons go into the log and the run manifest.
 */
public record Selection(Backend backend, List<String> fallbackReasons) implements AutoCloseable {
    public Selection {
        fallbackReasons = List.copyOf(fallbackReasons);
    }

    @Override
    public void close() {
        backend.close();
    }
}
