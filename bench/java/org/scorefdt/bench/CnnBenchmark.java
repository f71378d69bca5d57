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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.scorefdt.backend.cpu.NativeCnn;
import org.scorefdt.backend.cpu.NativeCnnDsmStep;
import org.scorefdt.backend.cpu.NativeMlp;
import org.scorefdt.integrate.Precision;
import org.scorefdt.score.nn.Activation;
import org.scorefdt.score.nn.PeriodicCnn;

/**
 * Periodic-CNN throughput on the native CPU tier, in samples per second
 * ({@link OperationsPerInvocation} = batch {@value #BATCH}): the DSM network of the periodic CNN
 * (1 field + 1 constant noise channel → 16 → 16 → 16 → 1 channels, 3×3 circular convolutions,
 * SiLU) on {@code grid}×{@code grid}, in {@code precision}, with {@code threads} OpenMP threads:
 * <ul>
 *   <li>{@code forward}: one forward pass of the batch (rows copied in and out across JNI);</li>
 *   <li>{@code trainStep}: one DSM step as {@code DsmTrainer} runs it on this tier
 *       ({@link NativeCnnDsmStep}): forward, loss |net + z|² and its gradient, backward, global-norm
 *       clip, Adam and the EMA of the weights (the minibatch's noise draws excluded: inputs fixed).</li>
 * </ul>
 * Peer: {@code bench/peers/torch_cnn.py} (the same network, batch, precision and steps in PyTorch on
 * the CPU; its constant channel is a full plane). Script: {@code bench/run-cnn.sh}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class CnnBenchmark {
    public static final int BATCH = 64;
    static final int[] HIDDEN = {16, 16, 16};

    @State(Scope.Benchmark)
    public static class Run {
        @Param({"16", "32"})
        public int grid;

        @Param({"F32", "F64"})
        public String precision;

        @Param({"2"})
        public int threads;

        NativeCnn cnn;
        NativeCnnDsmStep step;
        double[] in, out, z;
        float[] in32, out32;

        @Setup(Level.Trial)
        public void setUp() {
            Precision p = Precision.valueOf(precision);
            PeriodicCnn net = PeriodicCnn.initialised(grid, 1, 1, HIDDEN, 1, Activation.SILU, 1);
            cnn = new NativeCnn(grid, 1, 1, new int[] {2, 16, 16, 16, 1}, NativeMlp.SILU, p, BATCH, threads);
            cnn.setParameters(net.parameters());
            step = new NativeCnnDsmStep(net, p, BATCH, 0.999, threads);
            SplittableRandom r = new SplittableRandom(17);
            int d = grid * grid;
            in = new double[BATCH * (d + 1)];
            for (int i = 0; i < in.length; i++) in[i] = r.nextGaussian();
            z = new double[BATCH * d];
            for (int i = 0; i < z.length; i++) z[i] = r.nextGaussian();
            out = new double[z.length];
            in32 = new float[in.length];
            for (int i = 0; i < in.length; i++) in32[i] = (float) in[i];
            out32 = new float[z.length];
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            cnn.close();
            step.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double forward(Run s) {
        if (s.cnn.precision() == Precision.F32) {
            s.cnn.forward(s.in32, BATCH, s.out32);
            return s.out32[0];
        }
        s.cnn.forward(s.in, BATCH, s.out);
        return s.out[0];
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double trainStep(Run s) {
        double[] lg = s.cnn.precision() == Precision.F32 ? s.step.lossAndGradient(s.in32, s.z, BATCH)
                : s.step.lossAndGradient(s.in, s.z, BATCH);
        s.step.update(1e-4, 1.0, lg[1]);
        return lg[0];
    }
}
