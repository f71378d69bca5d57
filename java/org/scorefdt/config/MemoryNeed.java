package org.scorefdt.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A lower bound on the Java heap a job needs: the largest of its array families, each blamed on the
 * config key that sizes it. Jobs and {@code config check} compare it with what the JVM may use before
 * anything is allocated, so a typo in {@code members} is a one-line error naming the key, not an
 * OutOfMemoryError minutes into a run.
 *
 * <p>Only arrays that every tier holds on the heap are counted (the members' states, one host copy of
 * the truth pairs' states, the training snapshots), and the bound is the largest of them, not their
 * sum, since the phases that hold them may run one after another; lag rings and device or off-heap
 * buffers are not counted. So the bound never refuses a run that fits.
 */
public final class MemoryNeed {

    /** One array (or family of arrays): its key, the key's value, its size in bytes and what it holds. */
    public record Term(String key, Object value, double bytes, String what) {}

    private final List<Term> terms = new ArrayList<>();

    /**
     * Adds an array family of {@code count × bytesEach} bytes blamed on {@code key}; products are in double so no size wraps.
     *
     * @return this, for chaining
     */
    public MemoryNeed add(String key, Object value, double count, double bytesEach, String what) {
        terms.add(new Term(key, value, count * bytesEach, what));
        return this;
    }

    /** The largest term, in bytes (0 without terms). */
    public double bytes() {
        return terms.stream().mapToDouble(Term::bytes).max().orElse(0);
    }

    /**
     * Refuses the job when its need exceeds {@code availableBytes}.
     *
     * @throws ConfigException naming the key of the largest term, its value, the need and the limit
     */
    public void check(long availableBytes) {
        if (bytes() <= availableBytes) return;
        Term worst = terms.stream().max(Comparator.comparingDouble(Term::bytes)).orElseThrow();
        throw ConfigException.invalid(worst.key(), worst.value(), "needs at least " + gib(worst.bytes()) + " of memory for "
                + worst.what() + ", more than the " + gib(availableBytes) + " this JVM may use; lower it or raise -Xmx");
    }

    /** Checks against the running JVM's {@code Runtime.maxMemory()}. */
    public void checkThisJvm() {
        check(Runtime.getRuntime().maxMemory());
    }

    /** Bytes as GiB with one decimal, for messages. */
    static String gib(double bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (1L << 30));
    }
}
