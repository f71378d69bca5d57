package org.scorefdt.bench;

import org.scorefdt.score.ScoreKernels;
import org.scorefdt.backend.Backends;
import org.scorefdt.backend.BackendKind;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.scorefdt.score.KdeScore;

/**
 * KDE score throughput in pair interactions per second: one call scores {@value #QUERIES} queries
 * against {@value #DATA} data points in d = {@value #D} (standard normal data, h = 0.5, queries
 * drawn from the same distribution), so {@link OperationsPerInvocation} = queries × data points and
 * JMH's ops/s is pairs/s. {@code backend}: {@code cpu} (native, {@code kde.h} via
 * {@code sfdt_kde_score}) or {@code java} (the reference loop in {@link KdeScore}); {@code threads}
 * as given to both. Per-call costs (centring the queries, copying them in and the scores out) are
 * included. Peer: {@code bench/peers/numpy_kde.py} (same sizes).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 4)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class KdeBenchmark {
    public static final int QUERIES = 4096;
    public static final int DATA = 16384;
    public static final int D = 8;

    @State(Scope.Benchmark)
    public static class Run {
        @Param({"cpu", "java"})
        public String backend;

        @Param({"1", "2"})
        public int threads;

        KdeScore kde;
        double[] queries, out;

        @Setup(Level.Trial)
        public void setUp() {
            SplittableRandom r = new SplittableRandom(17);
            double[] data = new double[DATA * D];
            for (int i = 0; i < data.length; i++) data[i] = r.nextGaussian();
            queries = new double[QUERIES * D];
            for (int i = 0; i < queries.length; i++) queries[i] = r.nextGaussian();
            out = new double[QUERIES * D];
            ScoreKernels tier = switch (backend) {
                case "cpu" -> Backends.open(BackendKind.CPU).first();
                case "java" -> ScoreKernels.REFERENCE;
                default -> throw new IllegalArgumentException("unknown backend " + backend + " (cpu, java)");
            };
            kde = KdeScore.of(data, DATA, D, 0.5, tier, threads);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            kde.close();
        }
    }

    /** Scores of all queries: ops/s = pair interactions/s. */
    @Benchmark
    @OperationsPerInvocation(QUERIES * DATA)
    public double score(Run run) {
        run.kde.score(run.queries, run.out, QUERIES);
        return run.out[0];
    }
}
