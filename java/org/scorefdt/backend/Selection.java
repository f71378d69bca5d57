package org.scorefdt.backend;

import java.util.List;

/**
 * The outcome of backend selection: the tiers and, for every tier that was skipped, why. The
 * reasons go into the log and the run manifest.
 */
public record Selection(TierChain tiers, List<String> fallbackReasons) implements AutoCloseable {
    public Selection {
        fallbackReasons = List.copyOf(fallbackReasons);
    }

    /** The requested (or, under {@code auto}, best present) tier itself. */
    public Backend backend() {
        return tiers.first();
    }

    @Override
    public void close() {
        tiers.close();
    }
}
