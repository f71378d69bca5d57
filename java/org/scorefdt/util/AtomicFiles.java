package org.scorefdt.util;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that readers see either the old content or the complete new one, never a prefix.
 *
 * <p>The bytes go to a hidden temporary file in the target's own directory (same file system, so
 * the rename cannot turn into a copy), are forced to disk, and the temp file is renamed over the
 * target with {@link StandardCopyOption#ATOMIC_MOVE}. A run killed mid-write therefore leaves at most
 * a stray {@code .NAME.*.tmp} file, never a truncated {@code .npy} that looks valid. On failure the
 * temporary file is deleted. All writers in {@code org.scorefdt.io} go through this class.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Body of a write: fill the stream; it is buffered, flushed and closed by the caller. */
    @FunctionalInterface
    public interface StreamWriter {
        /** Writes the content. */
        void write(OutputStream out) throws IOException;
    }

    /**
     * Atomically replaces {@code target} with what {@code body} writes. The parent directory must exist.
     *
     * @throws IOException if writing or renaming fails, naming {@code target} as given (never the
     *                     temporary file) and the cause in words ({@link IoErrors#writing}); {@code target}
     *                     is then unchanged
     */
    public static void write(Path target, StreamWriter body) throws IOException {
        try {
            writeOrThrow(target, body);
        } catch (IOException e) {
            throw IoErrors.writing(target, e);
        }
    }

    private static void writeOrThrow(Path target, StreamWriter body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                body.write(out);
                out.flush();
                ch.force(true); // durable before the rename makes it visible
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // Some file systems (e.g. certain network mounts) lack atomic rename; replacing is the best left.
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) Files.deleteIfExists(tmp);
        }
    }

    /** Atomically writes {@code bytes} to {@code target}. */
    public static void writeBytes(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /** Atomically writes {@code text} as UTF-8 to {@code target}. */
    public static void writeString(Path target, String text) throws IOException {
        writeBytes(target, text.getBytes(StandardCharsets.UTF_8));
    }
}
