package org.scorefdt.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {
    @TempDir
    Path tmp;

    /** results.npz holds the arrays this run wrote, not those an earlier run left in a directory reused with --force. */
    @Test
    void resultsArchiveHoldsOnlyThisRunsArrays(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("run");
        Files.createDirectories(dir);
        NpyWriter.write(dir.resolve("stale.npy"), new double[] {1, 2}, 2);
        RunDirectory run = RunDirectory.create(dir, true);
        NpyWriter.write(run.npy("fresh"), new double[] {3, 4, 5}, 3);
        run.finish(RunManifest.builder(), true, null);
        try (var zip = new java.util.zip.ZipFile(dir.resolve(NpzWriter.RESULTS).toFile())) {
            assertEquals(java.util.List.of("fresh.npy"), zip.stream().map(java.util.zip.ZipEntry::getName).toList());
        }
    }

    @Test
    void createsAndTracksCompletion() throws IOException {
        RunDirectory d = RunDirectory.create(tmp.resolve("run/a"), false);
        JsonNode s = JsonReport.read(d.status());
        assertFalse(s.get("complete").asBoolean());
        d.markIncomplete("killed");
        assertEquals("killed", JsonReport.read(d.status()).get("reason").asText());
        d.markComplete();
        s = JsonReport.read(d.status());
        assertTrue(s.get("complete").asBoolean());
        assertFalse(s.has("reason"));
    }

    @Test
    void refusesNonEmptyDirectoryWithoutForce() throws IOException {
        Path dir = tmp.resolve("old");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("result.npy"), "precious");
        OutputExistsException e = assertThrows(OutputExistsException.class, () -> RunDirectory.create(dir, false));
        assertTrue(e.getMessage().contains("--force") && e.getMessage().contains(dir.toString()), e.getMessage());
        assertEquals("precious", Files.readString(dir.resolve("result.npy")));
        assertFalse(Files.exists(dir.resolve(RunDirectory.STATUS)));

        RunDirectory d = RunDirectory.create(dir, true); // force: allowed, but deletes nothing
        assertEquals("precious", Files.readString(dir.resolve("result.npy")));
        assertTrue(Files.exists(d.status()));
    }

    @Test
    void emptyExistingDirectoryIsFine() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("empty"));
        assertEquals(dir, RunDirectory.create(dir, false).root());
    }

    @Test
    void fileInTheWay() throws IOException {
        Path f = Files.writeString(tmp.resolve("file"), "x");
        assertThrows(OutputExistsException.class, () -> RunDirectory.create(f, true));
    }

    @Test
    void artifactPaths() {
        RunDirectory d = RunDirectory.create(tmp.resolve("r"), false);
        assertEquals(tmp.resolve("r/response/exact.npy"), d.npy("response/exact"));
        assertTrue(Files.isDirectory(tmp.resolve("r/response")));
        assertEquals(tmp.resolve("r/errors.csv"), d.csv("errors"));
        assertEquals(tmp.resolve("r/manifest.json"), d.manifest());
        assertThrows(IllegalArgumentException.class, () -> d.path("../escape.txt"));
    }

    @Test
    void finishWritesTheManifestThenTheStatus() throws IOException {
        RunDirectory d = RunDirectory.create(tmp.resolve("done"), false);
        d.finish(RunManifest.builder().seed(7), true, null);
        RunManifest m = RunManifest.read(d.manifest());
        assertTrue(m.complete());
        assertEquals(7, m.seed());
        assertTrue(JsonReport.read(d.status()).get("complete").asBoolean());

        RunDirectory p = RunDirectory.create(tmp.resolve("partial"), false);
        p.finish(RunManifest.builder(), false, "member 3 diverged at step 12");
        assertEquals("member 3 diverged at step 12", RunManifest.read(p.manifest()).incompleteReason());
        JsonNode s = JsonReport.read(p.status());
        assertFalse(s.get("complete").asBoolean());
        assertEquals("member 3 diverged at step 12", s.get("reason").asText());
    }

    @Test
    void failRecordsTheReasonAndNeverThrows() throws IOException {
        RunDirectory d = RunDirectory.create(tmp.resolve("failed"), false);
        RuntimeException e = new IllegalStateException("out of memory in the truth");
        d.fail(RunManifest.builder(), e);
        assertFalse(RunManifest.read(d.manifest()).complete());
        assertEquals("out of memory in the truth", JsonReport.read(d.status()).get("reason").asText());
        assertEquals(0, e.getSuppressed().length);

        // Without a manifest (a job that writes its own), only status.json; a directory gone since
        // creation gives suppressed errors on the original exception, not a new one.
        RunDirectory gone = RunDirectory.create(tmp.resolve("gone"), false);
        Files.delete(gone.status());
        Files.delete(gone.root());
        RuntimeException e2 = new IllegalStateException("stopped");
        gone.fail(RunManifest.builder(), e2);
        assertTrue(e2.getSuppressed().length >= 1);
    }
}
