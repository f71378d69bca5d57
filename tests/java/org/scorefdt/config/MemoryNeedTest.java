package org.scorefdt.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs refuse, before allocating, a config whose arrays cannot fit the JVM: {@link MemoryNeed} sums
 * what the config alone sizes and blames the largest term's key; {@code config check} and the jobs
 * run the same check ({@link JobConfigs#checkMemory}).
 */
class MemoryNeedTest {

    @Test
    void isTheLargestTermAndBlamesIt() {
        // Phases may run one after another, so their arrays need not coexist: the bound is the largest, not the sum.
        MemoryNeed need = new MemoryNeed().add("a.members", 10, 1000, 8, "states").add("a.truth", 3, 100, 8, "pairs");
        assertEquals(8000, need.bytes());
        need.check(8000); // exactly enough
        ConfigException e = assertThrows(ConfigException.class, () -> need.check(7999));
        assertEquals("a.members", e.key());
        assertEquals("10", e.value());
        assertTrue(e.detail().contains("for states"), e.detail());
        assertEquals(0, new MemoryNeed().bytes());
    }

    @Test
    void sizesBeyondLongDoNotWrap() {
        MemoryNeed need = new MemoryNeed().add("k", Integer.MAX_VALUE, (double) Integer.MAX_VALUE * 1024, 8, "states");
        assertTrue(need.bytes() > 1.7e13);
        assertThrows(ConfigException.class, () -> need.check(Long.MAX_VALUE / 1_000_000));
    }

    @Test
    void ouNeedGrowsWithMembersGridAndPrecision() {
        OuJobConfig cfg = OuJobConfig.defaults();
        int n = cfg.model().n();
        double states = (double) cfg.ensemble().members() * n * n * 8, truth = (double) cfg.truth().pairs() * n * n * 8;
        assertEquals(Math.max(states, truth), cfg.memoryNeed().bytes());
        OuJobConfig f32 = cfg.withRun(cfg.run().withPrecision(org.scorefdt.integrate.Precision.F32));
        assertEquals(Math.max(states / 2, truth), f32.memoryNeed().bytes()); // the truth's host copy stays F64
        // A shard holds only its own members and pairs.
        assertEquals(4.0 * n * n * 8, cfg.memoryNeed(4, 0).bytes());
        assertEquals(3.0 * n * n * 8, cfg.memoryNeed(0, 3).bytes());
        cfg.memoryNeed().check(Runtime.getRuntime().maxMemory()); // the shipped default fits any JVM that runs the tests
    }

    @Test
    void configCheckRefusesAnOuEnsembleBeyondTheHeap(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("huge.toml");
        Files.writeString(file, "[ensemble]\nmembers = 2000000000\n");
        ConfigException e = assertThrows(ConfigException.class, () -> JobConfigs.check(file));
        assertEquals(file.toString(), e.source());
        assertEquals("ensemble.members", e.key());
        assertTrue(e.getMessage().contains("GiB") && e.getMessage().contains("-Xmx"), e.getMessage());
    }

    @Test
    void configCheckRefusesAReproductionBatchBeyondTheHeap(@TempDir Path dir) throws Exception {
        String text = ReproductionConfig.presetText("small").replaceFirst("members = 16\\s*\\nmember_batch = 0", "members = 1000000000\nmember_batch = 0");
        Path file = dir.resolve("huge-reproduce.toml");
        Files.writeString(file, text);
        ConfigException e = assertThrows(ConfigException.class, () -> JobConfigs.check(file));
        assertEquals(file.toString(), e.source());
        assertEquals("ou-spde.members", e.key());
        // The shipped presets pass.
        JobConfigs.checkMemory(ReproductionConfig.preset("small"), "preset");
    }

    @Test
    void respondCountsStatesTruthAndSnapshots() {
        RespondSettings s = CommandSettingsTest.respond(64, 8, 30, 40, 0.01, 0);
        int d = 40;
        double saves = 200 / 0.1;
        double expected = 8.0 * d * Math.max(Math.max(64, 256), Math.min(4000, 64 * (saves / 20 + 1)));
        assertEquals(expected, s.memoryNeed(d).bytes(), 1e-6);
        ConfigException e = assertThrows(ConfigException.class,
                () -> CommandSettingsTest.respond(1_000_000_000, 8, 30, 40, 0.01, 0).memoryNeed(d).check(1L << 34));
        assertEquals("respond.members", e.key());
    }
}
