package org.scorefdt.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A lower bound on the memory a job holds at once, term by term, each term blamed on the config key
 * that sizes it. Jobs and {@code config check} compare it with what the JVM may use before anything
 * is allocated, so a typo in {@code members} is a one-line error naming the key, not an
 * OutOfMemoryError minutes into a run.
 *
 * <p>Only arrays whose size follows from the config alone are counted (ensemble states, lag rings,
 * truth pairs, training snapshots); workspaces that depend on the backend are not, so the bound
 * never refuses a run that fits.
 */
public final class MemoryNeed {

    /** One array (or family of arrays): its key, the key's value, its size in bytes and what it holds. */
    public record Term(String key, Object value, double bytes, String what) {}

    private final List<Term> terms = new ArrayList<>();

    /**
     * Adds {@code count × bytesEach} bytes blamed on {@code key}; products are in double so no size wraps.
     *
     * @return this, for chaining
     */
    public MemoryNeed add(String key, Object value, double count, double bytesEach, String what) {
        terms.add(new Term(key, value, count * bytesEach, what));
        return this;
    }

    /** The terms, in the order added. */
    public List<Term> terms() {
        return List.copyOf(terms);
    }

    /** Sum of the terms, in bytes. */
    public double bytes() {
        return terms.stream().mapToDouble(Term::bytes).sum();
    }

    /**
     * Refuses the job when its need exceeds {@code availableBytes}.
     *
     * @throws ConfigException naming the key of the largest term, its value, the need and the limit
     */
    public void check(long availableBytes) {
        double need = bytes();
        if (need <= availableBytes) return;
        Term worst = terms.stream().max(Comparator.comparingDouble(Term::bytes)).orElseThrow();
        throw ConfigException.invalid(worst.key(), worst.value(), "needs at least " + gib(need) + " of memory (" + gib(worst.bytes())
                + " for " + worst.what() + "), more than the " + gib(availableBytes) + " this JVM may use; lower it or raise -Xmx");
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
