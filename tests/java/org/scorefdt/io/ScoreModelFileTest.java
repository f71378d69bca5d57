package org.scorefdt.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.scorefdt.testing.AutoTiers;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scorefdt.score.KdeScore;
import org.scorefdt.score.KernelScoreInterpolator;
import org.scorefdt.score.KgmmScore;
import org.scorefdt.score.NoiseConditionalScore;
import org.scorefdt.score.QuasiGaussianScore;
import org.scorefdt.score.ScoreModel;
import org.scorefdt.score.nn.DsmConfig;
import org.scorefdt.score.nn.DsmScore;
import org.scorefdt.score.nn.DsmTrainer;
import org.scorefdt.score.nn.TrainingListener;

/** Every model type round-trips bit for bit; every kind of bad file is refused naming file and problem. */
class ScoreModelFileTest {
    @TempDir
    Path tmp;

    static double[] data(int n, int d, long seed) {
        Random r = new Random(seed);
        double[] x = new double[n * d];
        for (int i = 0; i < x.length; i++) x[i] = (i % d + 1) * r.nextGaussian() + (r.nextBoolean() ? 1 : -1) + 0.3 * (i % d);
        return x;
    }

    static double[] queries(int m, int d) {
        double[] q = new double[m * d];
        for (int i = 0; i < q.length; i++) q[i] = -3 + 6.0 * i / q.length;
        return q;
    }

    static void assertBitwise(ScoreModel a, ScoreModel b) {
        int d = a.dimension(), m = 257;
        assertEquals(d, b.dimension());
        double[] q = queries(m, d), sa = new double[m * d], sb = new double[m * d];
        a.score(q, sa, m);
        b.score(q, sb, m);
        for (int i = 0; i < sa.length; i++) {
            assertEquals(Double.doubleToRawLongBits(sa[i]), Double.doubleToRawLongBits(sb[i]), "value " + i + ": " + sa[i] + " vs " + sb[i]);
        }
    }

    @Test
    void kdeRoundTripsBitwise() throws IOException {
        int n = 500, d = 2;
        double[] x = data(n, d, 1);
        double h = 0.2718281828459045;
        Path f = tmp.resolve("kde.sfdt");
        ScoreModelFile.saveKde(f, x, n, d, h);
        ScoreModelFile.Loaded l = ScoreModelFile.load(f);
        assertEquals("kde", l.type());
        assertEquals(h, ((KdeScore) l.model()).bandwidth());
        try (KdeScore ref = KdeScore.of(x, n, d, h, AutoTiers.open(), 0)) {
            assertBitwise(ref, l.model());
        }
    }

    @Test
    void quasiGaussianRoundTripsBitwise() throws IOException {
        int n = 400, d = 3;
        double[] x = data(n, d, 2);
        QuasiGaussianScore.Fitter fit = new QuasiGaussianScore.Fitter(d);
        fit.add(x, n);
        Path f = tmp.resolve("qg.sfdt");
        ScoreModelFile.saveQuasiGaussian(f, fit.mean(), fit.covariance(), 1e-3);
        ScoreModelFile.Loaded l = ScoreModelFile.load(f);
        assertEquals("quasi-gaussian", l.type());
        assertEquals(1e-3, ((QuasiGaussianScore) l.model()).ridge());
        assertBitwise(fit.build(1e-3), l.model());
    }

    @Test
    void localPolynomialRoundTripsBitwise() throws IOException {
        int n = 400, d = 7;
        org.scorefdt.score.LocalPolynomialScore m = org.scorefdt.score.LocalPolynomialScore.fit(data(n, d, 4), n, d, 1, 3, 1e-8);
        Path f = tmp.resolve("poly.sfdt");
        ScoreModelFile.saveLocalPolynomial(f, m);
        ScoreModelFile.Loaded l = ScoreModelFile.load(f);
        assertEquals("local-polynomial", l.type());
        assertEquals(3, l.params().get("degree").asInt());
        assertBitwise(m, l.model());
    }

    @Test
    void kernelExponentialFamilyRoundTripsBitwiseWithItsChoice() throws IOException {
        int n = 2000, d = 2;
        org.scorefdt.score.KefScore m = org.scorefdt.score.KefScore.fit(data(n, d, 7), n, d);
        Path f = tmp.resolve("kef.sfdt");
        ScoreModelFile.saveKef(f, m);
        ScoreModelFile.Loaded l = ScoreModelFile.load(f);
        assertEquals("kef", l.type());
        assertEquals(m.width(), l.params().get("width").asDouble());
        assertBitwise(m, l.model());
        org.scorefdt.score.KefScore back = (org.scorefdt.score.KefScore) l.model();
        assertEquals(m.selection().orElseThrow().summary(), back.selection().orElseThrow().summary());
        double[] x = data(64, d, 8), a = new double[64], b = new double[64];
        m.divergence(x, a, 64);
        back.divergence(x, b, 64);
        assertArrayEquals(a, b, 0.0);
    }

