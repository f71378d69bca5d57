package org.scorefdt.bench;

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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.scorefdt.score.nn.Activation;
import org.scorefdt.score.nn.Adam;
import org.scorefdt.score.nn.Mlp;
import org.scorefdt.score.nn.MlpEvaluator;
import org.scorefdt.score.nn.Network;
import org.scorefdt.score.nn.PeriodicCnn;

/**
 * Throughput of the DSM networks (Java reference, single thread), in samples per second
 * ({@link OperationsPerInvocation} = rows per call):
 * <ul>
 *   <li>{@code mlpForward}: MLP d = 40 (+1 noise feature) → 64 → 64 → 40, SiLU, batch 4096;</li>
 *   <li>{@code mlpTrainStep}: one DSM training step of that MLP at batch 256 — forward, the
 *       σ²-weighted loss |net + z|² and its gradient, backward (no input gradient), global-norm
 *       clip and an Adam update (noise draws excluded: the inputs are fixed);</li>
 *   <li>{@code mlpTrainStepNative}: the same step with the passes on the native tier (OpenBLAS, one thread);</li>
 *   <li>{@code cnnTrainStep}: the same step for the periodic CNN on 16×16 (1 field + 1 constant
 *       channel → 16 → 16 → 16 → 1 channels, 3×3 circular), batch 256.</li>
 * </ul>
 * Peer: {@code bench/peers/numpy_mlp.py} (the two MLP workloads, float64).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class NetworkBenchmark {
    public static final int D = 40, FORWARD_BATCH = 4096, STEP_BATCH = 256, GRID = 16;

    /** A network, fixed inputs and targets, a workspace, and an Adam state. */
    public abstract static class Run {
        Network net;
        Network.Workspace ws;
        Adam adam;
        double[] in, out, z, grad;

        void setUp(Network network, int batch) {
            net = network;
            SplittableRandom r = new SplittableRandom(17);
            in = new double[batch * net.inputWidth()];
            for (int i = 0; i < in.length; i++) in[i] = r.nextGaussian();
            z = new double[batch * net.outputWidth()];
            for (int i = 0; i < z.length; i++) z[i] = r.nextGaussian();
            out = new double[z.length];
            grad = new double[net.parameterCount()];
            ws = net.workspace(batch);
            adam = new Adam(net.parameterCount());
        }

        /** One DSM step as in DsmTrainer (minus the noise draws): returns the loss. */
        double step(int batch) {
            net.forward(in, batch, out, ws);
            int m = z.length;
            double loss = 0, scale = 2.0 / m;
            for (int j = 0; j < m; j++) {
                double e = out[j] + z[j];
                loss += e * e;
                out[j] = scale * e;
            }
            net.backward(ws, batch, out, grad, null);
            Adam.clipGlobalNorm(grad, 1.0);
            adam.step(net.parameters(), grad, 1e-4);
            return loss / m;
        }
    }

    @State(Scope.Benchmark)
    public static class MlpForward extends Run {
        @Setup(Level.Trial)
        public void setUp() {
            setUp(Mlp.initialised(new int[] {D + 1, 64, 64, D}, Activation.SILU, 1), FORWARD_BATCH);
        }
    }

    @State(Scope.Benchmark)
    public static class MlpStep extends Run {
        @Setup(Level.Trial)
        public void setUp() {
            setUp(Mlp.initialised(new int[] {D + 1, 64, 64, D}, Activation.SILU, 1), STEP_BATCH);
        }
    }

    /**
     * The MLP step with the passes on the native tier (OpenBLAS, one thread; the native tier's MLP passes,
     * as {@link org.scorefdt.score.nn.DsmTrainer} runs them); loss, clipping and Adam as in {@link Run#step}.
     */
    @State(Scope.Benchmark)
    public static class NativeMlpStep extends Run {
        MlpEvaluator eval;

        @Setup(Level.Trial)
        public void setUp() {
            Mlp mlp = Mlp.initialised(new int[] {D + 1, 64, 64, D}, Activation.SILU, 1);
            setUp(mlp, STEP_BATCH);
            eval = Backends.open(BackendKind.CPU).first().mlp(mlp, STEP_BATCH, 0).value();
        }

        double nativeStep(int batch) {
            eval.forward(in, batch, out);
            int m = z.length;
            double loss = 0, scale = 2.0 / m;
            for (int j = 0; j < m; j++) {
                double e = out[j] + z[j];
                loss += e * e;
                out[j] = scale * e;
            }
            eval.backward(batch, out, grad, null);
            Adam.clipGlobalNorm(grad, 1.0);
            adam.step(net.parameters(), grad, 1e-4);
            return loss / m;
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            eval.close();
        }
    }

    @State(Scope.Benchmark)
    public static class CnnStep extends Run {
        @Setup(Level.Trial)
        public void setUp() {
            setUp(PeriodicCnn.initialised(GRID, 1, 1, new int[] {16, 16, 16}, 1, Activation.SILU, 1), STEP_BATCH);
        }
    }

    @Benchmark
    @OperationsPerInvocation(FORWARD_BATCH)
    public double mlpForward(MlpForward s) {
        s.net.forward(s.in, FORWARD_BATCH, s.out, s.ws);
        return s.out[0];
    }

    @Benchmark
    @OperationsPerInvocation(STEP_BATCH)
    public double mlpTrainStep(MlpStep s) {
        return s.step(STEP_BATCH);
    }

    @Benchmark
    @OperationsPerInvocation(STEP_BATCH)
    public double mlpTrainStepNative(NativeMlpStep s) {
        return s.nativeStep(STEP_BATCH);
    }

    @Benchmark
    @OperationsPerInvocation(STEP_BATCH)
    public double cnnTrainStep(CnnStep s) {
        return s.step(STEP_BATCH);
    }
}
