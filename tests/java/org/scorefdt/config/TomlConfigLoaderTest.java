package org.scorefdt.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.OuSpde;

class TomlConfigLoaderTest {

    @TempDir
    Path tmp;

    private ConfigException fails(String toml) throws IOException {
        Path f = tmp.resolve("config.toml");
        Files.writeString(f, toml);
        return assertThrows(ConfigException.class, () -> OuJobConfig.load(f));
    }

    @Test
    void messageFormatMatchesTheDocumentedExample() {
        ConfigException e = new ConfigException("config.toml", "ensemble.dt", "-0.1", "must be > 0");
        assertEquals("config.toml: key 'ensemble.dt' = -0.1: must be > 0", e.getMessage());
        assertEquals(e.getMessage(), e.toString());
    }

    @Test
    void smallPresetIsTheDefaults() {
        assertEquals(OuJobConfig.defaults(), OuJobConfig.preset("small"));
    }

    @Test
    void paperPresetHasPaperSizes() {
        OuJobConfig p = OuJobConfig.preset("paper");
        assertEquals(32, p.model().n());
        assertEquals(128, p.ensemble().members());
        assertEquals(2000.0, p.ensemble().duration());
        assertEquals(1000.0, p.ensemble().spinup());
        assertEquals(128, p.truth().pairs());
        assertEquals(Scheme.EXACT_OU, p.integrator().scheme());
        assertEquals(1.0, p.integrator().dt());
    }

    @Test
    void emptyFileGivesDefaults() throws IOException {
        Path f = tmp.resolve("empty.toml");
        Files.writeString(f, "# nothing\n");
        assertEquals(OuJobConfig.defaults(), OuJobConfig.load(f));
    }

    @Test
    void toTomlRoundTrips() {
        // Built in one go: a chain of with-copies would fail the cross-table checks half way.
        OuJobConfig odd = new OuJobConfig(
                new RunConfig(-7L, BackendKind.CUDA, Precision.F32, 3, "out dir/\"q\"\\x"),
                new ModelConfig(ModelConfig.Kind.OU_SPDE, 8, 0.1, 0.0, -0.3, 1e-5, OuSpde.NoiseScaling.CONTINUUM),
                new IntegratorConfig(Scheme.RK4_EM, 0.01),
                new EnsembleConfig(4, 12.5, EnsembleConfig.Initial.ZERO, 100, 3),
                new ResponseConfig(7, false, List.of(ResponseConfig.Estimator.QUASI_GAUSSIAN), 0, 0, 2),
                new TruthConfig(TruthConfig.Perturbation.IMPULSE, 0, -1.0 / 3, 7, 5));
        for (OuJobConfig c : List.of(OuJobConfig.defaults(), OuJobConfig.preset("paper"), odd)) {
            assertEquals(c, TomlConfigLoader.parse(c.toToml(), "x.toml"));
        }
    }

    @Test
    void integersAcceptedForFloats() throws IOException {
        Path f = tmp.resolve("ints.toml");
        Files.writeString(f, "[integrator]\ndt = 2\n[model]\nlambda = 1\n");
        OuJobConfig c = OuJobConfig.load(f);
        assertEquals(2.0, c.integrator().dt());
        assertEquals(1.0, c.model().lambda());
    }

    @Test
    void unknownKeyNamesKeyAndAllowedKeys() throws IOException {
        ConfigException e = fails("[ensemble]\nmember = 64\n");
        assertEquals("ensemble.member", e.key());
        assertTrue(e.getMessage().contains("unknown key"), e.getMessage());
        assertTrue(e.getMessage().contains("members, spinup, initial, duration, save_every"), e.getMessage());
        assertTrue(e.getMessage().startsWith(tmp.resolve("config.toml") + ":2:1:"), e.getMessage());
    }

    @Test
    void unknownTableIsRejected() throws IOException {
        ConfigException e = fails("[modle]\nn = 8\n");
        assertTrue(e.getMessage().contains("'modle'") && e.getMessage().contains("allowed tables: run, model"), e.getMessage());
    }

    @Test
    void wrongTypeNamesExpectedAndFound() throws IOException {
        ConfigException e = fails("[ensemble]\nmembers = \"32\"\n");
        assertTrue(e.getMessage().contains("'ensemble.members'"), e.getMessage());
        assertTrue(e.getMessage().contains("expected integer, got string \"32\""), e.getMessage());
        e = fails("[integrator]\ndt = \"fast\"\n");
        assertTrue(e.getMessage().contains("expected number, got string"), e.getMessage());
        e = fails("[ensemble]\nmembers = 3.5\n");
        assertTrue(e.getMessage().contains("expected integer, got float 3.5"), e.getMessage());
        e = fails("[response]\nnormalize = 1\n");
        assertTrue(e.getMessage().contains("expected boolean, got integer 1"), e.getMessage());
        e = fails("model = 3\n");
        assertTrue(e.getMessage().contains("expected table [model], got integer"), e.getMessage());
    }

    @Test
    void negativeDtNamesKeyValueAndRange() throws IOException {
        ConfigException e = fails("\n[integrator]\ndt = -0.1\n");
        assertEquals(tmp.resolve("config.toml") + ":3:1: key 'integrator.dt' = -0.1: must be a finite number >= 1.0E-9",
                e.getMessage());
    }

