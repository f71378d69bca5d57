package org.scorefdt.throughput;

/**
 * How a workload is timed: {@code warmupCalls} untimed calls (JIT, plans, device kernels loaded),
 * then {@code repeats} timed rounds, each running whole calls until at least {@code minSeconds} of
 * wall clock have passed (one call at least). The reported rate is the median over rounds.
 *
 * @param warmupCalls untimed calls first, ≥ 0
 * @param repeats     timed rounds, ≥ 1
 * @param minSeconds  shortest round in seconds, finite and ≥ 0
 */
public record Timing(int warmupCalls, int repeats, double minSeconds) {
    public Timing {
        if (warmupCalls < 0) throw new IllegalArgumentException("warm-up calls = " + warmupCalls + ": must be >= 0");
        if (repeats < 1) throw new IllegalArgumentException("repeats = " + repeats + ": must be >= 1");
        if (!(minSeconds >= 0) || Double.isInfinite(minSeconds)) {
            throw new IllegalArgumentException("min seconds = " + minSeconds + ": must be finite and >= 0");
        }
    }

    /** The defaults for a size: tiny 1 warm-up, 1 round of one call; small and full 2 warm-ups, 5 rounds of ≥ 0.5 s / 1 s. */
    public static Timing defaults(WorkloadSize size) {
        return switch (size) {
            case TINY -> new Timing(1, 1, 0);
            case SMALL -> new Timing(2, 5, 0.5);
            case FULL -> new Timing(2, 5, 1.0);
        };
    }
}
