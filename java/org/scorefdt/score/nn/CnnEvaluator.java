package org.scorefdt.score.nn;

/**
 * Runs the forward and backward passes of one {@link PeriodicCnn}: in Java ({@link PeriodicCnn#forward}
 * / {@link PeriodicCnn#backward}, the reference, {@link #java}) or on an accelerated tier
 * ({@link NetworkKernels#cnn}: im2col + OpenBLAS on the native CPU library). All read the network's
 * live parameters at each {@link #forward}, so a trainer updating them in place sees the update on
 * the next step; a {@link #backward} belongs to the forward before it. One evaluator per thread.
 * The tiers agree to rounding (products summed in another order, libm's exp/tanh instead of
 * fdlibm's), not bit for bit; the bounds are stated with each tier (docs/backends.md §1).
 */
public interface CnnEvaluator extends AutoCloseable {

    /** The network evaluated. */
    PeriodicCnn network();

    /** "java" or "native". */
    String tier();

    /** out = net(in) for {@code batch} rows ({@code [batch][inputWidth]} → {@code [batch][outputWidth]}). */
    void forward(double[] in, int batch, double[] out);

    /** As {@link PeriodicCnn#backward}: ∂L/∂θ into {@code gradient} (overwritten), ∂L/∂in into {@code dIn} unless null. */
    void backward(int batch, double[] dOut, double[] gradient, double[] dIn);

    @Override
    void close();

    /** The Java reference. */
    static CnnEvaluator java(PeriodicCnn net, int capacity) {
        Network.Workspace ws = net.workspace(capacity);
        return new CnnEvaluator() {
            @Override public PeriodicCnn network() { return net; }
            @Override public String tier() { return "java"; }
            @Override public void forward(double[] in, int batch, double[] out) { net.forward(in, batch, out, ws); }
            @Override public void backward(int batch, double[] dOut, double[] gradient, double[] dIn) { net.backward(ws, batch, dOut, gradient, dIn); }
            @Override public void close() {}
        };
    }
}
