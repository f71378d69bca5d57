package org.scorefdt.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path tmp;

    @Test
    void doubleRoundTrip() throws IOException {
        double[] a = {1.5, -2.25, Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN, Double.NEGATIVE_INFINITY};
        Path f = tmp.resolve("a.npy");
        NpyWriter.write(f, a, 2, 3);
        NpyArray r = NpyReader.read(f);
        assertEquals("<f8", r.descr());
        assertArrayEquals(new long[] {2, 3}, r.shape());
        assertArrayEquals(a, r.doubles()); // bitwise equality incl. NaN
    }

    @Test
    void floatRoundTrip() throws IOException {
        float[] a = new float[3 * 4 * 5];
        for (int i = 0; i < a.length; i++) a[i] = i * 0.1f - 2;
        Path f = tmp.resolve("f.npy");
        NpyWriter.write(f, a, 3, 4, 5);
        NpyArray r = NpyReader.read(f);
        assertEquals("<f4", r.descr());
        assertArrayEquals(new long[] {3, 4, 5}, r.shape());
        assertArrayEquals(a, r.floats());
    }

    @Test
    void largeArrayCrossesStagingChunks() throws IOException {
        double[] a = new double[100_003];
        for (int i = 0; i < a.length; i++) a[i] = Math.sin(i);
        Path f = tmp.resolve("big.npy");
        NpyWriter.write(f, a);
        assertArrayEquals(a, NpyReader.read(f).doubles());
        assertEquals(NpyWriter.header("<f8", new long[] {a.length}).length + 8L * a.length, Files.size(f));
    }

    @Test
    void headerIsByteExact() throws IOException {
        Path f = tmp.resolve("h.npy");
        NpyWriter.write(f, new double[6], 2, 3);
        byte[] b = Files.readAllBytes(f);
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}, Arrays.copyOf(b, 8));
        int headerLen = ByteBuffer.wrap(b, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xFFFF;
        assertEquals(0, (10 + headerLen) % 64, "data must start on a 64-byte boundary");
        String header = new String(b, 10, headerLen, StandardCharsets.US_ASCII);
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }";
        assertEquals(dict + " ".repeat(headerLen - dict.length() - 1) + "\n", header);
        assertEquals(10 + headerLen + 6 * 8, b.length);
    }

    @Test
    void byteIdenticalToNumpy() throws IOException {
        NpyWriter.write(tmp.resolve("a.npy"), new double[] {0, 0.5, 1, 1.5, 2, 2.5}, 2, 3);
        NpyWriter.write(tmp.resolve("b.npy"), new float[] {-1.5f, -0.5f, 0.5f, 1.5f, 2.5f}, 5);
        NpyWriter.write(tmp.resolve("c.npy"), new double[] {7.25}, new long[0]);
        assertArrayEquals(golden("numpy-2x3-f8.npy"), Files.readAllBytes(tmp.resolve("a.npy")));
        assertArrayEquals(golden("numpy-5-f4.npy"), Files.readAllBytes(tmp.resolve("b.npy")));
        assertArrayEquals(golden("numpy-scalar-f8.npy"), Files.readAllBytes(tmp.resolve("c.npy")));
    }

    private static byte[] golden(String name) throws IOException {
        try (var in = NpyTest.class.getResourceAsStream(name)) {
            assertNotNull(in, "test resource " + name);
            return in.readAllBytes();
        }
    }

    @Test
    void shapeStrings() {
        assertEquals("(5,)", NpyWriter.shapeString(new long[] {5}));
        assertEquals("()", NpyWriter.shapeString(new long[] {}));
        assertEquals("(2, 3, 4)", NpyWriter.shapeString(new long[] {2, 3, 4}));
        for (long[] s : new long[][] {{}, {1}, {7}, {100, 32, 32}, {1, 2, 3, 4, 5, 6, 7, 8}}) {
            byte[] h = NpyWriter.header("<f8", s);
            assertEquals(0, h.length % 64);
            assertEquals('\n', h[h.length - 1]);
        }
    }

    @Test
    void scalarAndEmpty() throws IOException {
        Path f = tmp.resolve("s.npy");
        NpyWriter.write(f, new double[] {3.0}, new long[0]);
        NpyArray r = NpyReader.read(f);
        assertEquals(0, r.shape().length);
        assertEquals(3.0, r.doubles()[0]);
        NpyWriter.write(f, new double[0], 0, 4);
        assertEquals(0, NpyReader.read(f).size());
    }

    @Test
    void shapeMismatchRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NpyWriter.write(tmp.resolve("x.npy"), new double[5], 2, 3));
        assertTrue(e.getMessage().contains("6 elements but the array has 5"), e.getMessage());
        assertTrue(Files.notExists(tmp.resolve("x.npy")));
    }

    @Test
    void truncatedFilesRejectedClearly() throws IOException {
        Path f = tmp.resolve("t.npy");
        NpyWriter.write(f, new double[12], 3, 4);
        byte[] full = Files.readAllBytes(f);

        Files.write(f, Arrays.copyOf(full, full.length - 3));
        IOException e = assertThrows(IOException.class, () -> NpyReader.read(f));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("needs 96 data bytes, only 93"),
                e.getMessage());

        Files.write(f, Arrays.copyOf(full, 40));
        e = assertThrows(IOException.class, () -> NpyReader.read(f));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("header"), e.getMessage());

        Files.write(f, Arrays.copyOf(full, 5));
        assertTrue(assertThrows(IOException.class, () -> NpyReader.read(f)).getMessage().contains("truncated"));

        Files.write(f, "not numpy at all".getBytes(StandardCharsets.US_ASCII));
        assertTrue(assertThrows(IOException.class, () -> NpyReader.read(f)).getMessage().contains("bad magic"));
    }
}
