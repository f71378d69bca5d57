package org.scorefdt.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scorefdt.config.ConfigException;
import org.scorefdt.config.ReproductionConfig;

/**
 * {@code reproduce} with branching (docs/reproduction.md §1.1): parents spin up, members branch; the
 * report carries the sibling check; resuming after the spin-up or after the GFDT pass (where only the
 * truth, which also starts from the parents, is left) gives the uninterrupted run bit for bit; and the
 * keys are validated.
 */
class ReproductionBranchingTest {
    @TempDir
    Path tmp;

    /** A tiny OU run whose members branch from 2 parents; {@code branchTime} in units of dt = 1. */
    static ReproductionConfig config(Path out, double branchTime) {
        String base = ReproductionResumeTest.config(out).toToml();
        return ReproductionConfig.parse(base.replace("spinup = 0.0", "spinup = 12.0")
                .replace("branch_parents = 0\nbranch_time = 0.0", "branch_parents = 2\nbranch_time = " + branchTime), "branch.toml");
    }

    @Test
    void branchedRunReportsTheSiblingCheckAndResumesBitwise() throws IOException {
        Path full = tmp.resolve("full");
        ReproductionResumeTest.Listener whole = new ReproductionResumeTest.Listener(Integer.MAX_VALUE);
        assertTrue(ReproductionJob.run(config(full, 400), whole).job().complete());
        assertEquals(List.of("ou-spde: spin-up parents", "ou-spde: branch", "ou-spde: data", "ou-spde: train", "ou-spde: gfdt",
                "ou-spde: truth"), whole.phases);
        JsonNode b = new ObjectMapper().readTree(full.resolve("report.json").toFile()).path("systems").path("ou-spde").path("branching");
        assertEquals(2, b.path("parents").asInt(), b.toString());
        assertEquals(4, b.path("sibling_pairs").asInt(), "8 members, 2 parents: disjoint pairs (0,2) (1,3) (4,6) (5,7)");
        assertTrue(b.path("decorrelated").asBoolean(), "sibling covariance decays as e^(-2 r t), slowest pattern rate r = λ/2 = 0.02: e^-16 after 400 units: " + b);

        TreeMap<String, byte[]> expected = ReproductionResumeTest.results(full);
        for (int stopAt : new int[] {2, 5}) { // after the spin-up (parents and branch), after the gfdt pass
            Path dir = tmp.resolve("stop" + stopAt);
            assertThrows(ReproductionResumeTest.Stop.class,
                    () -> ReproductionJob.run(config(dir, 400), new ReproductionResumeTest.Listener(stopAt)));
            assertTrue(ReproductionJob.resume(config(dir, 400), JobListener.NONE).job().complete());
            ReproductionResumeTest.assertSameResults(expected, dir, "branched run stopped after " + stopAt + " phases");
        }
        // A finished branched run resumed: nothing runs, and the report keeps its branching check.
        assertTrue(ReproductionJob.resume(config(full, 400), new ReproductionResumeTest.Listener(0)).job().complete());
        ReproductionResumeTest.assertSameResults(expected, full, "finished branched run resumed");
    }

    @Test
    void siblingsThatHadNoTimeToForgetAreFlagged() {
        ReproductionResumeTest.Listener l = new ReproductionResumeTest.Listener(Integer.MAX_VALUE);
        ReproductionJob.run(config(tmp.resolve("short"), 1), l);
        assertTrue(l.info.stream().anyMatch(s -> s.startsWith("warning: ou-spde: branching from 2 parents") && s.contains("raise branch_time")),
                String.join("\n", l.info));
    }

    @Test
    void branchingKeysAreChecked() {
        String base = ReproductionResumeTest.config(tmp).toToml();
        ConfigException e = assertThrows(ConfigException.class, () -> ReproductionConfig.parse(
                base.replace("branch_parents = 0\nbranch_time = 0.0", "branch_parents = 9\nbranch_time = 4.0"), "x.toml"));
        assertTrue(e.getMessage().contains("ou-spde.branch_parents") && e.getMessage().contains("<= members (8)"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> ReproductionConfig.parse(base.replace("branch_parents = 0", "branch_parents = 2"), "x.toml"));
        assertTrue(e.getMessage().contains("ou-spde.branch_time") && e.getMessage().contains("> 0 when branch_parents > 0"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> ReproductionConfig.parse(base.replace("branch_parents = 0\nbranch_time = 0.0",
                "branch_parents = 2\nbranch_time = 2.5"), "x.toml"));
        assertTrue(e.getMessage().contains("ou-spde.branch_time") && e.getMessage().contains("whole multiple"), e.getMessage());
    }
}
