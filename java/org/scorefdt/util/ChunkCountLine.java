package org.scorefdt.util;

import java.util.OptionalInt;

/**
 * The {@code # checkpoint_chunks = N} line a checkpointed run appends to its recorded config (the
 * {@code ou} and {@code reproduce} checkpoints): a TOML comment, so the record still parses as the
 * config, and the chunk count a resume must repeat.
 */
public final class ChunkCountLine {
    private static final String PREFIX = "# checkpoint_chunks = ";

    private ChunkCountLine() {}

    /** The line for {@code chunks}, newline included. */
    public static String of(int chunks) {
        return PREFIX + chunks + "\n";
    }

    /**
     * The count on the first such line of {@code text}, empty when there is none.
     *
     * @throws NumberFormatException when the line holds no integer
     */
    public static OptionalInt in(String text) {
        return text.lines().filter(l -> l.startsWith(PREFIX)).mapToInt(l -> Integer.parseInt(l.substring(PREFIX.length()).trim())).findFirst();
    }
}
