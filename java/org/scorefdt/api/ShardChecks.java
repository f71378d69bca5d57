package org.scorefdt.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.scorefdt.io.ShardFile;

/**
 * What every merge of shards checks first, whatever the job: the files read, one kind, one config,
 * and member ranges that cover the wanted span exactly once — each refusal one line naming the
 * shard, the gap or the overlap (docs/formats.md §9).
 */
public final class ShardChecks {
    private ShardChecks() {}

    /**
     * Reads shard files (or shard run directories).
     *
     * @throws IllegalArgumentException "merge: " and the reader's one line for the first unreadable one
     */
    public static List<ShardFile.Shard> read(List<Path> files) {
        List<ShardFile.Shard> shards = new ArrayList<>();
        for (Path f : files) {
            try {
                shards.add(ShardFile.read(f));
            } catch (IOException e) {
                throw new IllegalArgumentException("merge: " + e.getMessage(), e);
            }
        }
        return shards;
    }

    /**
     * Same kind ({@code kind}), format and config, the same stage-1 output (among the shards that
     * record one), and the member ranges tile {@code from} … {@code to − 1} exactly once.
     *
     * @param names where each shard was read from, for messages
     */
    public static void check(List<ShardFile.Shard> shards, List<Path> names, String kind, long from, long to) {
        if (shards.isEmpty()) throw new IllegalArgumentException("merge: no shards given");
        ShardFile.Shard f = shards.get(0);
        for (int i = 0; i < shards.size(); i++) {
            ShardFile.Shard s = shards.get(i);
            if (!s.kind().equals(kind)) {
                throw new IllegalArgumentException("merge: " + names.get(i) + " is a '" + s.kind() + "' shard, not '" + kind + "'"
                        + (i > 0 ? " like " + names.get(0) + " (shards of different jobs do not mix)" : ""));
            }
            if (!s.configHash().equals(f.configHash()) || s.members() != f.members() || s.seed() != f.seed()) {
                throw new IllegalArgumentException("merge: " + names.get(i) + " (members " + s.range() + ") is from another config than "
                        + names.get(0) + " (config sha256 " + abbrev(s.configHash()) + " vs " + abbrev(f.configHash()) + ")");
            }
        }
        // One config hash admits stage-1 runs whose bits differ; shards of two of them do not add up to any run.
        int withStage1 = -1;
        for (int i = 0; i < shards.size(); i++) {
            String fp = shards.get(i).stage1();
            if (fp == null) continue;
            if (withStage1 < 0) {
                withStage1 = i;
            } else if (!fp.equals(shards.get(withStage1).stage1())) {
                throw new IllegalArgumentException("merge: " + names.get(withStage1) + " and " + names.get(i) + " come from different"
                        + " stage-1 runs (stage-1 sha256 " + abbrev(shards.get(withStage1).stage1()) + " vs " + abbrev(fp)
                        + "): make every shard from one stage 1");
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < shards.size(); i++) order.add(i);
        order.sort(Comparator.comparingLong(i -> shards.get(i).from()));
        long next = from;
        int prev = -1;
        for (int i : order) {
            ShardFile.Shard s = shards.get(i);
            if (s.from() > next) {
                throw new IllegalArgumentException("merge: members " + next + ":" + s.from() + " are in no shard (a shard is missing)");
            }
            if (s.from() < next) {
                throw new IllegalArgumentException("merge: members " + s.from() + ":" + Math.min(next, s.to()) + " are in both "
                        + (prev < 0 ? "(before the span)" : names.get(prev)) + " and " + names.get(i) + " (overlapping shards)");
            }
            next = s.to();
            prev = i;
        }
        if (next != to) {
            // Past the span the excess runs from its end to the last shard's end.
            throw new IllegalArgumentException(next < to ? "merge: members " + next + ":" + to + " are in no shard (a shard is missing)"
                    : "merge: members " + to + ":" + next + " are beyond the span " + from + ":" + to);
        }
    }

    static String abbrev(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
    }
}
