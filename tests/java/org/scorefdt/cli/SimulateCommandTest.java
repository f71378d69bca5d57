package org.scorefdt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scorefdt.io.NpyArray;
import org.scorefdt.io.NpyReader;

class SimulateCommandTest {
    @TempDir
    Path tmp;

    final StringWriter err = new StringWriter();

    int run(String... args) {
        var cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void writesSnapshotsWithTheRequestedShape() throws IOException {
        Path out = tmp.resolve("dw.npy");
        assertEquals(0, run("simulate", "--system", "double-well", "--members", "16", "--spinup", "5", "--duration", "10",
                "--snapshot-every", "0.5", "-o", out.toString()), err.toString());
        NpyArray a = NpyReader.read(out);
        assertEquals(16L * 21, a.shape()[0]);
        assertEquals(1L, a.shape()[1]);
        for (double v : a.doubles()) assertTrue(Math.abs(v) < 3, "double-well states stay near the wells: " + v);
    }

    /** Navier–Stokes snapshots hold ζ only (N² = 1024 columns, not the 349 hidden phases), starting from sin 3x·sin 3y. */
    @Test
    void navierStokesWritesTheObservedFieldOnly() throws IOException {
        Path out = tmp.resolve("ns.npy");
        assertEquals(0, run("simulate", "--system", "navier-stokes", "--members", "2", "--spinup", "0", "--duration", "0.125",
                "--snapshot-every", "0.0625", "-o", out.toString()), err.toString());
        NpyArray a = NpyReader.read(out);
        assertEquals(2L * 3, a.shape()[0]);
        assertEquals(1024L, a.shape()[1]);
        double h = 2 * Math.PI / 32;
        for (int i = 0; i < 1024; i++) {  // save 0 (no spin-up) is the initial field of member 0
            assertEquals(Math.sin(3 * h * (i % 32)) * Math.sin(3 * h * (i / 32)), a.doubles()[i], 1e-15);
        }
        assertEquals(2, run("respond", "--system", "navier-stokes", "--model", out.toString(), "-o", tmp.resolve("r").toString()));
        assertTrue(err.toString().contains("hidden"), err.toString());
    }

    @Test
    void badInputIsAUsageError() throws IOException {
        assertEquals(2, run("simulate", "--system", "lorenz63", "-o", tmp.resolve("x.npy").toString()));
        assertTrue(err.toString().contains("double-well"), err.toString());
        Path existing = Files.writeString(tmp.resolve("e.npy"), "keep");
        assertEquals(2, run("simulate", "--system", "double-well", "-o", existing.toString()));
        assertEquals("keep", Files.readString(existing));
        assertEquals(2, run("simulate", "--system", "double-well", "--snapshot-every", "0.001", "-o", tmp.resolve("y.npy").toString()));
    }
}
