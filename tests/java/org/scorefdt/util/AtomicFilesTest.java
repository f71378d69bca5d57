package org.scorefdt.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.scorefdt.io.JsonReport;
import org.scorefdt.io.CsvTable;
import org.scorefdt.io.NpyWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path tmp;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writeLeavesOnlyTheTarget() throws IOException {
        Path f = tmp.resolve("a.txt");
        AtomicFiles.writeString(f, "one");
        AtomicFiles.writeString(f, "two"); // replace
        assertEquals("two", Files.readString(f));
        assertEquals(List.of("a.txt"), names());
    }

    @Test
    void failedWriteKeepsOldContentAndNoTemp() throws IOException {
        Path f = tmp.resolve("b.txt");
        AtomicFiles.writeString(f, "old");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write("partial".getBytes());
            throw new IOException("disk full");
        }));
        assertEquals("cannot write " + f + ": disk full", e.getMessage()); // the user's path, never the temp file
        assertEquals("old", Files.readString(f));
        assertEquals(List.of("b.txt"), names());
    }

    @Test
    void failuresNameTheTargetAndTheCauseInWords() {
        Path f = tmp.resolve("no-such-dir").resolve("s.npy");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeString(f, "x"));
        assertEquals("cannot write " + f + ": directory " + f.getParent() + " does not exist", e.getMessage());
        Path g = tmp.resolve("c.txt");
        e = assertThrows(IOException.class, () -> AtomicFiles.write(g, out -> {
            throw new java.nio.file.FileSystemException(tmp.resolve(".c.txt.123.tmp").toString(), null, "No space left on device");
        }));
        assertEquals("cannot write " + g + ": no space left on device", e.getMessage());
        assertEquals("permission denied", IoErrors.cause(new java.nio.file.AccessDeniedException("/x/.s.npy.1.tmp")));
        assertEquals("read-only file system", IoErrors.cause(new java.nio.file.FileSystemException("/x", null, "Read-only file system")));
    }

    @Test
    void writersGoThroughIt() throws IOException {
        NpyWriter.write(tmp.resolve("x.npy"), new double[] {1, 2});
        new CsvTable("a").addNumbers(1.0).write(tmp.resolve("x.csv"));
        JsonReport.write(tmp.resolve("x.json"), JsonReport.newObject().put("k", 1));
        assertEquals(List.of("x.csv", "x.json", "x.npy"), names());
    }

    /** A new output gets the mode {@code new FileOutputStream} gives (0666 less the umask), not createTempFile's 0600. */
    @Test
    void newFileGetsTheUmaskMode() throws IOException {
        assumeTrue(Files.getFileAttributeView(tmp, PosixFileAttributeView.class) != null, "POSIX file system");
        Path reference = tmp.resolve("plain.bin");
        try (FileOutputStream out = new FileOutputStream(reference.toFile())) {
            out.write(1);
        }
        Path f = tmp.resolve("atomic.bin");
        AtomicFiles.writeBytes(f, new byte[] {1});
        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(reference)),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        NpyWriter.write(tmp.resolve("x.npy"), new double[] {1, 2}); // the io writers go through it too
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(tmp.resolve("x.npy")));
    }

    /** Replacing a file keeps its permissions, as writing into it in place would. */
    @Test
    void replacedFileKeepsItsMode() throws IOException {
        assumeTrue(Files.getFileAttributeView(tmp, PosixFileAttributeView.class) != null, "POSIX file system");
        Path f = tmp.resolve("kept.txt");
        AtomicFiles.writeString(f, "one");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        AtomicFiles.writeString(f, "two");
        assertEquals("two", Files.readString(f));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }
}
