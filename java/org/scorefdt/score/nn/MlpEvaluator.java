package org.scorefdt.score.nn;


/**
 * Runs the forward and backward passes of one {@link Mlp}: in Java ({@link Mlp#forward} /
 * {@link Mlp#backward} through {@link Gemm}, the reference, {@link #java}) or on an accelerated tier
 * ({@link NetworkKernels#mlp}: OpenBLAS dgemm on the native CPU library, cuBLAS on a GPU). All read the network's live parameters at each
 * {@link #forward}, so a trainer updating them in place sees the update on the next step; a
 * {@link #backward} belongs to the forward before it. One evaluator per thread.
 *
 * <p>The two agree to rounding (the products are summed in another order, and exp/tanh come from
 * libm instead of fdlibm), not bit for bit; see {@code NativeMlpTest} for the measured bound.
 * Implementations on other tiers live with their tier.
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
}
