package org.scorefdt.score.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    private static DsmScore model;

    @BeforeAll
    static void train() {
        double[] x = Fixtures.doubleWell(600, 0.7, 9);
        double[] xy = new double[600];
        for (int i = 0; i < 300; i++) {
            xy[2 * i] = x[2 * i];
            xy[2 * i + 1] = x[2 * i + 1] * 2 + 1; // a second, differently scaled component
        }
        model = new DsmTrainer(DsmConfig.builder().hiddenWidths(12, 7).activation(Activation.TANH).steps(60)
                .batchSize(32).evalEvery(20).seed(5).build()).train(xy, 300, 2, TrainingListener.NONE).model();
    }

    @Test
    void roundTripReproducesOutputsBitwise(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("net.sfdt");
        ModelFile.save(model, f);
        DsmScore back = ModelFile.load(f);
        assertArrayEquals(model.network().parameters(), back.network().parameters(), 0.0);
        assertArrayEquals(model.mean(), back.mean(), 0.0);
        assertArrayEquals(model.std(), back.std(), 0.0);
        assertEquals(model.schedule(), back.schedule());
        assertEquals(model.config(), back.config());
        assertEquals(Activation.TANH, back.network().activation());
        double[] y = {0.3, -1.1, 1.7, 2.5, -0.2, 0.9}, a = new double[6], b = new double[6];
        for (double sigma : new double[] {model.schedule().sigmaMin(), 0.3, model.schedule().sigmaMax()}) {
            model.score(y, sigma, a, 3);
            back.score(y, sigma, b, 3);
            for (int i = 0; i < 6; i++) assertEquals(Double.doubleToRawLongBits(a[i]), Double.doubleToRawLongBits(b[i]));
        }
        model.score(y, a, 3);
        back.score(y, b, 3);
        assertArrayEquals(a, b, 0.0);
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file left behind");
        }
    }

    /**
     * A Gaussian base travels in the header of a version-2 file and reads back bit for bit; a model
     * without one is still written as version 1, which builds from before the base read.
     */
    @Test
    void aGaussianBaseRoundTripsInVersionTwoAndAModelWithoutOneStaysVersionOne(@TempDir Path dir) throws IOException {
        assertTrue(model.base().isPresent(), "the builder's MLP default corrects a Gaussian base");
        Path f = dir.resolve("based.sfdt");
        ModelFile.save(model, f);
        assertEquals(ModelFile.VERSION, ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN).getInt(8));
        GaussianBase b = ModelFile.load(f).base().orElseThrow();
        assertEquals(model.base().get(), b);
        assertTrue(model.correction().isPresent(), "the trainer removes the remainder's linear moment");
        assertEquals(model.correction(), ModelFile.load(f).correction());
        assertEquals(DsmConfig.Base.GAUSSIAN, ModelFile.load(f).config().base());

        DsmConfig plain = model.config().toBuilder().base(DsmConfig.Base.NONE).build();
        DsmScore without = new DsmScore(model.network(), model.mean(), model.std(), model.schedule(), plain);
        Path g = dir.resolve("plain.sfdt");
        ModelFile.save(without, g);
        assertEquals(ModelFile.VERSION_WITHOUT_BASE, ByteBuffer.wrap(Files.readAllBytes(g)).order(ByteOrder.LITTLE_ENDIAN).getInt(8));
        assertTrue(ModelFile.load(g).base().isEmpty());
        double[] y = {0.3, -1.1}, a = new double[2], c = new double[2], base = new double[2];
        model.score(y, 0.2, a, 1);
        without.score(y, 0.2, c, 1);
        b.add(y, 0, 0.2, base, 0, 1, new double[4]);
        for (int i = 0; i < 2; i++) assertEquals(c[i] + base[i], a[i], 1e-12, "the base adds g(y, σ) to the network's net/σ");
    }

    /** A file written before the one key case (docs/formats.md): its header in camelCase reads to the same model. */
    @Test
    void aCamelCaseHeaderOfAnEarlierVersionStillReads(@TempDir Path dir) throws IOException {
        byte[] bytes = saved(dir);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int magic = 8, version = b.getInt(magic), headerBytes = b.getInt(magic + 4);
        String header = new String(bytes, magic + 8, headerBytes, java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(header.contains("\"hidden_widths\"") && !header.contains("hiddenWidths"), "written in snake_case: " + header);
        // every key as earlier versions spelled it: read_off_rule -> readOffRule
        String old = java.util.regex.Pattern.compile("\"([a-z][a-z0-9_]*)\":").matcher(header).replaceAll(m -> {
            String[] parts = m.group(1).split("_");
            StringBuilder k = new StringBuilder(parts[0]);
            for (int i = 1; i < parts.length; i++) k.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
            return "\"" + k + "\":";
        });
        assertTrue(old.contains("\"hiddenWidths\"") && old.contains("\"sigmaMin\"") && old.contains("\"readOffRule\""), old);
        byte[] payload = Arrays.copyOfRange(bytes, magic + 8 + headerBytes, bytes.length - 8);
        Path f = dir.resolve("camel.sfdt");
        Files.write(f, org.scorefdt.util.FramedFile.encode(Arrays.copyOf(bytes, magic), version,
                old.getBytes(java.nio.charset.StandardCharsets.UTF_8), payload));
        DsmScore back = ModelFile.load(f);
        assertEquals(model.config(), back.config());
        assertEquals(model.schedule(), back.schedule());
        assertArrayEquals(model.network().parameters(), back.network().parameters(), 0.0);
    }

    private static byte[] saved(Path dir) throws IOException {
        Path f = dir.resolve("ok.sfdt");
        ModelFile.save(model, f);
        return Files.readAllBytes(f);
    }

    private static String failure(Path dir, byte[] bytes) throws IOException {
        Path f = dir.resolve("bad.sfdt");
        Files.write(f, bytes);
        IOException e = assertThrows(IOException.class, () -> ModelFile.load(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        return e.getMessage();
    }

    @Test
    void wrongMagicIsNamed(@TempDir Path dir) throws IOException {
        byte[] b = saved(dir);
        b[0] = 'X';
        assertTrue(failure(dir, b).contains("not a ScoreFDT network file"));
        assertTrue(failure(dir, new byte[3]).contains("not a ScoreFDT network file"));
    }

    @Test
    void otherVersionIsNamed(@TempDir Path dir) throws IOException {
        byte[] b = saved(dir);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(8, ModelFile.VERSION + 1);
        String m = failure(dir, b);
        assertTrue(m.contains("format version " + (ModelFile.VERSION + 1))
                && m.contains("reads versions " + ModelFile.VERSION_WITHOUT_BASE + " and " + ModelFile.VERSION), m);
    }

    /** The header and payload of a saved file, and its frame's pieces. */
    private record Parts(byte[] magic, int version, String header, byte[] payload) {
        static Parts of(byte[] bytes) {
            int magic = 8;
            ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            int headerBytes = buf.getInt(magic + 4);
            return new Parts(Arrays.copyOf(bytes, magic), buf.getInt(magic),
                    new String(bytes, magic + 8, headerBytes, java.nio.charset.StandardCharsets.UTF_8),
                    Arrays.copyOfRange(bytes, magic + 8 + headerBytes, bytes.length - 8));
        }

        byte[] encode(int v, String h) {
            return org.scorefdt.util.FramedFile.encode(magic, v, h.getBytes(java.nio.charset.StandardCharsets.UTF_8), payload);
        }
    }

    /**
     * A file as builds before the base wrote it — version 1, no "gaussian_base", no "base" in its config —
     * reads as a network without base (config NONE) and scores as the same network; a version that
     * disagrees with the header's base is refused, since a version-1 reader would drop the base.
     */
    @Test
    void aVersionOneFileFromBeforeTheBaseReadsAndVersionsMustMatchTheBase(@TempDir Path dir) throws IOException {
        DsmConfig plain = model.config().toBuilder().base(DsmConfig.Base.NONE).build();
        DsmScore without = new DsmScore(model.network(), model.mean(), model.std(), model.schedule(), plain);
        Path f = dir.resolve("plain.sfdt");
        ModelFile.save(without, f);
        Parts p = Parts.of(Files.readAllBytes(f));
        assertEquals(ModelFile.VERSION_WITHOUT_BASE, p.version());
        String legacy = p.header().replace(",\"base\":\"NONE\"", "");
        assertTrue(!legacy.contains("\"base\"") && !legacy.contains("gaussian_base"), legacy);
        Path old = dir.resolve("old.sfdt");
        Files.write(old, p.encode(ModelFile.VERSION_WITHOUT_BASE, legacy));
        DsmScore back = ModelFile.load(old);
        assertEquals(DsmConfig.Base.NONE, back.config().base());
        assertTrue(back.base().isEmpty() && back.correction().isEmpty());
        double[] y = {0.3, -1.1, 1.7, 2.5}, a = new double[4], b = new double[4];
        without.score(y, a, 2);
        back.score(y, b, 2);
        assertArrayEquals(a, b, 0.0);

        // a version-1 file whose config says GAUSSIAN (builds between the base and the version check could write one)
        // holds no base: it reads as the plain network it is
        Path claims = dir.resolve("claims.sfdt");
        Files.write(claims, p.encode(ModelFile.VERSION_WITHOUT_BASE, p.header().replace("\"base\":\"NONE\"", "\"base\":\"GAUSSIAN\"")));
        DsmScore plainRead = ModelFile.load(claims);
        assertEquals(DsmConfig.Base.NONE, plainRead.config().base());
        plainRead.score(y, b, 2);
        assertArrayEquals(a, b, 0.0);

        assertTrue(failure(dir, p.encode(ModelFile.VERSION, p.header())).contains("version 2 lacks a gaussian_base"));
        Path based = dir.resolve("based.sfdt");
        ModelFile.save(model, based);
        Parts q = Parts.of(Files.readAllBytes(based));
        assertTrue(failure(dir, q.encode(ModelFile.VERSION_WITHOUT_BASE, q.header())).contains("version 1 holds a gaussian_base"));
    }

    @Test
    void truncationAndCorruptionAreNamed(@TempDir Path dir) throws IOException {
        byte[] b = saved(dir);
        for (int cut : new int[] {10, 20, b.length / 2, b.length - 1}) {
            assertTrue(failure(dir, Arrays.copyOf(b, cut)).contains("truncated"), "cut at " + cut);
        }
        byte[] flipped = b.clone();
        flipped[b.length - 20] ^= 1; // inside the weights
        assertTrue(failure(dir, flipped).contains("checksum"));
        assertTrue(failure(dir, Arrays.copyOf(b, b.length + 3)).contains("unexpected bytes"));
    }
}
