package org.scorefdt.backend.cpu;

import org.scorefdt.score.nn.Mlp;
import org.scorefdt.score.nn.MlpEvaluator;

/** An {@link Mlp}'s passes on {@link NativeMlp}, fed the network's live parameters at each forward. */
final class NativeMlpEvaluator implements MlpEvaluator {
    private final Mlp net;
    private final NativeMlp nat;

    NativeMlpEvaluator(Mlp net, int capacity, int threads) {
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
