package org.scorefdt.score.nn;

import org.scorefdt.backend.BackendUnavailableException;

/**
 * Where the passes of an {@link Mlp} run in {@link DsmTrainer} and {@link DsmScore}: the Java
 * reference ({@link Mlp#forward}/{@link Mlp#backward}), the native CPU library (OpenBLAS,
 * {@link MlpEvaluator#nativeCpu}), or {@link #AUTO} — native where the library loads, else Java.
 * The two agree to rounding, not bit for bit (see {@code NativeMlpTest}); each is deterministic.
 * Networks other than the MLP (the {@link PeriodicCnn}) always run in Java.
 *
 * <p>The native tier runs with one OpenBLAS/OpenMP thread: OpenBLAS's thread count is process-wide
 * and its pool competes with OpenMP's and Java's threads (on the 2-core development machine two
 * threads were measured slower than one), and the callers already parallelise over members.
 */
public enum NetworkTier {
    JAVA, NATIVE, AUTO;

    /** Native threads per evaluator (see the class comment). */
    static final int NATIVE_THREADS = 1;

    /**
     * An evaluator of {@code net} on this tier.
     *
     * @throws BackendUnavailableException for {@link #NATIVE} when the library cannot be loaded
     */
    public MlpEvaluator open(Mlp net, int capacity) {
        return switch (this) {
            case JAVA -> MlpEvaluator.java(net, capacity);
            case NATIVE -> MlpEvaluator.nativeCpu(net, capacity, NATIVE_THREADS);
            case AUTO -> MlpEvaluator.best(net, capacity, NATIVE_THREADS);
        };
    }

    /** Parses "java", "native" or "auto" (any case). */
    public static NetworkTier parse(String s) {
        for (NetworkTier t : values()) if (t.name().equalsIgnoreCase(s.trim())) return t;
        throw new IllegalArgumentException("network tier '" + s + "': must be java, native or auto");
    }
}
