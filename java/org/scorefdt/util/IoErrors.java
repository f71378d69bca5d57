package org.scorefdt.util;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * I/O failures in words a user can act on. Java's exceptions name the wrong file (our hidden
 * temporary one) or none at all ({@code AccessDeniedException}'s message is the bare path; a full
 * disk says only "No space left on device"), so writers report the path the user gave plus
 * {@link #cause}, and the CLI prints {@link #describe} instead of an exception class.
 */
public final class IoErrors {
    private IoErrors() {}

    /** The cause alone, in lower-case words: "permission denied", "no space left on device", …. */
    public static String cause(IOException e) {
        if (e instanceof FileSystemException f) {
            String reason = f.getReason();
            if (reason != null && !reason.isBlank()) return lower(reason);
            if (e instanceof AccessDeniedException) return "permission denied";
            if (e instanceof NoSuchFileException) return "no such file or directory";
            if (e instanceof FileAlreadyExistsException) return "a file of that name exists";
            if (e instanceof NotDirectoryException) return "not a directory";
            if (e instanceof DirectoryNotEmptyException) return "directory not empty";
            return "file system error";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? "I/O error" : lower(m);
    }

    /**
     * The failure to write {@code target} (the path as the user gave it): "cannot write s.npy:
     * permission denied"; a missing parent directory is said as such.
     */
    public static IOException writing(Path target, IOException e) {
        Path parent = target.toAbsolutePath().getParent();
        String why = parent != null && !Files.isDirectory(parent) ? "directory " + parent + " does not exist" : cause(e);
        return new IOException("cannot write " + target + ": " + why, e);
    }

    /**
     * One line for any I/O exception: the file it concerns (when Java knows it) and the cause.
     * Messages our own code built (they already name the file) are kept as they are.
     */
    public static String describe(IOException e) {
        if (e instanceof FileSystemException f && f.getFile() != null) {
            String file = f.getOtherFile() == null ? f.getFile() : f.getFile() + " -> " + f.getOtherFile();
            return file + ": " + cause(e);
        }
        return e.getMessage() == null ? cause(e) : e.getMessage();
    }

    // "Read-only file system" → "read-only file system"; keeps acronyms and paths alone.
    private static String lower(String s) {
        return s.length() > 1 && Character.isUpperCase(s.charAt(0)) && Character.isLowerCase(s.charAt(1))
                ? s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1) : s;
    }
}
