package org.scorefdt.bench;

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
import org.openjdk.jmh.annotations.Warmup;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.backend.Backends;
import org.scorefdt.integrate.Precision;
import org.scorefdt.model.Grid;
import org.scorefdt.response.LaggedGridAccumulator;
import org.scorefdt.response.ResponseKernels;

/**
 * The GFDT grid accumulator at the sizes of {@code ou --preset paper}: N = 32, {@value #MEMBERS}
 * members, {@value #LAGS} lags, {@value #BLOCKS} blocks. One invocation is one save of every member
 * ({@link OperationsPerInvocation} = members, so ops/s is member-saves/s, which is member-steps/s of
 * the job's passes at save_every = 1). The conjugate is B = −u (the score's cost is not measured);
 * the fields are four fixed random sets, cycled; the ring is filled before timing, so every save
 * updates all lags. {@code backend}: {@code cpu} (the native tier's kernel through its
 * {@code laggedGrid} offer; it holds up to 16 saves and adds them in one pass, so the mean includes
 * that pass) or {@code java} (the accumulator's own loop, F64 only).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 4)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class LaggedGridBenchmark {
    public static final int N = 32;
    public static final int MEMBERS = 128;
    public static final int LAGS = 100;
    public static final int BLOCKS = 16;

    @State(Scope.Benchmark)
    public static class Run {
        @Param({"cpu", "java"})
        public String backend;

        @Param({"f64", "f32"})
        public String precision;

        @Param({"2"})
        public int threads;

        LaggedGridAccumulator acc;
        double[][] fields;
        long save;

        @Setup(Level.Trial)
        public void setUp() {
            Precision p = precision.equals("f32") ? Precision.F32 : Precision.F64;
            ResponseKernels tier = switch (backend) {
                case "cpu" -> Backends.open(BackendKind.CPU).first();
                case "java" -> {
                    if (p != Precision.F64) throw new IllegalArgumentException("the Java accumulator computes in F64 only");
                    yield ResponseKernels.REFERENCE;
                }
                default -> throw new IllegalArgumentException("unknown backend " + backend + " (cpu, java)");
            };
            Grid grid = new Grid(N);
            int size = grid.size();
            SplittableRandom r = new SplittableRandom(23);
            fields = new double[4][MEMBERS * size];
            for (double[] f : fields) for (int i = 0; i < f.length; i++) f[i] = r.nextGaussian();
            acc = new LaggedGridAccumulator(grid, (s, out, m) -> {
                for (int i = 0; i < m * size; i++) out[i] = -s[i];
            }, 0, LAGS, BLOCKS, tier, p, threads);
            for (int t = 0; t < LAGS; t++) observe();
        }

        void observe() {
            acc.observe(save, save, fields[(int) (save % 4)], MEMBERS);
            save++;
        }
    }

    /** One save of every member: ops/s = member-saves/s. */
    @Benchmark
    @OperationsPerInvocation(MEMBERS)
    public void save(Run run) {
        run.observe();
    }
}
