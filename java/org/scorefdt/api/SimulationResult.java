package org.scorefdt.api;

import java.util.List;
import org.scorefdt.backend.BackendKind;

/**
 * What a {@link Simulation} returns.
 *
 * @param finalStates     [members][dimension] at the last save
 * @param members         ensemble size
 * @param dimension       components per member
 * @param backend         the tier that ran it
 * @param fallbackReasons why faster tiers were skipped (empty if none)
 * @param seconds         wall time
 */
public record SimulationResult(double[] finalStates, int members, int dimension, BackendKind backend,
                               List<String> fallbackReasons, double seconds) {
    public SimulationResult {
        fallbackReasons = List.copyOf(fallbackReasons);
    }
}
