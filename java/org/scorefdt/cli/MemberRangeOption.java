package org.scorefdt.cli;

import org.scorefdt.api.MemberCuts;
import org.scorefdt.config.ConfigException;
import picocli.CommandLine.Option;

/**
 * {@code --member-range FROM:TO} and {@code --shard I/K}, as {@code ou}, {@code respond} and {@code reproduce} take
 * them: one parse and one check against the job's {@link MemberCuts}, so the commands split and
 * refuse alike (docs/formats.md §9).
 */
public final class MemberRangeOption {
    @Option(names = "--member-range", paramLabel = "FROM:TO", description = "Run only global members FROM … TO−1 (GFDT members,"
            + " then truth pairs; block boundaries) and write a shard for `scorefdt merge` instead of a report.")
    String memberRange;

    @Option(names = "--shard", paramLabel = "I/K", description = "Shard I (0-based) of K: the member range chosen for you"
            + " (e.g. --shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT).")
    String shard;

    /** Whether either option was given. */
    boolean given() {
        return memberRange != null || shard != null;
    }

    /** Whether the range is --shard I/K (chosen from the cuts) rather than --member-range. */
    boolean isShardIndex() {
        return shard != null;
    }

    /**
     * The member range of --member-range or --shard, checked against {@code cuts}; null for a whole run.
     *
     * @throws ConfigException one line naming the option and the value, or the range and the nearest boundaries
     */
    long[] range(MemberCuts cuts) {
        if (memberRange != null && shard != null) {
            throw new ConfigException("command line", null, null, "give either --member-range or --shard, not both");
        }
        try {
            if (memberRange != null) {
                String[] p = memberRange.split(":", -1);
                if (p.length != 2) throw new NumberFormatException();
                long from = Long.parseLong(p[0].trim()), to = Long.parseLong(p[1].trim());
                cuts.check(from, to);
                return new long[] {from, to};
            }
            if (shard != null) {
                String[] p = shard.split("/", -1);
                if (p.length != 2) throw new NumberFormatException();
                return cuts.shardRange(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
            }
        } catch (NumberFormatException e) {
            throw new ConfigException("command line", memberRange != null ? "--member-range" : "--shard",
                    memberRange != null ? memberRange : shard, memberRange != null ? "must be FROM:TO (integers)" : "must be I/K (integers)");
        } catch (IllegalArgumentException e) {
            throw new ConfigException("command line", null, null, e.getMessage());
        }
        return null;
    }
}