    @Test
    void polynomialRoundTripsBitwiseWithItsChoice() throws IOException {
        int n = 1000, d = 2;
        org.scorefdt.score.PolynomialScore m = org.scorefdt.score.PolynomialScore.fit(data(n, d, 5), n, d);
        Path f = tmp.resolve("exp-family.sfdt");
        ScoreModelFile.savePolynomial(f, m);
        ScoreModelFile.Loaded l = ScoreModelFile.load(f);
        assertEquals("polynomial", l.type());
        assertEquals(m.degree(), l.params().get("degree").asInt());
        assertBitwise(m, l.model());
        org.scorefdt.score.PolynomialScore back = (org.scorefdt.score.PolynomialScore) l.model();
        assertEquals(m.selection().orElseThrow().summary(), back.selection().orElseThrow().summary());
        assertArrayEquals(m.selection().orElseThrow().loss(), back.selection().orElseThrow().loss(), 0);

        // θ stored in another monomial order than the exponents say is refused, not silently misread.
        ScoreModelFile.Contents c = ScoreModelFile.decode(f);
        double[] ex = c.arrays().get("exponents").data().clone();
        double t = ex[0];
        ex[0] = ex[1];
        ex[1] = t;
        Map<String, ScoreModelFile.Arr> arrays = new java.util.LinkedHashMap<>(c.arrays());
        arrays.put("exponents", new ScoreModelFile.Arr(ex, c.arrays().get("exponents").shape()));
        Path g = tmp.resolve("exp-family-swapped.sfdt");
        ScoreModelFile.frame(g, "polynomial", ScoreModelFile.VERSION, d, (ObjectNode) c.params(), arrays, new byte[0]);
        refused(g, "exponents", "graded order");
    }

    @Test
    void dsmRoundTripsBitwiseAtEveryNoiseLevel() throws IOException {
        int n = 300, d = 2;
        DsmConfig cfg = DsmConfig.builder().hiddenWidths(8, 8).steps(30).batchSize(32).warmupSteps(5).evalEvery(10).seed(3).build();
        DsmScore m = new DsmTrainer(cfg).train(data(n, d, 3), n, d, TrainingListener.NONE).model();
        Path f = tmp.resolve("dsm.sfdt");
        ScoreModelFile.saveDsm(f, m);
        ScoreModelFile.Loaded l = ScoreModelFile.load(f);
        assertEquals("dsm", l.type());
        assertBitwise(m, l.model());
        NoiseConditionalScore nc = (NoiseConditionalScore) l.model();
        double[] q = queries(64, d), a = new double[128], b = new double[128];
        m.score(q, 0.37, a, 64);
        nc.score(q, 0.37, b, 64);
        assertTrue(Arrays.equals(a, b));
        assertEquals(cfg, ((DsmScore) l.model()).config());
        assertEquals(1, Files.list(tmp).count(), "no temporary files left behind");
    }

    @Test
    void kgmmRoundTripsBitwise() throws IOException {
        int n = 600, d = 2;
        double[] x = data(n, d, 5);
        KgmmScore m = KgmmScore.fit(x, n, d, KgmmScore.Config.of(12, 0.3, 5).withTolerance(0.05, 2, 40));
        Path f = tmp.resolve("kgmm.sfdt");
        ScoreModelFile.saveKgmm(f, m);
        ScoreModelFile.Loaded l = ScoreModelFile.load(f);
        assertEquals("kgmm", l.type());
        KgmmScore r = (KgmmScore) l.model();
        assertBitwise(m, r);
        double[] q = queries(50, d), a = new double[50], b = new double[50];
        m.divergence(q, a, 50);
        r.divergence(q, b, 50);
        assertTrue(Arrays.equals(a, b));
        assertEquals(m.passes(), r.passes());
        assertEquals(m.converged(), r.converged());
        assertEquals(m.sigma(), r.sigma());

        KgmmScore fixed = KgmmScore.fit(x, n, d, KgmmScore.Config.of(12, 0.3, 5).withTolerance(0.05, 2, 40)
                .withInterpolator(KernelScoreInterpolator.withBandwidth(0.4)));
        ScoreModelFile.saveKgmm(f, fixed);
        assertBitwise(fixed, ScoreModelFile.load(f).model());
    }

    /** A KGMM file of an earlier version (keys and array names in camelCase, docs/formats.md) reads to the same model. */
    @Test
    void kgmmFileWithCamelCaseNamesOfAnEarlierVersionReads() throws IOException {
        int n = 600, d = 2;
        KgmmScore m = KgmmScore.fit(data(n, d, 5), n, d, KgmmScore.Config.of(12, 0.3, 5).withTolerance(0.05, 2, 40));
        Path f = tmp.resolve("kgmm-old.sfdt");
        ScoreModelFile.saveKgmm(f, m);
        String header = rewriteAsEarlierVersion(f);
        assertTrue(header.contains("\"standardErrors\"") && header.contains("\"clustersRequested\""), header);
        assertBitwise(m, ScoreModelFile.load(f).model());
    }

