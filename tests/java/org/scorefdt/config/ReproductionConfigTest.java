package org.scorefdt.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scorefdt.api.reproduce.ReproductionSystems;
import org.scorefdt.integrate.Scheme;

/** The reproduce job's config: presets (paper sizes), round trip, and one clear error per bad value. */
class ReproductionConfigTest {
    @TempDir
    Path tmp;

    private ConfigException fails(String toml) throws IOException {
        Path f = tmp.resolve("bad.toml");
        Files.writeString(f, toml);
        return assertThrows(ConfigException.class, () -> ReproductionConfig.load(f));
    }

    @Test
    void fullPresetHasThePapersSizes() {
        ReproductionConfig full = ReproductionConfig.preset("full");
        ReproductionSettings ac = full.system("allen-cahn");
        assertEquals(32, ac.n());
        assertEquals(Scheme.RK4_EM, ac.scheme());
        assertEquals(1.0 / 32, ac.dt());
        assertEquals(1.0, ac.saveInterval());
        assertEquals(1000, ac.spinupSteps() / 32);
        assertEquals(25_600, ac.members() * (ac.saves() / ac.snapshotSaves()));
        assertEquals(12_800, ac.truthPairs());                  // 128 members × 100 resets
        assertEquals(100, ac.lags());
        assertEquals(100, ac.resetSaves());
        assertEquals(1.0 / 16, ac.delta());
        ReproductionSettings ns = full.system("navier-stokes");
        assertEquals(32, ns.n());
        assertEquals(1.0 / 128, ns.dt());
        assertEquals(512, ns.lags());
        assertEquals(4.0, (ns.lags()) * ns.saveInterval()); // lags up to t = 4
        assertEquals(8192, ns.members() * (ns.saves() / ns.snapshotSaves()));
        assertEquals(1.0 / 64, ns.delta());
        assertEquals(2048, ns.truthPairs());                     // one window of 8 time units per member
        for (ReproductionSettings s : full.systems()) assertTrue(s.enabled());
    }

    @Test
    void smallPresetUsesFewerPairsAndSaysSo() {
        ReproductionConfig small = ReproductionConfig.defaults();
        ReproductionConfig full = ReproductionConfig.preset("full");
        for (String name : ReproductionConfig.SYSTEMS) {
            // Allen–Cahn: 3200 of the paper's 12,800 (windows of 20 time units), the others under 1/10.
            assertTrue(small.system(name).truthPairs() <= full.system(name).truthPairs() / 4, name);
            assertTrue(small.system(name).n() <= 16, name);
        }
        assertTrue(ReproductionConfig.presetText("small").contains("FEWER"));
    }

    @Test
    void everySystemOfTheConfigExistsInThisBuild() {
        assertEquals(ReproductionConfig.SYSTEMS, ReproductionSystems.available());
    }

    @Test
    void tomlRoundTrips() throws IOException {
        for (String p : ReproductionConfig.PRESETS) {
            ReproductionConfig c = ReproductionConfig.preset(p);
            assertEquals(c, ReproductionConfig.parse(c.toToml(), "written.toml"), p);
            Path f = tmp.resolve(p + ".toml");
            Files.writeString(f, c.toToml());
            assertEquals(c, ReproductionConfig.load(f), p);
        }
    }

    @Test
    void missingKeysTakeTheSmallDefaults() throws IOException {
        Path f = tmp.resolve("partial.toml");
        Files.writeString(f, "[allen-cahn]\nlags = 50\nreset_every = 50.0\n[navier-stokes]\nenabled = false\n");
        ReproductionConfig c = ReproductionConfig.load(f);
        ReproductionConfig d = ReproductionConfig.defaults();
        assertEquals(50, c.system("allen-cahn").lags());
        assertEquals(d.system("allen-cahn").members(), c.system("allen-cahn").members());
        assertEquals(16.0, c.system("allen-cahn").noiseScale());           // the small default's (32/8)²
        assertEquals(List.of("ou-spde", "allen-cahn"), c.enabledSystems().stream().map(ReproductionSettings::system).toList());
    }

    @Test
    void onlyKeepsTheNamedSystems() {
        ReproductionConfig c = ReproductionConfig.defaults().only(List.of("navier-stokes"));
        assertEquals(List.of("navier-stokes"), c.enabledSystems().stream().map(ReproductionSettings::system).toList());
        ConfigException e = assertThrows(ConfigException.class, () -> ReproductionConfig.defaults().only(List.of("lorenz")));
        assertTrue(e.getMessage().contains("lorenz") && e.getMessage().contains("allen-cahn"), e.getMessage());
    }

