package org.scorefdt.backend.cuda;

import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.score.CudaDsmStep;
import org.scorefdt.backend.cuda.score.CudaKde;
import org.scorefdt.backend.cuda.score.CudaMlp;
import org.scorefdt.integrate.Precision;
import org.scorefdt.score.KdePairLoop;
import org.scorefdt.score.nn.Activation;
import org.scorefdt.score.nn.DeviceDsmStep;
import org.scorefdt.score.nn.Mlp;
import org.scorefdt.score.nn.MlpEvaluator;
import org.scorefdt.score.nn.Network;
import org.scorefdt.score.nn.PeriodicCnn;

/** The CUDA tier's score and network operations, as the interfaces the score models ask for. */
final class CudaScoreOps {
    /** Adam's β₁, β₂ and ε: those of the host {@code Adam}. */
    private static final double BETA1 = 0.9, BETA2 = 0.999, EPSILON = 1e-8;

    private CudaScoreOps() {}

    /** The F64 KDE kernel (kde.cu), bitwise equal to the Java reference loop. */
    static KdePairLoop kde(CudaKde gpu) {
        return new KdePairLoop() {
            @Override public String tier() { return "cuda"; }
            @Override public void evaluate(double[] q, int m, long[] self, double[] s, double[] div, double[] lse) {
                gpu.evaluate(q, m, self, s, div, lse);
            }
            @Override public void close() { gpu.close(); }
        };
    }

    /** An MLP's passes in F64 (cuBLAS + mlp.cu), fed the network's live parameters at each forward. */
    static MlpEvaluator mlp(CudaDevice device, Mlp net, int capacity) {
        CudaMlp gpu = new CudaMlp(device, net.widths(), activation(net), Precision.F64, capacity);
        return new MlpEvaluator() {
            @Override public Mlp network() { return net; }
            @Override public String tier() { return "cuda"; }
            @Override public void forward(double[] in, int batch, double[] out) {
                gpu.setParameters(net.parameters());
                gpu.forward(in, batch, out);
            }
            @Override public void backward(int batch, double[] dOut, double[] gradient, double[] dIn) {
                gpu.backward(batch, dOut, gradient, dIn);
            }
            @Override public void close() { gpu.close(); }
        };
    }

    /** The device-held DSM step of an MLP or a periodic CNN; null for other architectures. */
    static DeviceDsmStep dsmStep(CudaDevice device, Network net, int batch, double emaDecay) {
        CudaDsmStep step;
        if (net instanceof Mlp mlp) {
            step = new CudaDsmStep(device, mlp.widths(), activation(net), mlp.parameters(), batch, BETA1, BETA2, EPSILON, emaDecay);
        } else if (net instanceof PeriodicCnn cnn) {
            int[] hidden = cnn.hiddenChannels();
            int[] channels = new int[hidden.length + 2];
            channels[0] = cnn.fieldChannels() + cnn.constantChannels();
            System.arraycopy(hidden, 0, channels, 1, hidden.length);
            channels[channels.length - 1] = cnn.outChannels();
            step = CudaDsmStep.periodicCnn(device, cnn.gridSize(), cnn.fieldChannels(), cnn.constantChannels(), channels,
                    activation(net), cnn.parameters(), batch, BETA1, BETA2, EPSILON, emaDecay);
        } else {
            return null;
        }
        return new DeviceDsmStep() {
            @Override public String tier() { return "cuda"; }
            @Override public double[] lossAndGradient(double[] in, double[] noise, int b) { return step.lossAndGradient(in, noise, b); }
            @Override public void update(double lr, double clipNorm, double gradNorm) { step.update(lr, clipNorm, gradNorm); }
            @Override public double[] parameters() { return step.parameters(); }
            @Override public double[] gradient() { return step.gradient(); }
            @Override public double[] emaAverage() { return step.emaAverage(); }
            @Override public void close() { step.close(); }
        };
    }

    private static int activation(Network net) {
        return net.activation() == Activation.SILU ? CudaMlp.SILU : CudaMlp.TANH;
    }
}
