package org.scorefdt.throughput;

import java.util.Optional;

/**
 * A workload set up on one tier, ready to be timed: each {@link #call} does {@link #unitsPerCall}
 * units of work. Inputs are made once at set-up; calls reuse them (integrators carry their state
 * forward, so no call repeats an earlier one's noise).
 */
interface Task extends AutoCloseable {

    /** The tier that runs the calls: cuda, cpu or java. */
    String backend();

    /** f64 or f32 as computed; for tiers that take no precision argument (CUDA score tiers) the requested one. */
    String precision();

    /** Units of work per call ({@link Workload#units()}). */
    long unitsPerCall();

    /** One call. */
    void call();

    /**
     * Waits for the work earlier calls queued on a device, so each timed round covers it (the GPU
     * peers synchronise after every call too); host tiers finish inside {@link #call} and keep this no-op.
     */
    default void sync() {}

    /** After the timed calls: empty if the outputs are finite, else what is wrong (a diverged run is no benchmark). */
    Optional<String> check();

    /** Anything worth keeping with the result (fallback reasons); may be empty. */
    default String note() {
        return "";
    }

    @Override
    void close();

    /** Sets up {@code w} on the requested backend, or throws {@link WorkloadUnavailableException} naming why it cannot run. */
    static Task open(Workload w, WorkloadSize size, org.scorefdt.backend.BackendKind backend,
                     org.scorefdt.integrate.Precision precision, int threads) {
        return switch (w) {
            case OU32, AC64, L96 -> IntegratorTask.open(w, size, backend, precision, threads);
            case MLP -> MlpTask.open(size, backend, precision, threads);
            case KDE -> KdeTask.open(size, backend, precision, threads);
            case LAGGED -> LaggedTask.open(size, backend, precision);
        };
    }

    /** Whether every value is finite; the first offending index otherwise. */
    static Optional<String> finite(String what, double[] v, int n) {
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(v[i])) return Optional.of(what + "[" + i + "] = " + v[i] + " after the timed calls");
        }
        return Optional.empty();
    }
}
