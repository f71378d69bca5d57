package org.scorefdt.bench;

import org.scorefdt.backend.Backends;
import org.scorefdt.backend.BackendKind;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
import org.scorefdt.score.nn.Activation;
import org.scorefdt.score.nn.Mlp;
import org.scorefdt.score.nn.MlpEvaluator;

/**
 * MLP throughput in samples per second: a forward pass (and, in {@link #forwardBackward}, the
 * backward pass for all parameter gradients) of a SiLU network {@value #D} → 64 → 64 → {@value #D}
 * on a batch of {@value #BATCH} standard-normal rows; {@link OperationsPerInvocation} = batch, so
 * JMH's ops/s is samples/s. {@code backend}: {@code cpu} (native: OpenBLAS dgemm + nn.h through
 * the native tier's {@code mlp} offer, OpenBLAS and OpenMP set to {@code threads}) or {@code java} (the
 * reference {@link Mlp} with its blocked Java GEMM; with 2 threads the batch is split in row halves
 * over a fixed pool, one workspace each — forward only, as the backward's sums over the batch do not
 * split). Copying the parameters, the input and the output across JNI is included. Peer:
 * {@code bench/peers/numpy_mlp.py} (same sizes).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class NativeMlpBenchmark {
    public static final int D = 40;
    public static final int BATCH = 4096;
    static final int[] WIDTHS = {D, 64, 64, D};

    @State(Scope.Benchmark)
    public static class Run {
        @Param({"cpu", "java"})
        public String backend;

        @Param({"1", "2"})
        public int threads;

        Mlp net;
        MlpEvaluator eval;
        MlpEvaluator[] halves;
        ExecutorService pool;
        double[] in, out, dOut, grad;
        double[][] inHalf, outHalf;

        @Setup(Level.Trial)
        public void setUp() {
            net = Mlp.initialised(WIDTHS, Activation.SILU, 3);
            SplittableRandom r = new SplittableRandom(17);
            in = new double[BATCH * D];
            for (int i = 0; i < in.length; i++) in[i] = r.nextGaussian();
            dOut = new double[BATCH * D];
            for (int i = 0; i < dOut.length; i++) dOut[i] = r.nextGaussian() / BATCH;
            out = new double[BATCH * D];
            grad = new double[net.parameterCount()];
            eval = switch (backend) {
                case "cpu" -> Backends.open(BackendKind.CPU).first().mlp(net, BATCH, threads).value();
                case "java" -> MlpEvaluator.java(net, BATCH);
                default -> throw new IllegalArgumentException("unknown backend " + backend + " (cpu, java)");
            };
            if (backend.equals("java") && threads > 1) {
                pool = Executors.newFixedThreadPool(threads);
                int rows = BATCH / threads;
                halves = new MlpEvaluator[threads];
                inHalf = new double[threads][];
                outHalf = new double[threads][];
                for (int t = 0; t < threads; t++) {
                    halves[t] = MlpEvaluator.java(net, rows);
                    inHalf[t] = java.util.Arrays.copyOfRange(in, t * rows * D, (t + 1) * rows * D);
                    outHalf[t] = new double[rows * D];
                }
            }
        }

        void forward() throws Exception {
            if (halves == null) {
                eval.forward(in, BATCH, out);
                return;
            }
            int rows = BATCH / halves.length;
            List<Future<?>> f = new ArrayList<>(halves.length);
            for (int t = 0; t < halves.length; t++) {
                int tt = t;
                f.add(pool.submit(() -> halves[tt].forward(inHalf[tt], rows, outHalf[tt])));
            }
            for (Future<?> x : f) x.get();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            eval.close();
            if (pool != null) pool.shutdownNow();
        }
    }

    /** Forward pass of the whole batch: ops/s = samples/s. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double forward(Run run) throws Exception {
        run.forward();
        return run.halves == null ? run.out[0] : run.outHalf[0][0];
    }

    /** Forward and backward (parameter gradients, no input gradient) on one thread's evaluator: ops/s = samples/s. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double forwardBackward(Run run) {
        run.eval.forward(run.in, BATCH, run.out);
        run.eval.backward(BATCH, run.dOut, run.grad, null);
        return run.grad[0];
    }
}
