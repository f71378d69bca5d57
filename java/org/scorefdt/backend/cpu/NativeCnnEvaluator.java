package org.scorefdt.backend.cpu;

import org.scorefdt.integrate.Precision;
import org.scorefdt.score.nn.CnnEvaluator;
import org.scorefdt.score.nn.PeriodicCnn;

/** A {@link PeriodicCnn}'s passes on {@link NativeCnn} (float64), fed the network's live parameters at each forward. */
final class NativeCnnEvaluator implements CnnEvaluator {
    private final PeriodicCnn net;
    private final NativeCnn nat;

    NativeCnnEvaluator(PeriodicCnn net, int capacity, int threads) {
        this.net = net;
        this.nat = new NativeCnn(net.gridSize(), net.fieldChannels(), net.constantChannels(), channels(net),
                activation(net), Precision.F64, capacity, threads);
    }

    /** C₀ … C_L of {@code net}. */
    static int[] channels(PeriodicCnn net) {
        int[] hidden = net.hiddenChannels();
        int[] ch = new int[hidden.length + 2];
        ch[0] = net.fieldChannels() + net.constantChannels();
        System.arraycopy(hidden, 0, ch, 1, hidden.length);
        ch[ch.length - 1] = net.outChannels();
        return ch;
    }

    static int activation(PeriodicCnn net) {
        return switch (net.activation()) {
            case SILU -> NativeMlp.SILU;
            case TANH -> NativeMlp.TANH;
        };
    }

    @Override public PeriodicCnn network() { return net; }
    @Override public String tier() { return "native"; }

    @Override
    public void forward(double[] in, int batch, double[] out) {
        nat.setParameters(net.parameters());
        nat.forward(in, batch, out);
    }

    @Override public void backward(int batch, double[] dOut, double[] gradient, double[] dIn) { nat.backward(batch, dOut, gradient, dIn); }
    @Override public void close() { nat.close(); }
}
