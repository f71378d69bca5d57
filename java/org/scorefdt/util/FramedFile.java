package org.scorefdt.util;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The frame every binary model file shares (little-endian): magic, version, header length, UTF-8
 * JSON header, payload, CRC-32. Decoding checks magic, version, header, payload length and checksum
 * in that order and names the file and the problem. Layout: docs/formats.md §1.
 */
public final class FramedFile {
    private FramedFile() {}

    /** The decoded header and the payload (little-endian, positioned at its first byte). */
    public record Frame(JsonNode header, ByteBuffer payload) {}

    /** What one kind of file expects: its magic, version, and how long the header says the payload is. */
    public interface Kind {
        byte[] magic();

        int version();

        /** Whether this build reads files of {@code version} (by default only {@link #version()}). */
        default boolean reads(int version) {
            return version == version();
        }

        /** The versions {@link #reads} accepts, for messages ("version 2", "versions 1 and 2"). */
        default String versionsRead() {
            return "version " + version();
        }

        /** One line for a file whose magic differs (e.g. "not a ScoreFDT network file"). */
        String notThisKind(byte[] bytes);

        /** Payload bytes announced by the header; throws {@link #problem} naming a missing or bad field. */
        long payloadBytes(Path file, JsonNode header) throws IOException;

        /** The exception for a problem with {@code file}. */
        IOException problem(Path file, String what);
    }

    /** The framed bytes of one file. */
    public static byte[] encode(Kind kind, byte[] header, byte[] payload) {
        return encode(kind.magic(), kind.version(), header, payload);
    }

    /** As {@link #encode(Kind, byte[], byte[])} with any version (tests write files of other versions). */
    public static byte[] encode(byte[] magic, int version, byte[] header, byte[] payload) {
        long total = magic.length + 8L + header.length + payload.length + 8;
        if (total > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("model too large for one file: " + total + " bytes");
        ByteBuffer buf = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(magic).putInt(version).putInt(header.length).put(header).put(payload);
        CRC32 crc = new CRC32();
        crc.update(buf.array(), 0, buf.position());
        buf.putLong(crc.getValue());
        return buf.array();
    }

    /** Files larger than this are not model files of this engine (a frame's bytes are one Java array). */
    public static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 16;

    /** The bytes of {@code file}; a missing, unreadable or oversized file is {@code problem}'s exception. */
    public static byte[] readAll(Path file, java.util.function.BiFunction<Path, String, IOException> problem) throws IOException {
        try {
            if (java.nio.file.Files.isDirectory(file)) throw problem.apply(file, "is a directory");
            long size = java.nio.file.Files.size(file);
            if (size > MAX_FILE_BYTES) throw problem.apply(file, size + " bytes, larger than any model file (" + MAX_FILE_BYTES + ")");
            return java.nio.file.Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw problem.apply(file, "no such file");
        } catch (java.nio.file.FileSystemException e) {
            throw problem.apply(file, "cannot read: " + IoErrors.cause(e));
        }
    }

    /** Checks and opens the frame of {@code bytes}, read from {@code file}. */
    public static Frame decode(Path file, byte[] bytes, Kind kind, ObjectMapper json) throws IOException {
        byte[] magic = kind.magic();
        if (bytes.length < magic.length || !Arrays.equals(Arrays.copyOf(bytes, magic.length), magic)) {
            throw kind.problem(file, kind.notThisKind(bytes));
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.position(magic.length);
        if (buf.remaining() < 8) throw kind.problem(file, "truncated: " + bytes.length + " bytes end inside the fixed header");
        int version = buf.getInt();
        if (!kind.reads(version)) {
            throw kind.problem(file, "format version " + version + ", but this build reads " + kind.versionsRead()
                    + (version > kind.version() ? " (written by a newer ScoreFDT; upgrade)"
                            : " (written by an older ScoreFDT; retrain or convert it)"));
        }
        int headerBytes = buf.getInt();
        if (headerBytes < 0 || headerBytes > buf.remaining()) {
            throw kind.problem(file, "truncated: header of " + headerBytes + " bytes, only " + buf.remaining() + " bytes left");
        }
        JsonNode header;
        try {
            // one key case (JsonKeys): headers written in camelCase before still read
            header = JsonKeys.snakeCase(json.readTree(new String(bytes, buf.position(), headerBytes, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw kind.problem(file, "header is not valid JSON: " + e.getMessage());
        } catch (IllegalArgumentException e) { // two keys that name one field (JsonKeys)
            throw kind.problem(file, "header: " + e.getMessage());
        }
        int start = buf.position() + headerBytes;
        long payload = kind.payloadBytes(file, header);
        if (payload < 0 || payload > bytes.length) { // also keeps the sum below from overflowing
            throw kind.problem(file, "truncated: " + bytes.length + " bytes, the header announces a payload of " + payload);
        }
        long expected = start + payload + 8;
        if (bytes.length < expected) {
            throw kind.problem(file, "truncated: " + bytes.length + " bytes, the header announces " + expected);
        }
        if (bytes.length > expected) throw kind.problem(file, (bytes.length - expected) + " unexpected bytes after the checksum");
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, (int) (expected - 8));
        if (buf.getLong((int) (expected - 8)) != crc.getValue()) throw kind.problem(file, "checksum mismatch: the file is corrupt");
        ByteBuffer body = ByteBuffer.wrap(bytes, start, (int) payload).slice().order(ByteOrder.LITTLE_ENDIAN);
        return new Frame(header, body);
    }
}
