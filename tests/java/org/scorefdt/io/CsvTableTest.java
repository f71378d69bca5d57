package org.scorefdt.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableTest {
    @TempDir
    Path tmp;

    @Test
    void quotesPerRfc4180() throws IOException {
        CsvTable t = new CsvTable("method", "lag", "l2")
                .addRow("exact-score", 0, 0.5)
                .addRow("a,b", 1L, 1e-8)
                .addRow("say \"hi\"", 2, Double.NaN)
                .addRow("two\nlines", null, -1.0)
                .addRow(" padded", 3, 2.0);
        assertEquals("method,lag,l2\n"
                + "exact-score,0,0.5\n"
                + "\"a,b\",1,1.0E-8\n"
                + "\"say \"\"hi\"\"\",2,NaN\n"
                + "\"two\nlines\",,-1.0\n"
                + "\" padded\",3,2.0\n", t.toCsv());
        Path f = tmp.resolve("t.csv");
        t.write(f);
        assertEquals(t.toCsv(), Files.readString(f));
        assertEquals(5, t.rowCount());
    }

    @Test
    void numericRows() {
        assertEquals("a,b\n1.0,2.5\n", new CsvTable("a", "b").addNumbers(1.0, 2.5).toCsv());
        assertThrows(IllegalArgumentException.class, () -> new CsvTable("a", "b").addNumbers(1.0));
    }
}
