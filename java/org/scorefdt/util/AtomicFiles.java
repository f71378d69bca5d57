package org.scorefdt.util;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that readers see either the old content or the complete new one, never a prefix.
 *
 * <p>The bytes go to a hidden temporary file in the target's own directory (same file system, so
 * the rename cannot turn into a copy), are forced to disk, and the temp file is renamed over the
 * target with {@link StandardCopyOption#ATOMIC_MOVE}. A run killed mid-write therefore leaves at most
 * a stray {@code .NAME.*.tmp} file, never a truncated {@code .npy} that looks valid. On failure the
 * temporary file is deleted. All writers in {@code org.scorefdt.io} go through this class.
 *
 * <p>The result has the mode a plain {@code new FileOutputStream} would give it: a new file 0666 less
 * the process's umask, a replaced file its old permissions.
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
        Path tmp = createTemp(dir, abs.getFileName().toString());
        boolean moved = false;
        try {
            keepModeOf(abs, tmp);
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

    /**
     * A new empty file {@code .NAME.RANDOM.tmp} in {@code dir}. Not {@link Files#createTempFile}: that
     * makes mode 0600 whatever the umask, so every output would be private to its owner. A plain
     * {@link Files#createFile} gets what {@code new FileOutputStream} would give (0666 less the umask,
     * and the directory's default ACL where it has one); the random name and {@code CREATE_NEW} keep
     * it unique.
     */
    private static Path createTemp(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) throw e; // not a name clash any more: something else is wrong
            }
        }
    }

    /**
     * Gives {@code tmp} the permissions of the file it replaces, as writing into an existing file would
     * keep them; a new target keeps {@code tmp}'s umask-derived mode. No-op without POSIX attributes.
     */
    private static void keepModeOf(Path target, Path tmp) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(target, PosixFileAttributeView.class);
        if (view == null) return;
        Set<PosixFilePermission> mode;
        try {
            mode = view.readAttributes().permissions();
        } catch (NoSuchFileException e) {
            return;
        }
        Files.setPosixFilePermissions(tmp, mode);
    }

    /** Atomically writes {@code bytes} to {@code target}. */
    public static void writeBytes(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /** Atomically writes {@code text} as UTF-8 to {@code target}. */
    public static void writeString(Path target, String text) throws IOException {
        writeBytes(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Deletes {@code root} and everything below it, deepest first; nothing when it does not exist
     * (a fresh run clearing an earlier run's pieces, a task's temporary directory).
     *
     * @throws IOException when an entry cannot be deleted
     */
    public static void deleteTree(Path root) throws IOException {
        if (!java.nio.file.Files.exists(root)) return;
        try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) java.nio.file.Files.delete(p);
        }
    }
}
