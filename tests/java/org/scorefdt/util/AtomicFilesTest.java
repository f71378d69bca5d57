package org.scorefdt.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.scorefdt.io.JsonReport;
import org.scorefdt.io.CsvTable;
import org.scorefdt.io.NpyWriter;
import java.io.IOException;
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
        assertEquals("disk full", e.getMessage());
        assertEquals("old", Files.readString(f));
        assertEquals(List.of("b.txt"), names());
    }

    @Test
    void writersGoThroughIt() throws IOException {
        NpyWriter.write(tmp.resolve("x.npy"), new double[] {1, 2});
        new CsvTable("a").addNumbers(1.0).write(tmp.resolve("x.csv"));
        JsonReport.write(tmp.resolve("x.json"), JsonReport.newObject().put("k", 1));
        assertEquals(List.of("x.csv", "x.json", "x.npy"), names());
    }
}
