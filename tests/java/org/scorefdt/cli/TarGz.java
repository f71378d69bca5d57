package org.scorefdt.cli;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A gzip-compressed tar (ustar) of regular files, enough to keep the fuzz corpus as one small file
 * ({@code tar tzf} lists it, {@code tar xzf} unpacks it): the ~330 near-identical inputs compress
 * together to a few tens of KiB, where loose files would cost ~0.7 MiB of the size-limited tree.
 */
final class TarGz {
    private TarGz() {}

    private static final int BLOCK = 512;

    /** Writes {@code entries} (name → bytes, names ≤ 100 ASCII characters) in order, with fixed owner and time. */
    static void write(Path target, Map<String, byte[]> entries) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(target))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                byte[] header = new byte[BLOCK];
                byte[] name = e.getKey().getBytes(StandardCharsets.US_ASCII);
                if (name.length > 100) throw new IllegalArgumentException("name longer than 100 characters: " + e.getKey());
                System.arraycopy(name, 0, header, 0, name.length);
                octal(header, 100, 8, 0644);
                octal(header, 108, 8, 0);
                octal(header, 116, 8, 0);
                octal(header, 124, 12, e.getValue().length);
                octal(header, 136, 12, 0);
                header[156] = '0';
                System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 8);
                for (int i = 148; i < 156; i++) header[i] = ' ';
                long sum = 0;
                for (byte b : header) sum += b & 0xff;
                octal(header, 148, 7, sum);
                out.write(header);
                out.write(e.getValue());
                out.write(new byte[(BLOCK - e.getValue().length % BLOCK) % BLOCK]);
            }
            out.write(new byte[2 * BLOCK]);
        }
    }

    /** The regular files of {@code source}, name → bytes, in archive order. */
    static Map<String, byte[]> read(Path source) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(source)))) {
            byte[] header = new byte[BLOCK];
            while (true) {
                try {
                    in.readFully(header);
                } catch (EOFException e) {
                    break;
                }
                if (header[0] == 0) break; // the end-of-archive blocks
                int end = 0;
                while (end < 100 && header[end] != 0) end++;
                String name = new String(header, 0, end, StandardCharsets.US_ASCII);
                long size = Long.parseLong(new String(header, 124, 12, StandardCharsets.US_ASCII).trim().replace("\0", ""), 8);
                byte[] data = in.readNBytes((int) size);
                if (data.length != size) throw new EOFException(source + ": " + name + " is truncated");
                skip(in, (BLOCK - size % BLOCK) % BLOCK);
                if (header[156] == '0' || header[156] == 0) out.put(name, data);
            }
        }
        return out;
    }

    private static void skip(InputStream in, long n) throws IOException {
        if (in.readNBytes((int) n).length != n) throw new EOFException("truncated archive");
    }

    private static void octal(byte[] header, int at, int width, long value) {
        String s = Long.toOctalString(value);
        String padded = "0".repeat(Math.max(0, width - 1 - s.length())) + s;
        byte[] b = padded.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, header, at, b.length);
    }
}
