package org.scorefdt.util;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Strict reads of integers from a JSON header. Jackson's {@code asInt()} turns {@code 4294967297}
 * into 1, {@code 1.9} into 1 and {@code "1"} into 1, so a corrupt or hand-edited model file would
 * load as a different model; here an integer must be a JSON integer within its range, or the
 * reader gets a message to put in its own exception (which names the file).
 */
public final class JsonFields {
    private JsonFields() {}

    /** A field that is not what its reader needs; {@link #getMessage} says which and why. */
    public static final class Invalid extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    /**
     * {@code node}, named {@code field} in the message, as an integer in {@code [min, max]}.
     *
     * @throws Invalid when it is missing, not a JSON integer, or out of range
     */
    public static long integer(JsonNode node, String field, long min, long max) {
        if (node == null || node.isMissingNode() || node.isNull()) throw new Invalid(field + " is missing");
        if (!node.isIntegralNumber()) {
            throw new Invalid(field + " = " + abbreviate(node.toString()) + ": must be an integer" + range(min, max));
        }
        if (!node.canConvertToLong() || node.longValue() < min || node.longValue() > max) {
            throw new Invalid(field + " = " + abbreviate(node.toString()) + ": out of range; must be an integer" + range(min, max));
        }
        return node.longValue();
    }

    /** As {@link #integer} for an {@code int} field. */
    public static int integer(JsonNode node, String field, int min, int max) {
        return (int) integer(node, field, (long) min, (long) max);
    }

    /** An array of integers each in {@code [min, max]}. */
    public static int[] integers(JsonNode node, String field, int min, int max) {
        if (node == null || !node.isArray()) throw new Invalid(field + " must be an array of integers");
        int[] v = new int[node.size()];
        for (int i = 0; i < v.length; i++) v[i] = integer(node.get(i), field + "[" + i + "]", min, max);
        return v;
    }

    /** A number (integer or not); {@code NaN} and infinities are not JSON numbers, so this is finite. */
    public static double number(JsonNode node, String field) {
        if (node == null || !node.isNumber()) {
            throw new Invalid(field + (node == null || node.isMissingNode() ? " is missing" : " = " + abbreviate(node.toString())
                    + ": must be a number"));
        }
        return node.doubleValue();
    }

    private static String range(long min, long max) {
        if (max == Long.MAX_VALUE) return " >= " + min;
        return " in [" + min + ", " + max + "]";
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
