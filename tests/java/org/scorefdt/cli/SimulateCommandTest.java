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
