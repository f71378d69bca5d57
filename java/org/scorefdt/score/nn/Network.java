package org.scorefdt.score.nn;

/**
 * A differentiable map from rows of {@link #inputWidth()} values to rows of {@link #outputWidth()}
 * values, with all parameters in one flat {@code double[]} (so optimisers, EMA, clipping and model
 * files treat every architecture alike). Implemented by {@link Mlp} and {@link PeriodicCnn}.
 *
 * <p>Contract shared by the implementations: {@link #parameters()} is live (writes change the
 * network); {@link #forward} keeps in its workspace what {@link #backward} needs; {@link #backward}
 * overwrites the gradient (same layout as the parameters) and, when {@code dIn} is not null, writes
 * ∂L/∂in. Not thread-safe while parameters change; with fixed parameters concurrent forwards are
 * safe with one workspace per thread.
 */
public interface Network {
    /** Architecture tag as written in model files: {@code "mlp"} or {@code "periodic-cnn"}. */
    String architecture();

    /** Values per input row. */
    int inputWidth();

    /** Values per output row. */
    int outputWidth();

    /** Hidden-layer nonlinearity. */
    Activation activation();

    int parameterCount();

    /** The live parameter vector (not a copy). */
    double[] parameters();

    /** An independent network with a copy of the parameters. */
    Network copy();

    /** The same architecture with the given parameters (copied); length must be {@link #parameterCount()}. */
    Network withParameters(double[] params);

    /** Scratch for a batch of up to {@code capacity} rows (grows on demand). */
    Workspace workspace(int capacity);

    /**
     * out = net(in) for {@code batch} rows.
     *
     * @param in  {@code [batch][inputWidth]}, read-only
     * @param out {@code [batch][outputWidth]}
     * @param ws  a workspace made by this network's architecture
     */
    void forward(double[] in, int batch, double[] out, Workspace ws);

    /**
     * Back-propagates ∂L/∂out through the last {@link #forward} on {@code ws}.
     *
     * @param dOut     ∂L/∂out {@code [batch][outputWidth]}, read-only
     * @param gradient receives ∂L/∂θ (overwritten), {@link #parameterCount()} values
     * @param dIn      receives ∂L/∂in {@code [batch][inputWidth]}, or null when not needed
     */
    void backward(Workspace ws, int batch, double[] dOut, double[] gradient, double[] dIn);

    /** Per-thread scratch of one architecture. */
    interface Workspace {
        int capacity();
    }
}