    @Test
    void badValuesNameFileLineKeyAndRange() throws IOException {
        ConfigException e = fails("[allen-cahn]\nlags = 0\n");
        assertEquals("allen-cahn.lags", e.key());
        assertTrue(e.getMessage().startsWith(tmp.resolve("bad.toml") + ":2:"), e.getMessage());
        assertTrue(e.getMessage().contains(">= 1"), e.getMessage());

        e = fails("[ou-spde]\nreset_every = 50.0\n");                   // lags = 100 saves of 1 time unit
        assertEquals("ou-spde.reset_every", e.key());
        assertTrue(e.getMessage().contains("100"), e.getMessage());

        e = fails("[allen-cahn]\nduration = 500.5\n");                  // not whole saves
        assertEquals("allen-cahn.duration", e.key());
        assertTrue(e.getMessage().contains("whole multiple"), e.getMessage());

        e = fails("[navier-stokes]\nblocks = 64\n");
        assertEquals("navier-stokes.blocks", e.key());
        assertTrue(e.getMessage().contains("members"), e.getMessage());

        e = fails("[ou-spde]\nmember_batch = 4\n");
        assertEquals("ou-spde.member_batch", e.key());

        e = fails("[ou-spde]\ndsm_channels = [16, 0]\n");
        assertEquals("ou-spde.dsm_channels", e.key());

        e = fails("[ou-spde]\ndsm_sigma_min = 2.0\n");
        assertEquals("ou-spde.dsm_sigma_min", e.key());

        e = fails("[ou-spde]\nn = 6\n");
        assertTrue(e.getMessage().contains("[8, 256]"), e.getMessage());

        e = fails("[ou-spde]\nscheme = \"leapfrog\"\n");
        assertTrue(e.getMessage().contains("rk4-em"), e.getMessage());

        e = fails("[ou-spde]\nmembers = \"many\"\n");
        assertTrue(e.getMessage().contains("expected integer"), e.getMessage());
    }

    @Test
    void unknownTablesKeysAndNoEnabledSystemAreRejected() throws IOException {
        ConfigException e = fails("[lorenz96]\nn = 8\n");
        assertTrue(e.getMessage().contains("allowed tables"), e.getMessage());
        e = fails("[ou-spde]\nmember = 8\n");
        assertTrue(e.getMessage().contains("ou-spde.member") && e.getMessage().contains("members"), e.getMessage());
        e = fails("[ou-spde]\nenabled = false\n[allen-cahn]\nenabled = false\n[navier-stokes]\nenabled = false\n");
        assertTrue(e.getMessage().contains("no system is enabled"), e.getMessage());
        e = fails("[ou-spde\n");
        assertTrue(e.getMessage().contains("TOML syntax error"), e.getMessage());
        assertThrows(ConfigException.class, () -> ReproductionConfig.load(tmp.resolve("missing.toml")));
        assertThrows(ConfigException.class, () -> ReproductionConfig.preset("huge"));
        assertFalse(ReproductionConfig.PRESETS.contains("huge"));
    }

    /** noise_scale: (32/N)² on the small Allen–Cahn, 1 elsewhere; must be > 0, and 1 for Navier–Stokes. */
    @Test
    void noiseScaleDefaultsAndRange() throws IOException {
        ReproductionConfig small = ReproductionConfig.defaults(), full = ReproductionConfig.preset("full");
        assertEquals(16.0, small.system("allen-cahn").noiseScale());
        assertEquals(1.0, small.system("ou-spde").noiseScale());
        for (String name : ReproductionConfig.SYSTEMS) assertEquals(1.0, full.system(name).noiseScale(), name);
        Path f = tmp.resolve("bad-noise.toml");
        Files.writeString(f, "[allen-cahn]\nnoise_scale = 0.0\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ReproductionConfig.load(f));
        assertTrue(e.getMessage().contains("allen-cahn.noise_scale") && e.getMessage().contains("> 0"), e.getMessage());
        Files.writeString(f, "[navier-stokes]\nnoise_scale = 2.0\n");
        e = assertThrows(ConfigException.class, () -> ReproductionConfig.load(f));
        assertTrue(e.getMessage().contains("navier-stokes.noise_scale") && e.getMessage().contains("must be 1"), e.getMessage());
    }
}
