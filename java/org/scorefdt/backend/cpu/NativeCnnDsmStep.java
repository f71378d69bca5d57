package org.scorefdt.backend.cpu;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.scorefdt.backend.cpu.jni.ScoreFdtCpu;
import org.scorefdt.integrate.Precision;
import org.scorefdt.score.nn.DeviceDsmStep;
import org.scorefdt.score.nn.PeriodicCnn;

/**
 * The DSM training step of a periodic CNN held by the native CPU tier: parameters, gradient, Adam's
 * moments and the EMA of the weights live off-heap; the host trainer supplies each minibatch's inputs
 * and noise (drawn by its Philox scheme) and reads two numbers back. Per step: {@link NativeCnn#dsmGradient}
 * (forward, residual, backward, loss and ‖g‖, all threads), then {@code sfdt_dsm_update} — clip
 * factor, Adam and the ramped EMA with the bodies of nn.h, the operations of {@code Adam} and
 * {@code Ema} in their order, bias corrections from {@link StrictMath#pow} as there. So given the same
 * gradient the update is bit for bit the Java one; the gradient itself agrees to rounding. In F32 the
 * passes run in float on float weights rounded from float64 master weights (Adam, EMA and the loss in
 * float64). Not thread-safe.
 */
public final class NativeCnnDsmStep implements DeviceDsmStep {
    /** Adam's β₁, β₂ and ε: those of the host {@code Adam}. */
    static final double BETA1 = 0.9, BETA2 = 0.999, EPSILON = 1e-8;

    private final NativeCnn nat;
    private final int n;
    private final double emaDecay;
    private final DoublePointer master, m, v, ema;
    private final ScoreFdtCpu.DsmUpdateParams update = new ScoreFdtCpu.DsmUpdateParams();
    private long adamSteps, emaSteps;

    /** @param threads OpenMP threads of the passes, 0 = all cores */
    public NativeCnnDsmStep(PeriodicCnn net, Precision precision, int batch, double emaDecay, int threads) {
        this.nat = new NativeCnn(net.gridSize(), net.fieldChannels(), net.constantChannels(), NativeCnnEvaluator.channels(net),
                NativeCnnEvaluator.activation(net), precision, batch, threads);
        this.n = nat.parameterCount();
        this.emaDecay = emaDecay;
        double[] p = net.parameters();
        nat.setParameters(p);
        master = precision == Precision.F64 ? (DoublePointer) nat.parameterPointer() : new DoublePointer(n).put(p, 0, n);
        m = new DoublePointer(n).zero();
        v = new DoublePointer(n).zero();
        ema = new DoublePointer(n).put(p, 0, n);
        update.precision(NativeCpuBackend.precisionCode(precision)).n(n).master(master).grad(nat.gradientPointer()).m(m).v(v).ema(ema)
                .beta1(BETA1).beta2(BETA2).eps(EPSILON);
        if (precision == Precision.F32) update.params32((FloatPointer) nat.parameterPointer());
    }

    @Override
    public String tier() {
        return "native";
    }

    @Override
    public double[] lossAndGradient(double[] in, double[] noise, int batch) {
        return nat.dsmGradient(in, noise, batch);
    }

    /** {@link #lossAndGradient} with float inputs (F32 steps: no conversion). */
    public double[] lossAndGradient(float[] in, double[] noise, int batch) {
        return nat.dsmGradient(in, noise, batch);
    }

    @Override
    public void update(double lr, double clipNorm, double gradNorm) {
        double clip = gradNorm > clipNorm && Double.isFinite(gradNorm) ? clipNorm / gradNorm : 1.0;
        adamSteps++;
        double c1 = 1 - StrictMath.pow(BETA1, adamSteps), c2 = 1 - StrictMath.pow(BETA2, adamSteps);
        double b = Math.min(emaDecay, (1.0 + emaSteps) / (10.0 + emaSteps));
        emaSteps++;
        update.clip(clip).lr(lr).c1(c1).c2(c2).ema_decay(b);
        NativeCpuBackend.check(ScoreFdtCpu.sfdt_dsm_update(update), "sfdt_dsm_update");
    }

    @Override
    public double[] parameters() {
        double[] p = new double[n];
        master.get(p, 0, n);
        return p;
    }

    @Override
    public double[] gradient() {
        return nat.gradient();
    }

    @Override
    public double[] emaAverage() {
        double[] p = new double[n];
        ema.get(p, 0, n);
        return p;
    }

    @Override
    public void close() {
        if (master != nat.parameterPointer()) master.close();
        m.close();
        v.close();
        ema.close();
        update.close();
        nat.close();
    }
}
