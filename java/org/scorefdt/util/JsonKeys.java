package org.scorefdt.util;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One key case for every JSON file the engine writes: snake_case, as the TOML configs spell their
 * keys ({@code save_every}) and report.json always did. Writers pass their trees through
 * {@link #snakeCase} (so a record serialised by Jackson, or a {@code put("noiseFloor")} anywhere,
 * lands as {@code noise_floor}); readers do the same with what they read, so files written before
 * the change, in camelCase, still read.
 *
 * <p>Only keys that are plain camelCase identifiers are renamed ({@code [a-z][A-Za-z0-9]*}): data keys
 * such as phase names ({@code gfdt: exact-score accumulator}) or {@code R_(4,0)} are left alone.
 */
public final class JsonKeys {
    private JsonKeys() {}

    private static final Pattern CAMEL = Pattern.compile("[a-z][a-z0-9]*[A-Z][A-Za-z0-9]*");

    /** {@code noiseFloor} → {@code noise_floor}, {@code tMin} → {@code t_min}; anything else unchanged. */
    public static String snake(String key) {
        if (!CAMEL.matcher(key).matches()) return key;
        StringBuilder sb = new StringBuilder(key.length() + 4);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isUpperCase(c)) sb.append('_').append(Character.toLowerCase(c));
            else sb.append(c);
        }
        return sb.toString();
    }

    /**
     * A copy of {@code node} with every object key in snake_case ({@link #snake}), recursively.
     *
     * @throws IllegalArgumentException when two keys of one object map to the same snake_case key
     */
    public static JsonNode snakeCase(JsonNode node) {
        if (node instanceof ObjectNode o) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = snake(e.getKey());
                if (out.has(key)) throw new IllegalArgumentException("JSON keys '" + e.getKey() + "' and '" + key + "' collide");
                out.set(key, snakeCase(e.getValue()));
            }
            return out;
        }
        if (node instanceof ArrayNode a) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode v : a) out.add(snakeCase(v));
            return out;
        }
        return node;
    }
}
