package org.scorefdt.backend.cuda.score;

import org.bytedeco.cuda.global.cudart;
import org.scorefdt.integrate.Precision;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.CudaException;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;
import org.scorefdt.backend.cuda.runtime.KernelModule;
import org.scorefdt.backend.cuda.runtime.KernelParams.AdamParams;
import org.scorefdt.backend.cuda.runtime.KernelParams.EmaParams;
import org.scorefdt.backend.cuda.runtime.KernelParams.ReduceParams;

/**
 * The device half of one denoising-score-matching training step ({@link #lossAndGradient}, then
 * {@link #update}: clipping, Adam, EMA) for any {@link DeviceNetwork}, in F64, with parameters,
 * gradient, Adam's moments and the EMA resident on the GPU; the host draws the minibatch. Not
 * thread-safe. Design: docs/backends.md §6.
 */
public final class CudaDsmStep implements AutoCloseable {
    private static final int RED_THREADS = 256, MAX_PARTIALS = 256;

    private final CudaDevice device;
    private final DeviceNetwork net;
    private final KernelModule module;
    private final int n, inWidth, outWidth;
    private final double beta1, beta2, eps, emaDecay;
    private final DeviceBuffer m, v, ema, z, partials, result;
    private final AdamParams adamParams = new AdamParams();
    private final EmaParams emaParams = new EmaParams();
    private final ReduceParams reduceParams = new ReduceParams();
    private long adamSteps, emaSteps;

    /**
     * @param widths     the MLP's widths w₀ … w_L
     * @param activation {@link CudaMlp#SILU} or {@link CudaMlp#TANH}
     * @param initial    the initial parameters (also the EMA's start), copied
     * @param batch      minibatch rows (buffers are sized for it; larger batches grow them)
     * @param emaDecay   β of the EMA, in [0, 1)
     */
    public CudaDsmStep(CudaDevice device, int[] widths, int activation, double[] initial, int batch, double beta1,
                       double beta2, double eps, double emaDecay) {
        this(device, new CudaMlp(device, widths, activation, Precision.F64, batch), widths[0], widths[widths.length - 1],
                initial, batch, beta1, beta2, eps, emaDecay);
    }

    /**
     * A step for the periodic CNN (cnn.cu's forward and backward passes); shapes as {@link CudaCnn}.
     *
     * @param channels C₀ = F + K, C₁ … C_L
     */
    public static CudaDsmStep periodicCnn(CudaDevice device, int n, int fields, int constants, int[] channels, int activation,
                                          double[] initial, int batch, double beta1, double beta2, double eps, double emaDecay) {
        CudaCnn cnn = new CudaCnn(device, n, fields, constants, channels, activation, Precision.F64, batch);
        return new CudaDsmStep(device, cnn, fields * n * n + constants, channels[channels.length - 1] * n * n, initial, batch,
                beta1, beta2, eps, emaDecay);
    }

    /** Takes ownership of {@code net}: closes it when the construction fails. */
    private CudaDsmStep(CudaDevice device, DeviceNetwork net, int inWidth, int outWidth, double[] initial, int batch,
                        double beta1, double beta2, double eps, double emaDecay) {
        this(device, net, inWidth, outWidth, initial, batch, beta1, beta2, eps, emaDecay, checked(net, initial, beta1, beta2, eps, emaDecay));
    }

