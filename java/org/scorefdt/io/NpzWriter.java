package org.scorefdt.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.scorefdt.util.AtomicFiles;

/**
 * Packs a run's {@code .npy} files into one NumPy {@code .npz} archive ({@value #RESULTS}), so a run's
 * arrays load with one {@code numpy.load} (or NPZ.jl) call: a ZIP whose entries are the {@code .npy}
 * files byte for byte ({@link NpyWriter}'s encoding), named by their path relative to the run
 * directory ({@code times.npy}, {@code allen-cahn/times.npy}), so the keys are those names without
 * {@code .npy}. Entries are STORED, as {@code numpy.savez} writes them. The archive depends only on the
 * arrays: entries in sorted order, every timestamp 1980-01-01 00:00 (the earliest DOS time; no extended
 * time field), so identical runs, split or resumed, give identical archives. Written atomically.
 * Format: docs/formats.md §11.
 */
public final class NpzWriter {
    private NpzWriter() {}

    /** The archive's file name in a run directory. */
    public static final String RESULTS = "results.npz";

    private static final LocalDateTime EPOCH = LocalDateTime.of(1980, 1, 1, 0, 0);

    /**
     * Writes {@code target} holding every {@code .npy} file under {@code root} (sub-directories included).
     *
     * @return the number of arrays packed; with none, nothing is written and 0 returned
     * @throws IOException if a file cannot be read or the archive written
     */
    public static int pack(Path root, Path target) throws IOException {
        return pack(root, npyFiles(root), target);
    }

    /**
     * As {@link #pack(Path, Path)} for the named arrays only ('/'-separated paths relative to {@code root},
     * packed sorted), so files that are not the run's (a forced run's predecessors) stay out.
     */
    public static int pack(Path root, List<String> arrays, Path target) throws IOException {
        List<String> names = new ArrayList<>(arrays);
        names.sort(null);
        if (names.isEmpty()) return 0;
        AtomicFiles.write(target, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (String name : names) {
                Path f = root.resolve(name);
                ZipEntry e = new ZipEntry(name);
                e.setMethod(ZipEntry.STORED); // STORED needs size and CRC before the data
                e.setSize(Files.size(f));
                e.setCompressedSize(Files.size(f));
                e.setCrc(crc(f));
                e.setTimeLocal(EPOCH);
                zip.putNextEntry(e);
                Files.copy(f, zip);
                zip.closeEntry();
            }
            zip.finish(); // AtomicFiles closes the stream
        });
        return names.size();
    }

    /** Relative paths ('/'-separated) of every regular {@code .npy} file under {@code root}, sorted. */
    static List<String> npyFiles(Path root) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (!Files.isRegularFile(f) || !f.getFileName().toString().endsWith(".npy")) continue;
                names.add(root.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "/"));
            }
        }
        names.sort(null);
        return names;
    }

    private static long crc(Path f) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(f)) {
            for (int k; (k = in.read(buf)) > 0; ) crc.update(buf, 0, k);
        }
        return crc.getValue();
    }
}
