package org.scorefdt.score.nn;

import org.scorefdt.backend.BackendUnavailableException;
import org.scorefdt.backend.cpu.NativeMlp;
import org.scorefdt.backend.cuda.score.CudaMlp;
import org.scorefdt.backend.cuda.CudaScores;
import org.scorefdt.integrate.Precision;

/**
 * Runs the forward and backward passes of one {@link Mlp}: in Java ({@link Mlp#forward} /
 * {@link Mlp#backward} through {@link Gemm}, the reference) or on the native CPU library
 * (OpenBLAS dgemm, {@link NativeMlp}). Both read the network's live parameters at each
 * {@link #forward}, so a trainer updating them in place sees the update on the next step; a
 * {@link #backward} belongs to the forward before it. One evaluator per thread.
 *
 * <p>The two agree to rounding (the products are summed in another order, and exp/tanh come from
 * libm instead of fdlibm), not bit for bit; see {@code NativeMlpTest} for the measured bound.
 */
public interface MlpEvaluator extends AutoCloseable {

    /** The network evaluated. */
    Mlp network();

    /** "java", "native" or "cuda". */
    String tier();

    /** out = net(in) for {@code batch} rows ({@code [batch][w₀]} → {@code [batch][w_L]}). */
    void forward(double[] in, int batch, double[] out);

    /** As {@link Mlp#backward}: ∂L/∂θ into {@code gradient} (overwritten), ∂L/∂in into {@code dIn} unless null. */
    void backward(int batch, double[] dOut, double[] gradient, double[] dIn);

    @Override
    void close();

    /** The Java reference. */
    static MlpEvaluator java(Mlp net, int capacity) {
        return new JavaTier(net, capacity);
    }

    /**
     * The native tier.
     *
     * @param threads OpenBLAS/OpenMP threads (OpenBLAS's setting is process-wide), 0 = defaults
     * @throws BackendUnavailableException if the native library cannot be loaded
     */
    static MlpEvaluator nativeCpu(Mlp net, int capacity, int threads) {
        return new NativeTier(net, capacity, threads);
    }

    /**
     * The GPU tier (F64: cuBLAS + the layer kernels of mlp.cu; forward and backward).
     *
     * @throws BackendUnavailableException if no device, kernels or cuBLAS are here
     */
    static MlpEvaluator cuda(Mlp net, int capacity) {
        return new CudaTier(net, capacity);
    }

    /** CUDA where {@link CudaScores#preferred()} and a device is here, else the native tier where it loads, else the Java reference. */
    static MlpEvaluator best(Mlp net, int capacity, int threads) {
        if (CudaScores.preferred()) {
            try {
                return cuda(net, capacity);
            } catch (BackendUnavailableException e) {
                // fall through to the CPU tiers
            }
        }
        try {
            return nativeCpu(net, capacity, threads);
        } catch (BackendUnavailableException e) {
            return java(net, capacity);
        }
    }

    /** {@link Mlp}'s own passes with a {@link Mlp.Workspace}. */
    final class JavaTier implements MlpEvaluator {
        private final Mlp net;
        private final Mlp.Workspace ws;

        private JavaTier(Mlp net, int capacity) {
            this.net = net;
            this.ws = net.workspace(capacity);
        }

        @Override public Mlp network() { return net; }
        @Override public String tier() { return "java"; }
        @Override public void forward(double[] in, int batch, double[] out) { net.forward(in, batch, out, ws); }
        @Override public void backward(int batch, double[] dOut, double[] gradient, double[] dIn) { net.backward(ws, batch, dOut, gradient, dIn); }
        @Override public void close() {}
    }

    /** {@link NativeMlp} fed the network's live parameters at each forward. */
    final class NativeTier implements MlpEvaluator {
        private final Mlp net;
        private final NativeMlp nat;

        private NativeTier(Mlp net, int capacity, int threads) {
            this.net = net;
            int id = switch (net.activation()) {
                case SILU -> NativeMlp.SILU;
                case TANH -> NativeMlp.TANH;
            };
            this.nat = new NativeMlp(net.widths(), id, capacity, threads);
        }

        @Override public Mlp network() { return net; }
        @Override public String tier() { return "native"; }
        @Override public void forward(double[] in, int batch, double[] out) { nat.forward(net.parameters(), in, batch, out); }
        @Override public void backward(int batch, double[] dOut, double[] gradient, double[] dIn) { nat.backward(batch, dOut, gradient, dIn); }
        @Override public void close() { nat.close(); }
    }

    /** {@link CudaMlp} (F64) fed the network's live parameters at each forward. */
    final class CudaTier implements MlpEvaluator {
        private final Mlp net;
        private final CudaMlp gpu;

        private CudaTier(Mlp net, int capacity) {
            this.net = net;
            int id = switch (net.activation()) {
                case SILU -> CudaMlp.SILU;
                case TANH -> CudaMlp.TANH;
            };
            this.gpu = CudaScores.mlp(net.widths(), id, Precision.F64, capacity);
        }

        @Override public Mlp network() { return net; }
        @Override public String tier() { return "cuda"; }
        @Override public void forward(double[] in, int batch, double[] out) {
            gpu.setParameters(net.parameters());
            gpu.forward(in, batch, out);
        }
        @Override public void backward(int batch, double[] dOut, double[] gradient, double[] dIn) { gpu.backward(batch, dOut, gradient, dIn); }
        @Override public void close() { gpu.close(); }
    }
}
