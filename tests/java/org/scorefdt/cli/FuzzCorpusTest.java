package org.scorefdt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.scorefdt.io.NpyWriter;

/**
 * Malformed input from a hostile but realistic user (issue 15): configs, NPY files, model files and
 * flags, kept as files under tests/resources/fuzz (inputs in files/, one case per line in cases.jsonl),
 * each generated from a table of mutations of a valid input (regenerate with {@code -Dscorefdt.fuzz=write}). Every case must end with its exit
 * code (2 for bad input, 1 for a run that failed), exactly one {@code error:} line naming the file,
 * key or flag, no stack trace and no Java exception class, within a time limit (no hang).
 */
class FuzzCorpusTest {
    @TempDir
    static Path dir;

    static Path data, model;
    static byte[] modelBytes;
    static String ouToml, reproduceToml;
    static java.util.Map<String, byte[]> corpus;

    /** One malformed input: the command line, what the error line must contain, and the exit code. */
    record Case(String name, List<String> args, String mustName, int exit) {}

    private static final Pattern JAVA_CLASS = Pattern.compile("\\b[A-Z]\\w*(Exception|Error)\\b|\\bjava\\.\\w|\\tat ");
    private static final Pattern LINE = Pattern.compile("(?m)^(\\w+) = (.*?)\\s*(#.*)?$");

    /** The corpus on disk, one gzip'd tar: its input files under files/ and one JSON case per line in cases.jsonl. */
    static final Path CORPUS = Path.of("tests", "resources", "fuzz-corpus.tar.gz");
    /** Stands for the directory the inputs are copied to, in the kept cases' arguments and names. */
    static final String DIR = "{dir}";

    /**
     * Copies the kept corpus into a temporary directory (cases write their outputs there); with
     * {@code -Dscorefdt.fuzz=write} it first regenerates the corpus from the mutation tables below
     * (after a change of the configs' keys, say) and rewrites tests/resources/fuzz.
     */
    @BeforeAll
    static void validInputs() throws IOException {
        if ("write".equals(System.getProperty("scorefdt.fuzz"))) writeCorpus();
        corpus = TarGz.read(CORPUS);
        for (var e : corpus.entrySet()) {
            if (e.getKey().startsWith("files/")) Files.write(dir.resolve(e.getKey().substring("files/".length())), e.getValue());
        }
        data = dir.resolve("data.npy");
        model = dir.resolve("qg.sfdt");
        modelBytes = Files.readAllBytes(model);
        reproduceToml = run("reproduce", "--print-config").out();
    }

    /** Generates every case from valid inputs made here, and keeps the inputs and cases under {@link #CORPUS}. */
    static void writeCorpus() throws IOException {
        TarGz.write(CORPUS, generatedCorpus(null));
    }

    /**
     * The corpus the mutation tables give today: cases.jsonl and the inputs (files/…), made in a fresh
     * directory; from {@code validModel} when given (the kept one: its header carries the build's commit,
     * whose length would otherwise move the truncation and byte-flip cases between builds), else trained here.
     */
    static java.util.Map<String, byte[]> generatedCorpus(byte[] validModel) throws IOException {
        Path gen = Files.createTempDirectory("fuzz-corpus");
        Path keep = dir, keepData = data, keepModel = model;
        byte[] keepModelBytes = modelBytes;
        configs = 0;
        npys = 0;
        models = 0;
        dir = gen;
        try {
            data = dir.resolve("data.npy");
            double[] x = new double[400];
            for (int i = 0; i < x.length; i++) x[i] = Math.sin(i * 0.7) + 0.1 * i % 3;
            NpyWriter.write(data, x, 200, 2);
            model = dir.resolve("qg.sfdt");
            if (validModel != null) {
                Files.write(model, validModel);
            } else {
                Result r = run("train", "--data", data.toString(), "--model", "quasi-gaussian", "-o", model.toString(), "-q");
                assertEquals(0, r.code(), r.err());
            }
            modelBytes = Files.readAllBytes(model);
            ouToml = run("config", "print", "small").out();
            reproduceToml = run("reproduce", "--print-config").out();
            List<Case> all = generated();
            java.util.Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
            var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
            StringBuilder lines = new StringBuilder();
            for (Case c : all) {
                var o = mapper.createObjectNode();
                o.put("name", c.name());
                var args = o.putArray("args");
                c.args().forEach(a -> args.add(a.replace(gen.toString(), DIR)));
                o.put("must_name", c.mustName().replace(gen.toString(), DIR));
                o.put("exit", c.exit());
                lines.append(mapper.writeValueAsString(o)).append('\n');
            }
            entries.put("cases.jsonl", lines.toString().getBytes(StandardCharsets.UTF_8));
            try (Stream<Path> made = Files.list(gen)) {
                for (Path f : made.filter(Files::isRegularFile).sorted().toList()) entries.put("files/" + f.getFileName(), Files.readAllBytes(f));
            }
            return entries;
        } finally {
            dir = keep;
            data = keepData;
            model = keepModel;
            modelBytes = keepModelBytes;
        }
    }