    private static boolean checked(DeviceNetwork net, double[] initial, double beta1, double beta2, double eps, double emaDecay) {
        try {
            if (initial.length != net.parameterCount()) {
                throw new IllegalArgumentException("initial parameters hold " + initial.length + " values, need " + net.parameterCount());
            }
            if (!(emaDecay >= 0 && emaDecay < 1)) throw new IllegalArgumentException("EMA decay = " + emaDecay + ": must be in [0, 1)");
            if (!(beta1 >= 0 && beta1 < 1)) throw new IllegalArgumentException("Adam beta1 = " + beta1 + ": must be in [0, 1)");
            if (!(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("Adam beta2 = " + beta2 + ": must be in [0, 1)");
            if (!(eps > 0)) throw new IllegalArgumentException("Adam eps = " + eps + ": must be > 0");
        } catch (IllegalArgumentException e) {
            net.close();
            throw e;
        }
        return true;
    }

    private CudaDsmStep(CudaDevice device, DeviceNetwork net, int inWidth, int outWidth, double[] initial, int batch,
                        double beta1, double beta2, double eps, double emaDecay, boolean validated) {
        this.device = device;
        this.net = net;
        this.module = KernelModule.load(device, CudaMlp.MODULE);  // the training kernels of mlp.cu serve every network
        this.n = net.parameterCount();
        this.inWidth = inWidth;
        this.outWidth = outWidth;
        net.reserve(Math.max(1, batch));
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.emaDecay = emaDecay;
        net.setParameters(initial);
        this.m = DeviceBuffer.allocate(device, Dtype.F64, n);
        this.v = DeviceBuffer.allocate(device, Dtype.F64, n);
        m.zero();
        v.zero();
        this.ema = DeviceBuffer.allocate(device, Dtype.F64, n);
        ema.copyFrom(initial, 0, n, 0);
        this.z = DeviceBuffer.allocate(device, Dtype.F64, (long) Math.max(1, batch) * outWidth);
        this.partials = DeviceBuffer.allocate(device, Dtype.F64, MAX_PARTIALS);
        this.result = DeviceBuffer.allocate(device, Dtype.F64, 2);
    }

    /**
     * Forward, DSM loss and backward for one minibatch.
     *
     * @param in    network inputs {@code [batch][w₀]}
     * @param noise z {@code [batch][w_L]} (the network's target is −z)
     * @return {mean loss, ‖g‖} (before clipping)
     */
    public double[] lossAndGradient(double[] in, double[] noise, int batch) {
        if (batch < 1) throw new IllegalArgumentException("batch = " + batch + ": must be >= 1");
        if (in.length < (long) batch * inWidth) throw new IllegalArgumentException("inputs hold " + in.length + " values, need " + (long) batch * inWidth);
        if (noise.length < (long) batch * outWidth) throw new IllegalArgumentException("noise holds " + noise.length + " values, need " + (long) batch * outWidth);
        net.reserve(batch);
        if (z.elements() < (long) batch * outWidth) throw new IllegalArgumentException("batch " + batch + " exceeds the trainer's batch " + z.elements() / outWidth);
        net.inputBuffer().copyFrom(in, 0, batch * inWidth, 0);
        z.copyFrom(noise, 0, batch * outWidth, 0);
        net.forwardOnDevice(batch);
        long count = (long) batch * outWidth;
        // The output buffer becomes ∂loss/∂out in place; backward reads it from dOutput: copy by the residual kernel's x.
        DeviceBuffer out = net.outputBuffer(), dOut = net.dOutputBuffer();
        CudaException.check(cudart.cuMemcpyDtoD(dOut.address(), out.address(), 8 * count), "cuMemcpyDtoD");
        reduce("sfdt_dsm_residual_f64", dOut, z, count, 2.0 / count, 0);
        net.backwardOnDevice(batch);
        reduce("sfdt_sum_sq_f64", net.gradientBuffer(), null, n, 0, 1);
        double[] r = result.toArray();
        return new double[] {r[0] / count, Math.sqrt(r[1])};
    }

    /** partials ← block sums of the kernel, then result[slot] ← their in-order total. */
    private void reduce(String fn, DeviceBuffer x, DeviceBuffer zz, long count, double scale, int slot) {
        long blocks = KernelModule.blocks(count, RED_THREADS, MAX_PARTIALS);
        reduceParams.x(x.address()).z(zz == null ? 0 : zz.address()).partials(partials.address()).result(result.address())
                .n(count).scale(scale).slot(slot);
        module.launch(fn, blocks, RED_THREADS, 0, reduceParams);
        reduceParams.x(0).z(0).partials(partials.address()).result(result.address()).n(blocks).scale(0).slot(slot);
        module.launch("sfdt_sum_partials_f64", 1, RED_THREADS, 0, reduceParams);
    }

    /**
     * Clip, Adam step with learning rate {@code lr}, EMA update.
     *
     * @param gradNorm ‖g‖ as returned by {@link #lossAndGradient}
     * @param clipNorm the clipping threshold (∞ disables)
     */
    public void update(double lr, double clipNorm, double gradNorm) {
        double clip = gradNorm > clipNorm && Double.isFinite(gradNorm) ? clipNorm / gradNorm : 1.0;
        adamSteps++;
        double c1 = 1 - StrictMath.pow(beta1, adamSteps), c2 = 1 - StrictMath.pow(beta2, adamSteps);
        adam(lr, c1, c2, clip);
        double b = Math.min(emaDecay, (1.0 + emaSteps) / (10.0 + emaSteps));
        emaSteps++;
        emaParams.average(ema.address()).params(net.parameterBuffer().address()).n(n).decay(b);
        module.launchCapped("sfdt_ema_f64", n, MAX_ELEMENT_BLOCKS, emaParams);
    }

    /** One Adam launch over the device gradient (package-private for the kernel parity test). */
    void adam(double lr, double c1, double c2, double clip) {
        adamParams.params(net.parameterBuffer().address()).grad(net.gradientBuffer().address()).m(m.address()).v(v.address())
                .n(n).beta1(beta1).beta2(beta2).eps(eps).lr(lr).c1(c1).c2(c2).clip(clip);
        module.launchCapped("sfdt_adam_f64", n, MAX_ELEMENT_BLOCKS, adamParams);
    }

    /** Most blocks of an element-wise launch (the kernels stride over the rest). */
    private static final long MAX_ELEMENT_BLOCKS = 4096;

    /** The current parameters (download). */
    public double[] parameters() {
        return net.parameterBuffer().toArray();
    }

    /** The gradient of the last {@link #lossAndGradient} (download; unclipped). */
    public double[] gradient() {
        return net.gradientBuffer().toArray();
    }

    /** The EMA of the weights (download). */
    public double[] emaAverage() {
        return ema.toArray();
    }

    /** Replaces the device parameters (tests of the update kernels). */
    void setParameters(double[] p) {
        net.setParameters(p);
    }

    /** Replaces the device gradient (tests of the update kernels). */
    void setGradient(double[] g) {
        net.gradientBuffer().copyFrom(g, 0, n, 0);
    }

    @Override
    public void close() {
        DeviceBuffer.closeAll(m, v, ema, z, partials, result);
        net.close();
        adamParams.close();
        emaParams.close();
        reduceParams.close();
        device.makeCurrent();
    }
}
