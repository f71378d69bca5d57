package org.scorefdt.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scorefdt.api.JobListener;
import org.scorefdt.api.JobResult;
import org.scorefdt.api.OuShardsTest;
import org.scorefdt.api.OuValidationJob;
import org.scorefdt.config.OuJobConfig;
import org.scorefdt.config.TomlConfigLoader;
import org.scorefdt.io.RunDirectory;

/**
 * A Spark task that fails on its first attempt and succeeds on Spark's retry ({@code local[2,2]}: two
 * threads, up to two attempts per task) leaves no trace: the job writes the single-JVM run's outputs
 * byte for byte. The failure comes from the job property {@link SparkOuJob#FAIL_FIRST_ATTEMPT}, the test seam; a listener sees it happen.
 */
class SparkOuJobRetryTest {
    @TempDir
    static Path tmp;

    @Test
    void aTaskRetriedAfterAFailedFirstAttemptGivesTheSingleRunBitForBit() throws IOException {
        OuJobConfig cfg = TomlConfigLoader.parse(OuShardsTest.SMALL, "test.toml");
        Path single = tmp.resolve("single");
        assertTrue(OuValidationJob.run(cfg, RunDirectory.create(single, false), List.of(), JobListener.NONE).complete());
        JavaSparkContext sc = new JavaSparkContext(SparkOuJobTest.quiet(new SparkConf().setMaster("local[2,2]")
                .setAppName("SparkOuJobRetryTest")));
        Set<Integer> failed = ConcurrentHashMap.newKeySet();
        sc.sc().addSparkListener(new org.apache.spark.scheduler.SparkListener() {
            @Override
            public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
                if (end.reason() instanceof org.apache.spark.ExceptionFailure) failed.add((int) end.taskInfo().index());
            }
        });
        try {
            sc.setLogLevel("ERROR");
            sc.setLocalProperty(SparkOuJob.FAIL_FIRST_ATTEMPT, "1"); // shard 1 of 3 fails once
            Path out = tmp.resolve("retried");
            JobResult r = SparkOuJob.run(sc, cfg, 3, RunDirectory.create(out, false), List.of(), JobListener.NONE);
            assertTrue(r.complete(), r.summary());
            assertEquals(1, failed.size(), "one task (the slice running shard 1) failed once: " + failed);
            OuShardsTest.assertSameOutputs(single, out, "a retried task");
        } finally {
            sc.stop();
        }
    }
}