    /** Rewrites {@code f}'s header as versions before the one key case spelled it; returns the new header. */
    static String rewriteAsEarlierVersion(Path f) throws IOException {
        byte[] bytes = Files.readAllBytes(f);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int version = b.getInt(8), headerBytes = b.getInt(12);
        String header = new String(bytes, 16, headerBytes, java.nio.charset.StandardCharsets.UTF_8);
        String old = java.util.regex.Pattern.compile("\"([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\"").matcher(header).replaceAll(mt -> {
            String[] parts = mt.group(1).split("_");
            StringBuilder k = new StringBuilder(parts[0]);
            for (int i = 1; i < parts.length; i++) k.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
            return "\"" + k + "\"";
        });
        byte[] payload = Arrays.copyOfRange(bytes, 16 + headerBytes, bytes.length - 8);
        Files.write(f, org.scorefdt.util.FramedFile.encode(Arrays.copyOf(bytes, 8), version,
                old.getBytes(java.nio.charset.StandardCharsets.UTF_8), payload));
        return old;
    }

    private Path savedKde() throws IOException {
        Path f = tmp.resolve("m.sfdt");
        ScoreModelFile.saveKde(f, data(50, 1, 4), 50, 1, 0.3);
        return f;
    }

    private static IOException refused(Path f, String... fragments) {
        IOException e = assertThrows(IOException.class, () -> ScoreModelFile.load(f));
        assertTrue(e.getMessage().contains(f.toString()), "names the file: " + e.getMessage());
        for (String s : fragments) assertTrue(e.getMessage().contains(s), "'" + s + "' in: " + e.getMessage());
        return e;
    }

    @Test
    void fileOfAnotherVersionIsRefused() throws IOException {
        Path f = tmp.resolve("v2.sfdt");
        ScoreModelFile.frame(f, "kde", ScoreModelFile.VERSION + 1, 1, new ObjectMapper().createObjectNode().put("bandwidth", 0.3),
                Map.of("data", new ScoreModelFile.Arr(new double[] {1, 2, 3}, 3, 1)), new byte[0]);
        refused(f, "format version " + (ScoreModelFile.VERSION + 1), "reads version " + ScoreModelFile.VERSION, "newer");
    }

    @Test
    void truncatedFilesAreRefused() throws IOException {
        byte[] full = Files.readAllBytes(savedKde());
        for (int keep : new int[] {0, 5, 10, 14, 40, full.length - 100, full.length - 1}) {
            Path f = Files.write(tmp.resolve("cut" + keep + ".sfdt"), Arrays.copyOf(full, keep));
            String msg = refused(f).getMessage();
            assertTrue(msg.contains("truncated") || msg.contains("magic") || msg.contains("JSON"), keep + " bytes: " + msg);
        }
    }

    @Test
    void corruptionWrongMagicAndUnknownTypeAreRefused() throws IOException {
        byte[] full = Files.readAllBytes(savedKde());
        full[full.length - 30] ^= 1;
        refused(Files.write(tmp.resolve("flip.sfdt"), full), "checksum mismatch");

        Path npy = tmp.resolve("data.npy");
        NpyWriter.write(npy, new double[] {1, 2});
        refused(npy, "not a ScoreFDT score model file", "NPY");

        Path gmm = tmp.resolve("gmm.sfdt");
        ScoreModelFile.frame(gmm, "gmm", ScoreModelFile.VERSION, 1, new ObjectMapper().createObjectNode(), new LinkedHashMap<>(), new byte[0]);
        refused(gmm, "unknown model type 'gmm'", "kde");

        refused(tmp.resolve("absent.sfdt"), "no such file");
    }

    @Test
    void inconsistentContentsAreRefused() throws IOException {
        Path f = tmp.resolve("bad-h.sfdt");
        ObjectNode p = new ObjectMapper().createObjectNode().put("bandwidth", -1.0);
        ScoreModelFile.frame(f, "kde", ScoreModelFile.VERSION, 1, p, Map.of("data", new ScoreModelFile.Arr(new double[] {1, 2}, 2, 1)), new byte[0]);
        refused(f, "inconsistent contents", "bandwidth");

        Path g = tmp.resolve("bad-blob.sfdt");
        ScoreModelFile.frame(g, "dsm", ScoreModelFile.VERSION, 1, new ObjectMapper().createObjectNode(), Map.of(), new byte[] {1, 2, 3});
        refused(g, "embedded network");
    }

    @Test
    void versionFieldSitsAfterTheMagic() throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(savedKde())).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(ScoreModelFile.VERSION, b.getInt(8));
    }
}
