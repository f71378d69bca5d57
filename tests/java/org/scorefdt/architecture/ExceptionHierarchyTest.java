package org.scorefdt.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.scorefdt.ScoreFdtException;
import org.scorefdt.config.ConfigException;

/**
 * One exception hierarchy (docs/architecture.md §8): every exception class compiled from
 * {@code java/} extends {@link ScoreFdtException}, except the two argument checks that stay
 * {@link IllegalArgumentException}s for the {@code catch} sites that rely on it.
 */
class ExceptionHierarchyTest {
    /** Exceptions deliberately outside the base, with the JDK type they must keep. */
    private static final Map<String, Class<?>> OUTSIDE = Map.of(
            "org.scorefdt.util.JsonFields$Invalid", IllegalArgumentException.class,
            "org.scorefdt.score.Cholesky$NotPositiveDefiniteException", IllegalArgumentException.class);

    @Test
    void everyProjectExceptionExtendsTheBase() {
        List<Class<?>> throwables = MainClasses.load().stream().filter(Throwable.class::isAssignableFrom).toList();
        TreeSet<String> names = new TreeSet<>(), wrong = new TreeSet<>();
        for (Class<?> c : throwables) {
            names.add(c.getName());
            Class<?> keep = OUTSIDE.get(c.getName());
            boolean ok = keep != null ? keep.isAssignableFrom(c) && !ScoreFdtException.class.isAssignableFrom(c)
                    : ScoreFdtException.class.isAssignableFrom(c);
            if (!ok) wrong.add(c.getName() + " extends " + c.getSuperclass().getName());
        }
        // The scan must see the known exceptions, or it proves nothing.
        for (String known : List.of("org.scorefdt.config.ConfigException", "org.scorefdt.io.ResumeException",
                "org.scorefdt.io.OutputExistsException", "org.scorefdt.ensemble.SimulationDivergedException",
                "org.scorefdt.backend.BackendUnavailableException", "org.scorefdt.backend.cuda.runtime.CudaException",
                "org.scorefdt.throughput.WorkloadUnavailableException")) {
            assertTrue(names.contains(known), "the scan of target/classes did not find " + known + ": " + names);
        }
        assertTrue(names.containsAll(OUTSIDE.keySet()), "listed as outside the base but gone: " + OUTSIDE.keySet() + " vs " + names);
        assertTrue(wrong.isEmpty(), "exceptions outside the ScoreFdtException hierarchy:\n  " + String.join("\n  ", wrong));
    }

    @Test
    void theBaseIsUncheckedAndOnlySubclassed() {
        assertTrue(RuntimeException.class.isAssignableFrom(ScoreFdtException.class));
        assertTrue(Modifier.isAbstract(ScoreFdtException.class.getModifiers()));
        // A subclass keeps its own message and accessors: caught as the base, it still says what went wrong.
        ScoreFdtException e = ConfigException.invalid("ensemble.dt", -0.1, "must be > 0");
        assertEquals("key 'ensemble.dt' = -0.1: must be > 0", e.getMessage());
    }
}
