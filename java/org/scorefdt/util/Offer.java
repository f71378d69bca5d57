package org.scorefdt.util;

import java.util.Objects;

/**
 * A tier's answer when asked for an accelerated operation: the operation itself, "the requesting
 * type's own reference code runs it" (what the pure-Java tier answers), or the reason it is not
 * offered. Every tier answers every request with one of these three, so a caller never needs to
 * know which tier it talks to.
 *
 * @param <T> the operation's type
 */
public final class Offer<T> {
    private enum Kind { OFFERED, REFERENCE, DECLINED }

    private final Kind kind;
    private final T value;
    private final String reason;

    private Offer(Kind kind, T value, String reason) {
        this.kind = kind;
        this.value = value;
        this.reason = reason;
    }

    /** The tier runs the operation with {@code op}. */
    public static <T> Offer<T> of(T op) {
        return new Offer<>(Kind.OFFERED, Objects.requireNonNull(op, "op"), null);
    }

    /** The requesting type's own (Java reference) code runs the operation. */
    public static <T> Offer<T> reference() {
        return new Offer<>(Kind.REFERENCE, null, null);
    }

    /** The tier does not offer the operation, for this reason (one clause, no trailing period). */
    public static <T> Offer<T> declined(String reason) {
        if (reason == null || reason.isBlank()) throw new IllegalArgumentException("a declined offer needs a reason");
        return new Offer<>(Kind.DECLINED, null, reason);
    }

    /** Whether the tier supplied an operation object ({@link #value()}). */
    public boolean offered() {
        return kind == Kind.OFFERED;
    }

    /** Whether the requesting type's reference code is to run the operation. */
    public boolean byReference() {
        return kind == Kind.REFERENCE;
    }

    /** Whether the tier declined ({@link #reason()} says why). */
    public boolean declined() {
        return kind == Kind.DECLINED;
    }

    /** The operation, or null unless {@link #offered()}. */
    public T value() {
        return value;
    }

    /** Why the tier declined, or null unless {@link #declined()}. */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case OFFERED -> "offered " + value;
            case REFERENCE -> "reference code";
            case DECLINED -> "declined: " + reason;
        };
    }
}
