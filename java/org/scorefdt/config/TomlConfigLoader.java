package org.scorefdt.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.OuSpde;
import org.scorefdt.util.ConfigName;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Reads an {@link OuJobConfig} from TOML with tomlj, rejecting anything it does not understand.
 *
 * <p>Strict on purpose: a misspelt key ({@code member = 64}) silently taking its default would run
 * the wrong experiment for an hour. So syntax errors report line and column, unknown keys list the
 * allowed keys of their table, wrong types name the expected and the found type, and ranges are
 * checked by the records. Integers are accepted where a float is expected ({@code dt = 1}).
 * Missing keys and tables take the defaults of {@link OuJobConfig#defaults()}.
 */
public final class TomlConfigLoader {
    private TomlConfigLoader() {}

    /** Allowed keys of each table, in the order {@link TomlConfigWriter} writes them. */
    static final Map<String, List<String>> TABLES = tables();

    private static Map<String, List<String>> tables() {
        Map<String, List<String>> t = new LinkedHashMap<>();
        t.put("run", List.of("seed", "backend", "precision", "threads", "output"));
        t.put("model", List.of("kind", "n", "lambda", "kappa", "advection", "epsilon2", "noise_scaling", "alpha"));
        t.put("integrator", List.of("scheme", "dt"));
        t.put("ensemble", List.of("members", "spinup", "initial", "duration", "save_every"));
        t.put("response", List.of("lags", "normalize", "estimators", "quasi_gaussian_ridge", "bootstrap", "blocks"));
        t.put("truth", List.of("perturbation", "pairs", "delta", "pixel"));
        return java.util.Collections.unmodifiableMap(t);
    }

    /**
     * Loads {@code file}; error messages name it as given.
     *
     * @throws ConfigException when the file is missing, unreadable or invalid
     */
    public static OuJobConfig load(Path file) {
        return parse(TomlText.read(file), file.toString());
    }

    /**
     * Parses TOML text; {@code source} names it in messages (a file name, or e.g. {@code ou-small.toml}).
     *
     * @throws ConfigException when the text is invalid
     */
    public static OuJobConfig parse(String text, String source) {
        TomlParseResult doc = TomlText.parse(text, source);
        try {
            return build(doc);
        } catch (ConfigException e) {
            TomlPosition p = e.key() == null ? null : doc.inputPositionOf(List.of(e.key().split("\\.", 2)));
            throw e.at(source, p == null ? 0 : p.line(), p == null ? 0 : p.column());
        }
    }

    private static OuJobConfig build(TomlParseResult doc) {
        for (String key : doc.keySet()) {
            if (!TABLES.containsKey(key)) {
                throw new ConfigException(null, key, null, "unknown table or key; allowed tables: "
                        + String.join(", ", TABLES.keySet()));
            }
            if (!doc.isTable(key)) {
                throw new ConfigException(null, key, null, "wrong type: expected table [" + key + "], got "
                        + typeName(doc.get(List.of(key))));
            }
        }
        OuJobConfig d = OuJobConfig.defaults();

        Table t = new Table(doc, "run");
        RunConfig run = new RunConfig(
                t.getLong("seed", d.run().seed()),
                t.getEnum("backend", BackendKind.class, d.run().backend()),
                t.getEnum("precision", Precision.class, d.run().precision()),
                t.getInt("threads", d.run().threads()),
                t.getString("output", d.run().output()));

        t = new Table(doc, "model");
        ModelConfig m = d.model();
        ModelConfig model = new ModelConfig(
                t.getEnum("kind", ModelConfig.Kind.class, m.kind()),
                t.getInt("n", m.n()),
                t.getDouble("lambda", m.lambda()),
                t.getDouble("kappa", m.kappa()),
                t.getDouble("advection", m.advection()),
                t.getDouble("epsilon2", m.epsilon2()),
                t.getEnum("noise_scaling", OuSpde.NoiseScaling.class, m.noiseScaling()),
                t.getDouble("alpha", m.alpha()));

        t = new Table(doc, "integrator");
        IntegratorConfig integrator = new IntegratorConfig(
                t.getEnum("scheme", Scheme.class, d.integrator().scheme()),
                t.getDouble("dt", d.integrator().dt()));

        t = new Table(doc, "ensemble");
        EnsembleConfig e = d.ensemble();
        EnsembleConfig ensemble = new EnsembleConfig(
                t.getInt("members", e.members()),
                t.getDouble("spinup", e.spinup()),
                t.getEnum("initial", EnsembleConfig.Initial.class, e.initial()),
                t.getDouble("duration", e.duration()),
                t.getInt("save_every", e.saveEvery()));

        t = new Table(doc, "response");
        ResponseConfig r = d.response();
        ResponseConfig response = new ResponseConfig(
                t.getInt("lags", r.lags()),
                t.getBoolean("normalize", r.normalize()),
                t.getEnumList("estimators", ResponseConfig.Estimator.class, r.estimators()),
                t.getDouble("quasi_gaussian_ridge", r.quasiGaussianRidge()),
                t.getInt("bootstrap", r.bootstrap()),
                t.getInt("blocks", r.blocks()));

        t = new Table(doc, "truth");
        TruthConfig tr = d.truth();
        int[] pixel = t.getIntPair("pixel", new int[] {tr.pixelX(), tr.pixelY()});
        TruthConfig truth = new TruthConfig(
                t.getEnum("perturbation", TruthConfig.Perturbation.class, tr.perturbation()),
                t.getInt("pairs", tr.pairs()), t.getDouble("delta", tr.delta()),
                pixel[0], pixel[1]);

        return new OuJobConfig(run, model, integrator, ensemble, response, truth);
    }

    /**
     * Typed access to one table; rejects unknown keys on construction. Shared with the other
     * config loaders of this package ({@link ReproductionConfig}).
     */
    static final class Table {
        private final String name;
        private final TomlTable table; // null when the table is absent: every key takes its default

        Table(TomlParseResult doc, String name) {
            this(doc, name, TABLES.get(name));
        }

        /** The table {@code name} of {@code doc}, allowing only {@code allowed} keys. */
        Table(TomlParseResult doc, String name, List<String> allowed) {
            this.name = name;
            this.table = doc.getTable(List.of(name));
            if (table == null) return;
            for (String key : table.keySet()) {
                if (!allowed.contains(key)) {
                    throw new ConfigException(null, name + "." + key, null,
                            "unknown key; allowed keys in [" + name + "]: " + String.join(", ", allowed));
                }
            }
        }

        private Object raw(String key) {
            return table == null ? null : table.get(List.of(key));
        }

        private ConfigException wrongType(String key, String expected, Object got) {
            return new ConfigException(null, name + "." + key, null,
                    "wrong type: expected " + expected + ", got " + typeName(got) + " " + show(got));
        }

        long getLong(String key, long def) {
            Object v = raw(key);
            if (v == null) return def;
            if (v instanceof Long l) return l;
            throw wrongType(key, "integer", v);
        }

        int getInt(String key, int def) {
            long v = getLong(key, def);
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw ConfigException.invalid(name + "." + key, v, "must fit a 32-bit integer");
            }
            return (int) v;
        }

        double getDouble(String key, double def) {
            Object v = raw(key);
            if (v == null) return def;
            if (v instanceof Double x) return x;
            if (v instanceof Long l) return l.doubleValue();
            throw wrongType(key, "number", v);
        }

        boolean getBoolean(String key, boolean def) {
            Object v = raw(key);
            if (v == null) return def;
            if (v instanceof Boolean b) return b;
            throw wrongType(key, "boolean", v);
        }

        String getString(String key, String def) {
            Object v = raw(key);
            if (v == null) return def;
            if (v instanceof String s) return s;
            throw wrongType(key, "string", v);
        }

        <E extends Enum<E> & ConfigName> E getEnum(String key, Class<E> type, E def) {
            Object v = raw(key);
            if (v == null) return def;
            if (v instanceof String s) return ConfigException.parseName(type, name + "." + key, s);
            throw wrongType(key, "string (one of " + ConfigName.allowed(type) + ")", v);
        }

        <E extends Enum<E> & ConfigName> List<E> getEnumList(String key, Class<E> type, List<E> def) {
            Object v = raw(key);
            if (v == null) return def;
            if (!(v instanceof TomlArray a)) throw wrongType(key, "array of strings", v);
            List<E> out = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                Object item = a.get(i);
                if (!(item instanceof String s)) throw wrongType(key + "[" + i + "]", "string", item);
                out.add(ConfigException.parseName(type, name + "." + key, s));
            }
            return out;
        }

        /** Whether the table is in the document at all. */
        boolean present() {
            return table != null;
        }

        /** A non-empty array of 32-bit integers, e.g. network widths {@code [16, 16]}. */
        int[] getIntArray(String key, int[] def) {
            Object v = raw(key);
            if (v == null) return def;
            if (!(v instanceof TomlArray a) || a.size() == 0) throw wrongType(key, "non-empty array of integers", v);
            int[] out = new int[a.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(a.get(i) instanceof Long l)) throw wrongType(key + "[" + i + "]", "integer", a.get(i));
                if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
                    throw ConfigException.invalidText(name + "." + key, show(v), "must fit 32-bit integers");
                }
                out[i] = (int) (long) l;
            }
            return out;
        }

        int[] getIntPair(String key, int[] def) {
            Object v = raw(key);
            if (v == null) return def;
            if (!(v instanceof TomlArray a)) throw wrongType(key, "array of 2 integers [x, y]", v);
            if (a.size() != 2) {
                throw ConfigException.invalidText(name + "." + key, show(v), "must have exactly 2 integers [x, y]");
            }
            int[] out = new int[2];
            for (int i = 0; i < 2; i++) {
                if (!(a.get(i) instanceof Long l)) throw wrongType(key + "[" + i + "]", "integer", a.get(i));
                if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
                    throw ConfigException.invalidText(name + "." + key, show(v), "must fit 32-bit integers");
                }
                out[i] = (int) (long) l;
            }
            return out;
        }
    }

    /** The text of a bundled resource (a preset), UTF-8. */
    static String resourceText(String res) {
        try (java.io.InputStream in = TomlConfigLoader.class.getResourceAsStream(res)) {
            if (in == null) throw new IllegalStateException("missing resource " + res);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read resource " + res, e);
        }
    }

    /** TOML type names, as the TOML spec calls them. */
    static String typeName(Object v) {
        if (v instanceof String) return "string";
        if (v instanceof Long) return "integer";
        if (v instanceof Double) return "float";
        if (v instanceof Boolean) return "boolean";
        if (v instanceof TomlArray) return "array";
        if (v instanceof TomlTable) return "table";
        if (v == null) return "nothing";
        return "date/time";
    }

    static String show(Object v) {
        if (v instanceof String s) return '"' + s + '"';
        if (v instanceof TomlArray a) return a.toJson().replaceAll("\\s+", " ").trim();
        if (v instanceof TomlTable) return "{...}";
        return String.valueOf(v);
    }

    /** tomlj appends " (line:col)" to messages; we print the position in front instead. */
    static String stripPosition(String msg) {
        return msg == null ? "" : msg.replaceFirst("\\s*\\(line \\d+, column \\d+\\)\\s*$", "");
    }
}