    /** The kept corpus is what the tables give: a table entry added, or a config key renamed, must be kept too (-Dscorefdt.fuzz=write). */
    @Test
    void keptCorpusIsTheGeneratorsCorpus() throws IOException {
        var now = generatedCorpus(corpus.get("files/qg.sfdt"));
        assertEquals(new String(now.get("cases.jsonl"), StandardCharsets.UTF_8), new String(corpus.get("cases.jsonl"), StandardCharsets.UTF_8),
                "tests/resources/fuzz-corpus.tar.gz is stale: regenerate it with -Dscorefdt.fuzz=write");
        assertEquals(now.keySet(), corpus.keySet(), "the kept inputs are the generated ones");
    }

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        var cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void corpusIsLarge() throws IOException {
        assertTrue(cases().size() >= 250, "cases: " + cases().size());
    }

    @TestFactory
    Stream<DynamicTest> everyMalformedInputIsOneCleanError() throws IOException {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Result r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> run(c.args().toArray(String[]::new)), c.name());
            String all = r.out() + r.err();
            List<String> errors = all.lines().filter(l -> l.startsWith("error:")).toList();
            assertEquals(1, errors.size(), c.name() + ": exactly one error line in: " + all);
            assertTrue(errors.get(0).contains(c.mustName()), c.name() + ": the error names '" + c.mustName() + "': " + errors.get(0));
            assertFalse(JAVA_CLASS.matcher(all).find(), c.name() + ": no Java class or stack trace: " + all);
            assertEquals(c.exit(), r.code(), c.name() + ": exit code; output: " + all);
            Path status = dir.resolve("flag-out").resolve("status.json");
            assertFalse(Files.exists(status) && Files.readString(status).matches("(?s).*\"complete\"\\s*:\\s*true.*"), c.name());
        }));
    }

    @Test
    void configCheckAcceptsEveryJobsConfig() throws IOException {
        Path f = dir.resolve("reproduce.toml");
        Files.writeString(f, reproduceToml);
        Result r = run("config", "check", f.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("reproduce config"), r.out());
    }

    @Test
    void explodingSamplerFailsNamingChainAndStepAndKeepsValidSamples() throws IOException {
        Path out = dir.resolve("exploded.npy");
        Result r = run("sample", "--model", model.toString(), "--step-size", "1e6", "-o", out.toString(), "-q");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().startsWith("error: sampler diverged: chain ") && r.err().contains(" at step "), r.err());
        assertFalse(Files.exists(out), "nothing valid to keep: no save before the divergence");
        // A slower blow-up (|1 − ε/σ²| a little above 1): the saves before it are written, and only they.
        r = run("sample", "--model", model.toString(), "--step-size", "2.5", "--burn-in", "0", "--thin", "1", "--steps", "2000",
                "-o", out.toString(), "-q");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("samples before it are in " + out), r.err());
        double[] kept = org.scorefdt.io.NpyReader.read(out).doubles();
        assertTrue(kept.length > 0 && Arrays.stream(kept).allMatch(v -> Double.isFinite(v) && Math.abs(v) < 1e21));
    }

    // ------------------------------------------------------------------ the corpus

    /** The kept cases, their {@link #DIR} standing for the directory the inputs were copied to. */
    static List<Case> cases() throws IOException {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        List<Case> all = new ArrayList<>();
        for (String line : new String(corpus.get("cases.jsonl"), StandardCharsets.UTF_8).split("\n")) {
            var o = mapper.readTree(line);
            List<String> args = new ArrayList<>();
            o.get("args").forEach(a -> args.add(a.asText().replace(DIR, dir.toString())));
            all.add(new Case(o.get("name").asText(), args, o.get("must_name").asText().replace(DIR, dir.toString()), o.get("exit").asInt()));
        }
        return all;
    }

    /** The corpus from the mutation tables (inputs written to {@link #dir}). */
    static List<Case> generated() throws IOException {
        List<Case> all = new ArrayList<>();
        configCases(all);
        npyCases(all);
        modelCases(all);
        flagCases(all);
        return all;
    }

    /** Per key of both jobs' configs: wrong types, a misspelt key; then range values and broken files. */
    static void configCases(List<Case> all) throws IOException {
        Matcher m = LINE.matcher(ouToml);
        while (m.find()) {
            String key = m.group(1), value = m.group(2);
            List<String> bad = new ArrayList<>();
            if (value.startsWith("\"")) bad.addAll(List.of("123", "\"no-such-value\""));
            else if (value.equals("true") || value.equals("false")) bad.addAll(List.of("1", "\"yes\""));
            else if (value.startsWith("[")) bad.addAll(List.of("1", "[\"nope\", 1]"));
            else bad.addAll(List.of("\"text\"", "[1]", "{ a = 1 }"));
            if (key.equals("output")) bad.set(1, "\"\"");
            for (String v : bad) all.add(config("ou " + key + " = " + v, mutate(ouToml, key, v), key, 2));
            all.add(config("ou misspelt " + key, ouToml.replaceFirst("(?m)^" + key + " = ", key + "x = "), key + "x", 2));
        }
        String[][] ranges = {
            {"members", "0"}, {"members", "-1"}, {"members", "99999999999"}, {"members", "2000000000"}, {"dt", "0.0"}, {"dt", "-1.0"}, {"dt", "1e-320"},
            {"dt", "inf"}, {"dt", "nan"}, {"duration", "1e300"}, {"duration", "0.0"}, {"duration", "-inf"},
            {"bootstrap", "1000000000"}, {"bootstrap", "-1"}, {"threads", "100000"}, {"threads", "-1"}, {"blocks", "1"},
            {"blocks", "99"}, {"lags", "0"}, {"lags", "100000"}, {"n", "3"}, {"n", "7"}, {"n", "100000"}, {"lambda", "0.0"},
            {"lambda", "-1.0"}, {"epsilon2", "0.0"}, {"delta", "0.0"}, {"pairs", "-1"}, {"save_every", "0"}, {"spinup", "-1.0"},
            {"spinup", "1e300"}, {"seed", "1.5"}, {"seed", "\"1\""}, {"kappa", "-1.0"}, {"quasi_gaussian_ridge", "-1.0"},
            {"estimators", "[]"}, {"estimators", "[\"exact-score\", \"exact-score\"]"}, {"pixel", "[0]"}, {"pixel", "[-1, 0]"},
            {"pixel", "[0, 16]"}, {"save_every", "1000000"}};
        for (String[] r : ranges) all.add(config("ou " + r[0] + " = " + r[1], mutate(ouToml, r[0], r[1]), r[0], 2));
        // Reproduce's config: every key of the first system's table with a wrong type, one of each other table misspelt.
        String system = "ou-spde";
        Matcher rm = LINE.matcher(reproduceToml.substring(reproduceToml.indexOf("[" + system + "]")));
        int k = 0;
        while (rm.find() && k++ < 40) {
            String key = rm.group(1), value = rm.group(2);
            if (key.equals("seed")) break; // past the table
            String v = value.startsWith("\"") || value.startsWith("[") || value.equals("true") || value.equals("false") ? "1.5" : "\"text\"";
            all.add(config("reproduce " + key + " = " + v, mutateIn(reproduceToml, system, key, v), key, 2));
        }
        String[][] reproduceRanges = {{"dt", "1e-320"}, {"duration", "1e300"}, {"members", "0"}, {"members", "1000000000"}, {"lags", "0"}, {"n", "7"},
            {"blocks", "1"}, {"truth_duration", "1e300"}, {"dsm_steps", "0"}, {"dsm_sigma_min", "2.0"}, {"noise_scale", "-1.0"}};
        for (String[] r : reproduceRanges) {
            all.add(config("reproduce " + r[0] + " = " + r[1], mutateIn(reproduceToml, system, r[0], r[1]), r[0], 2));
        }
        all.add(config("reproduce unknown table", reproduceToml + "\n[lorenz]\nn = 1\n", "lorenz", 2));
        // Broken files.
        String deep = "a = " + "[".repeat(20_000) + "]".repeat(20_000) + "\n";
        all.add(config("nested 20000 deep", deep, "nested", 2));
        all.add(config("inline tables nested deep", "a = " + "{b = ".repeat(5000) + "1" + "}".repeat(5000), "nested", 2));
        all.add(config("unclosed table", "[run\nseed = 1\n", "syntax", 2));
        all.add(config("no key", "[run]\n= 1\n", "syntax", 2));
        all.add(config("duplicate table", "[run]\nseed = 1\n[run]\nseed = 2\n", "syntax", 2));
        all.add(config("duplicate key", "[run]\nseed = 1\nseed = 2\n", "syntax", 2));
        all.add(config("unknown table", "[nope]\na = 1\n", "nope", 2));
        all.add(config("table as value", "run = 1\n", "run", 2));
        all.add(config("unterminated string", "[run]\noutput = \"abc\n", "syntax", 2));
        Path latin = dir.resolve("latin1.toml");
        Files.write(latin, new byte[] {'#', ' ', (byte) 0xE9, (byte) 0xFF, '\n'});
        all.add(new Case("config not UTF-8", List.of("config", "check", latin.toString()), latin.toString(), 2));
        Path binary = dir.resolve("binary.toml");
        Files.write(binary, modelBytes);
        all.add(new Case("config is a model file", List.of("config", "check", binary.toString()), binary.toString(), 2));
        all.add(new Case("config is a directory", List.of("config", "check", dir.toString()), dir.toString(), 2));
        all.add(new Case("config missing", List.of("config", "check", dir.resolve("none.toml").toString()), "none.toml", 2));
        Path hugeOu = dir.resolve("huge-ou.toml");
        Files.writeString(hugeOu, mutate(ouToml, "members", "2000000000"));
        all.add(new Case("ou --config beyond the heap", List.of("ou", "--config", hugeOu.toString(), "-o", dir.resolve("ou-huge").toString()),
                "ensemble.members", 2));
        all.add(new Case("ou --config broken", List.of("ou", "--config", latin.toString(), "-o", dir.resolve("ou-out").toString()),
                latin.toString(), 2));
    }

    private static int configs;

    static Case config(String name, String text, String mustName, int exit) throws IOException {
        Path f = dir.resolve("c" + (configs++) + ".toml");
        Files.writeString(f, text);
        return new Case("config: " + name, List.of("config", "check", f.toString()), mustName, exit);
    }

    static String mutate(String toml, String key, String value) {
        return toml.replaceFirst("(?m)^" + Pattern.quote(key) + " = .*$", Matcher.quoteReplacement(key + " = " + value));
    }

    static String mutateIn(String toml, String table, String key, String value) {
        int at = toml.indexOf("[" + table + "]");
        return toml.substring(0, at) + mutate(toml.substring(at), key, value);
    }

    /** NPY files given to {@code train --data}: truncations, bad preambles, headers, dtypes, shapes, sizes. */
    static void npyCases(List<Case> all) throws IOException {
        byte[] good = Files.readAllBytes(data);
        for (int len = 0; len < 140; len += 4) all.add(npy("truncated to " + len, Arrays.copyOf(good, len)));
        all.add(npy("truncated by one", Arrays.copyOf(good, good.length - 1)));
        all.add(npy("trailing bytes", Arrays.copyOf(good, good.length + 5)));
        byte[] magic = good.clone();
        magic[1] = 'X';
        all.add(npy("bad magic", magic));
        for (int v : new int[] {0, 4, 255}) {
            byte[] b = good.clone();
            b[6] = (byte) v;
            all.add(npy("version " + v, b));
        }
        byte[] hl = good.clone();
        hl[8] = (byte) 0xFF;
        hl[9] = (byte) 0xFF;
        all.add(npy("header length 65535", hl));
        String shape2 = "(200, 2)";
        String[][] headers = {
            {"'<i8'", "False", shape2}, {"'>f8'", "False", shape2}, {"'|b1'", "False", shape2}, {"'<c16'", "False", shape2},
            {"'O'", "False", shape2}, {"'<f8'", "True", shape2}, {"'<f8'", "False", "(2**62+1, 4)"},
            {"'<f8'", "False", "(4611686018427387905, 4)"}, {"'<f8'", "False", "(9223372036854775807, 9223372036854775807)"},
            {"'<f8'", "False", "(-1,)"}, {"'<f8'", "False", "(200, 'a')"}, {"'<f8'", "False", "(99999999999999999999999,)"},
            {"'<f8'", "False", "(1, 400)"}, {"'<f8'", "False", "(400, 1, 1)"}, {"'<f8'", "False", "(200, 3)"},
            {"'<f8'", "False", "(0, 2)"}, {"'<f8'", "False", "()"}, {"'<f8'", "False", "(2, 0)"}};
        byte[] payload = Arrays.copyOfRange(good, good.length - 3200, good.length);
        for (String[] h : headers) {
            String header = "{'descr': " + h[0] + ", 'fortran_order': " + h[1] + ", 'shape': " + h[2] + ", }";
            all.add(npy("header " + header, npyFile(1, header, payload)));
        }
        all.add(npy("header not a dict", npyFile(1, "['descr', '<f8']", payload)));
        all.add(npy("header without shape", npyFile(1, "{'descr': '<f8', 'fortran_order': False}", payload)));
        all.add(npy("header without descr", npyFile(1, "{'fortran_order': False, 'shape': (200, 2)}", payload)));
        all.add(npy("v2 header claims 2 GB", withHeaderLength(npyFile(2, "{'descr': '<f8', 'fortran_order': False, 'shape': (200, 2), }",
                payload), 0x7FFF_FFF0L)));
        all.add(npy("v2 header claims 4 GB", withHeaderLength(npyFile(2, "{'descr': '<f8', 'fortran_order': False, 'shape': (200, 2), }",
                payload), 0xFFFF_FFFFL)));
        double[] nan = new double[400];
        nan[77] = Double.NaN;
        Path nanFile = dir.resolve("nan.npy");
        NpyWriter.write(nanFile, nan, 200, 2);
        all.add(npy("NaN value", Files.readAllBytes(nanFile)));
        double[] inf = new double[400];
        inf[3] = Double.POSITIVE_INFINITY;
        NpyWriter.write(nanFile, inf, 200, 2);
        all.add(npy("infinite value", Files.readAllBytes(nanFile)));
        all.add(new Case("npy: missing", List.of("train", "--data", dir.resolve("absent.npy").toString(), "--model", "quasi-gaussian",
                "-o", dir.resolve("never.sfdt").toString()), "absent.npy", 2));
        all.add(new Case("npy: a directory", List.of("train", "--data", dir.toString(), "--model", "quasi-gaussian",
                "-o", dir.resolve("never.sfdt").toString()), dir.toString(), 2));
    }

    private static int npys;

    static Case npy(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve("n" + (npys++) + ".npy");
        Files.write(f, bytes);
        return new Case("npy: " + name, List.of("train", "--data", f.toString(), "--model", "quasi-gaussian", "-o",
                dir.resolve("never.sfdt").toString(), "-q"), f.toString(), 2);
    }

    static byte[] npyFile(int major, String header, byte[] payload) {
        byte[] h = (header + " ".repeat(64) + "\n").getBytes(StandardCharsets.ISO_8859_1);
        int pre = major == 1 ? 10 : 12;
        ByteBuffer b = ByteBuffer.allocate(pre + h.length + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) b.putShort((short) h.length);
        else b.putInt(h.length);
        return b.put(h).put(payload).array();
    }

    static byte[] withHeaderLength(byte[] v2, long length) {
        ByteBuffer.wrap(v2).order(ByteOrder.LITTLE_ENDIAN).putInt(8, (int) length);
        return v2;
    }

    /** Score model files given to {@code sample --model}: truncations, flipped bytes, and re-framed headers. */
    static void modelCases(List<Case> all) throws IOException {
        byte[] good = modelBytes;
        for (int len = 0; len < good.length; len += Math.max(1, good.length / 16)) all.add(model("truncated to " + len, Arrays.copyOf(good, len)));
        all.add(model("trailing bytes", Arrays.copyOf(good, good.length + 3)));
        for (int at : new int[] {0, 9, 20, good.length - 20, good.length - 3}) {
            byte[] b = good.clone();
            b[at] ^= 0x5A;
            all.add(model("byte " + at + " flipped", b));
        }
        ByteBuffer in = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN);
        int headerBytes = in.getInt(12);
        String header = new String(good, 16, headerBytes, StandardCharsets.UTF_8);
        byte[] payload = Arrays.copyOfRange(good, 16 + headerBytes, good.length - 8);
        String[][] edits = {
            {"\"dimension\":2", "\"dimension\":4294967298"}, {"\"dimension\":2", "\"dimension\":1.9"}, {"\"dimension\":2", "\"dimension\":\"2\""},
            {"\"dimension\":2", "\"dimension\":-1"}, {"\"dimension\":2", "\"dimension\":0"}, {"\"dimension\":2", "\"dimension\":null"},
            {"\"dimension\":2", "\"dimension\":3"}, {"\"blob_bytes\":0", "\"blob_bytes\":-1"}, {"\"blob_bytes\":0", "\"blob_bytes\":1.5"},
            {"\"blob_bytes\":0", "\"blob_bytes\":9223372036854775807"}, {"\"blob_bytes\":0", "\"blob_bytes\":0,\"blobBytes\":0"}, {"\"shape\":[2]", "\"shape\":[2305843009213693953]"},
            {"\"shape\":[2,2]", "\"shape\":[2305843009213693953,1]"}, {"\"shape\":[2,2]", "\"shape\":[-1,-4]"},
            {"\"shape\":[2]", "\"shape\":[\"2\"]"}, {"\"shape\":[2]", "\"shape\":[2.0]"}, {"\"shape\":[2]", "\"shape\":2"},
            {"\"shape\":[2,2]", "\"shape\":[4]"}, {"\"shape\":[2,2]", "\"shape\":[1,1,1,1,1,1,1,1,1,2,2]"},
            {"\"type\":\"quasi-gaussian\"", "\"type\":\"nope\""}, {"\"type\":\"quasi-gaussian\"", "\"type\":7"},
            {"\"ridge\":", "\"ridgeX\":"}, {"\"arrays\":[", "\"arrays\":{\"a\":["}, {"\"name\":\"mean\"", "\"name\":\"avg\""}};
        for (String[] e : edits) {
            assertTrue(header.contains(e[0]), "the model header has " + e[0] + ": " + header);
            all.add(model("header " + e[1], frame(1, header.replace(e[0], e[1]), payload)));
        }
        all.add(model("header not JSON", frame(1, "{\"type\": ", payload)));
        all.add(model("header a list", frame(1, "[1, 2]", payload)));
        all.add(model("version 99", frame(99, header, payload)));
        all.add(model("version 0", frame(0, header, payload)));
        all.add(model("an NPY file", Files.readAllBytes(data)));
        all.add(new Case("model: missing", List.of("sample", "--model", dir.resolve("absent.sfdt").toString(), "-o",
                dir.resolve("never.npy").toString()), "absent.sfdt", 2));
    }

    private static int models;

    static Case model(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve("m" + (models++) + ".sfdt");
        Files.write(f, bytes);
        // A fresh output name per case: one a bug lets through must not make the next fail for the wrong reason.
        return new Case("model: " + name, List.of("sample", "--model", f.toString(), "-o", dir.resolve("never" + models + ".npy").toString(), "-q"),
                f.toString(), 2);
    }

    static byte[] frame(int version, String header, byte[] payload) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(16 + h.length + payload.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.put("SFDTSCM\n".getBytes(StandardCharsets.US_ASCII)).putInt(version).putInt(h.length).put(h).put(payload);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        return b.putLong(crc.getValue()).array();
    }

    /** Flags of the commands that run something: wrong types, out of range, unknown, missing. */
    static void flagCases(List<Case> all) {
        String out = dir.resolve("flag-out").toString(), npyOut = dir.resolve("flag.npy").toString();
        String[] sim = {"simulate", "--system", "double-well", "--duration", "5", "-o", npyOut};
        String[][] simBad = {{"--members", "-1"}, {"--members", "abc"}, {"--members", "0"}, {"--members", "2000000000"},
            {"--duration", "Infinity"}, {"--duration", "NaN"}, {"--duration", "-1"}, {"--duration", "1e300"}, {"--spinup", "-5"},
            {"--spinup", "1e300"}, {"--snapshot-every", "0"}, {"--snapshot-every", "1e-9"}, {"--max-snapshots", "0"}, {"--seed", "x"},
            {"--backend", "foo"}, {"--threads", "100000"}, {"--threads", "-1"}, {"--precision", "f16"}, {"--system", "nope"}};
        for (String[] f : simBad) all.add(flag("simulate", sim, f, f[0]));
        String[] smp = {"sample", "--model", model.toString(), "-o", npyOut};
        String[][] smpBad = {{"--step-size", "0"}, {"--step-size", "-1"}, {"--step-size", "NaN"}, {"--chains", "0"}, {"--steps", "0"},
            {"--thin", "0"}, {"--burn-in", "-1"}, {"--sampler", "nope"}, {"--sampler", "reverse"}, {"--seed", "1.5"}};
        for (String[] f : smpBad) all.add(flag("sample", smp, f, f[0]));
        String[] trn = {"train", "--data", data.toString(), "--model", "kde", "-o", dir.resolve("flag.sfdt").toString()};
        String[][] trnBad = {{"--bandwidth", "-1"}, {"--bandwidth", "0"}, {"--model", "nope"}, {"--steps", "-3"}};
        for (String[] f : trnBad) all.add(flag("train", trn, f, f[0]));
        String[] rsp = {"respond", "--system", "double-well", "--model", model.toString(), "-o", out};
        String[][] rspBad = {{"--duration", "Infinity"}, {"--duration", "1e300"}, {"--members", "1"}, {"--members", "2000000000"}, {"--lags", "0"},
            {"--blocks", "1"}, {"--truth-pairs", "1"}, {"--delta", "0"}, {"--save-every", "0"}, {"--system", "nope"},
            {"--reset-every", "1"}};
        for (String[] f : rspBad) all.add(flag("respond", rsp, f, f[0]));
        String[] ou = {"ou", "-o", out};
        String[][] ouBad = {{"--threads", "100000"}, {"--seed", "x"}, {"--backend", "tpu"}, {"--preset", "huge"}};
        for (String[] f : ouBad) all.add(flag("ou", ou, f, f[0]));
        all.add(new Case("flag: unknown option", List.of("simulate", "--system", "double-well", "--nope", "-o", npyOut), "--nope", 2));
        all.add(new Case("flag: missing required", List.of("simulate", "-o", npyOut), "--system", 2));
        all.add(new Case("flag: reproduce unknown system", List.of("reproduce", "--systems", "lorenz", "-o", out), "lorenz", 2));
    }

    static Case flag(String cmd, String[] base, String[] f, String mustName) {
        List<String> args = new ArrayList<>(Arrays.asList(base));
        int at = args.indexOf(f[0]);
        if (at >= 0) args.set(at + 1, f[1]);
        else args.addAll(List.of(f[0], f[1]));
        args.add("-q");
        return new Case("flag: " + cmd + " " + f[0] + " " + f[1], args, mustName, 2);
    }
}