    @Test
    void oddOrOutOfRangeGrid() throws IOException {
        assertTrue(fails("[model]\nn = 15\n").getMessage().contains("key 'model.n' = 15: must be even, in [4, 256]"));
        assertTrue(fails("[model]\nn = 2\n").getMessage().contains("key 'model.n' = 2: must be in [4, 256]"));
        assertTrue(fails("[model]\nn = 512\n").getMessage().contains("= 512: must be in [4, 256]"));
        assertTrue(fails("[model]\nn = 99999999999\n").getMessage().contains("32-bit"));
    }

    @Test
    void pixelOutsideGrid() throws IOException {
        ConfigException e = fails("[model]\nn = 8\n[truth]\npixel = [8, 0]\n");
        assertTrue(e.getMessage().contains("key 'truth.pixel' = [8, 0]: must lie inside the 8x8 grid"), e.getMessage());
        assertTrue(fails("[truth]\npixel = [1]\n").getMessage().contains("exactly 2 integers"));
        assertTrue(fails("[truth]\npixel = [-1, 0]\n").getMessage().contains(">= 0"));
        assertTrue(fails("[truth]\npixel = [1, \"a\"]\n").getMessage().contains("truth.pixel[1]"));
    }

    @Test
    void malformedTomlReportsLineAndColumn() throws IOException {
        ConfigException e = fails("[model]\nn = 16\nlambda = = 2\n");
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith(tmp.resolve("config.toml") + ":3:"), e.getMessage());
        assertTrue(e.getMessage().contains("TOML syntax error"), e.getMessage());
    }

    @Test
    void enumValuesListAllowedSpellings() throws IOException {
        ConfigException e = fails("[integrator]\nscheme = \"rk5\"\n");
        assertTrue(e.getMessage().contains("key 'integrator.scheme' = \"rk5\": must be one of euler-maruyama, heun, rk4-em, exact-ou"),
                e.getMessage());
        assertTrue(fails("[run]\nbackend = \"gpu\"\n").getMessage().contains("must be one of auto, cuda, cpu, java"));
        assertTrue(fails("[run]\nprecision = \"f16\"\n").getMessage().contains("must be one of f64, f32"));
        assertTrue(fails("[model]\nnoise_scaling = \"cell\"\n").getMessage().contains("must be one of grid, continuum"));
    }

    @Test
    void estimatorList() throws IOException {
        assertTrue(fails("[response]\nestimators = []\n").getMessage().contains("at least one"));
        assertTrue(fails("[response]\nestimators = [\"exact-score\", \"exact-score\"]\n").getMessage().contains("repeat"));
        assertTrue(fails("[response]\nestimators = [\"kde\"]\n").getMessage().contains("must be one of exact-score, quasi-gaussian"));
        assertTrue(fails("[response]\nestimators = \"exact-score\"\n").getMessage().contains("expected array of strings"));
    }

    @Test
    void crossFieldChecks() throws IOException {
        ConfigException e = fails("[ensemble]\nmembers = 8\n");
        assertTrue(e.getMessage().contains("key 'response.blocks' = 16: must be <= ensemble.members (8)"), e.getMessage());
        e = fails("[ensemble]\nduration = 50\n");
        assertTrue(e.getMessage().contains("key 'response.lags' = 100") && e.getMessage().contains("<= ensemble.duration"),
                e.getMessage());
        // Exactly at the limit is allowed: 100 lags * dt 1 * save_every 2 = 200.
        Path f = tmp.resolve("edge.toml");
        Files.writeString(f, "[ensemble]\nduration = 200\nsave_every = 2\n");
        assertEquals(200.0, OuJobConfig.load(f).ensemble().duration());
    }

    @Test
    void otherRanges() throws IOException {
        assertTrue(fails("[run]\nthreads = -1\n").getMessage().contains("key 'run.threads' = -1: must be in [0, "));
        assertTrue(fails("[model]\nlambda = 0\n").getMessage().contains("'model.lambda'"));
        assertTrue(fails("[model]\nkappa = -1e-3\n").getMessage().contains("must be a finite number >= 0"));
        assertTrue(fails("[model]\nepsilon2 = nan\n").getMessage().contains("'model.epsilon2'"));
        assertTrue(fails("[model]\nadvection = inf\n").getMessage().contains("must be a finite number"));
        assertTrue(fails("[truth]\ndelta = 0\n").getMessage().contains("!= 0"));
        assertTrue(fails("[response]\nblocks = 1\n").getMessage().contains("must be >= 2"));
        assertTrue(fails("[ensemble]\nsave_every = 0\n").getMessage().contains("must be >= 1"));
        assertTrue(fails("[run]\noutput = \"  \"\n").getMessage().contains("non-empty"));
    }

    @Test
    void missingFile() {
        ConfigException e = assertThrows(ConfigException.class, () -> OuJobConfig.load(tmp.resolve("nope.toml")));
        assertTrue(e.getMessage().endsWith("nope.toml: no such file"), e.getMessage());
    }

    @Test
    void unknownPreset() {
        assertTrue(assertThrows(ConfigException.class, () -> OuJobConfig.preset("huge")).getMessage().contains("small, paper"));
    }
}
