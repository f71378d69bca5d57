package org.scorefdt.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scorefdt.io.ShardFile;

/** The one-line refusals of {@link ShardChecks#check} on bare shards (no sums: the checks read the headers only). */
class ShardChecksTest {
    static ShardFile.Shard shard(long from, long to, String stage1) {
        return new ShardFile.Shard("respond", from, to, 312, 7, "c0ffee", "{}", Map.of(), Map.of(), null, stage1);
    }

    static final List<Path> NAMES = List.of(Path.of("a.sfs"), Path.of("b.sfs"), Path.of("c.sfs"));

    @Test
    void membersPastTheSpanAreNamedInOrder() {
        // GFDT span 0:12, but the second shard runs to 268 (a truth shard given as a GFDT one).
        var e = assertThrows(IllegalArgumentException.class,
                () -> ShardChecks.check(List.of(shard(0, 12, "s"), shard(12, 268, "s")), NAMES, "respond", 0, 12));
        assertEquals("merge: members 12:268 are beyond the span 0:12", e.getMessage());
    }

    @Test
    void shardsOfDifferentStageOneRunsAreRefusedNamingBoth() {
        var e = assertThrows(IllegalArgumentException.class, () -> ShardChecks.check(
                List.of(shard(0, 12, "aaaaaaaaaaaaaaaa"), shard(12, 268, null), shard(268, 312, "bbbbbbbbbbbbbbbb")), NAMES, "respond", 0, 312));
        assertEquals("merge: a.sfs and c.sfs come from different stage-1 runs (stage-1 sha256 aaaaaaaaaaaa… vs bbbbbbbbbbbb…):"
                + " make every shard from one stage 1", e.getMessage());
        // A shard that takes no stage-1 output (null) is compared with none.
        ShardChecks.check(List.of(shard(0, 12, "s"), shard(12, 268, null), shard(268, 312, "s")), NAMES, "respond", 0, 312);
    }
}
