package org.scorefdt.backend.cuda.score;

import org.scorefdt.integrate.Precision;
import org.scorefdt.score.nn.DsmScore;
import org.scorefdt.score.nn.Mlp;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;

/**
 * B = −s of a {@link DsmScore} with an {@link Mlp} network, read off at σ = σ_min as
 * {@link DsmScore#score(double[], double[], int)} does: the network input
 * in_i = (y_i − μ_i)/√(s_i² + σ²), in_d = τ(σ) is formed on the device (the divisors and τ(σ)
 * computed on the host exactly as DsmScore computes them, so the input is bitwise the host's), the
 * forward pass is {@link CudaMlp#forwardOnDevice} (cuBLAS + layer kernels), and B = out·(−1/σ),
 * which equals the host's −(out·(1/σ)) bit for bit. Only the forward pass differs from the Java tier:
 * by CudaMlp's parity bound (≤ 10⁻¹² × max|out| per batch, other summation orders and CUDA's exp),
 * hence |B_dev − B_host| ≤ 10⁻¹²·max|out|/σ.
 */
final class DsmDeviceConjugate implements DeviceConjugate {
    private final int d;
    private final double sigma, feature;
    private final ConjugateKernels kernels;
    private final CudaMlp mlp;
    private final DeviceBuffer mean, divisor;

    DsmDeviceConjugate(CudaDevice device, DsmScore score) {
        Mlp net = (Mlp) score.network();
        this.d = score.dimension();
        this.sigma = score.schedule().sigmaMin();
        this.feature = score.schedule().feature(sigma);
        double[] s = score.std(), div = new double[d];
        double s2 = sigma * sigma;
        for (int i = 0; i < d; i++) div[i] = Math.sqrt(s[i] * s[i] + s2);
        int act = switch (net.activation()) {
            case SILU -> CudaMlp.SILU;
            case TANH -> CudaMlp.TANH;
        };
        this.mlp = new CudaMlp(device, net.widths(), act, Precision.F64, 1);
        mlp.setParameters(net.parameters());
        this.kernels = new ConjugateKernels(device);
        this.mean = DeviceBuffer.allocate(device, Dtype.F64, d);
        this.divisor = DeviceBuffer.allocate(device, Dtype.F64, d);
        mean.copyFrom(score.mean());
        divisor.copyFrom(div);
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public void apply(DeviceBuffer states, int members, DeviceBuffer out) {
        DeviceConjugates.check(states, members, out, d);
        mlp.reserve(members);
        kernels.affine(states, mlp.inputBuffer(), mean, divisor, members, d, d + 1, 1.0, feature);
        mlp.forwardOnDevice(members);
        double inv = 1 / sigma;
        kernels.affine(mlp.outputBuffer(), out, null, null, members, d, d, -inv, 0.0);
    }

    @Override
    public void close() {
        mean.close();
        divisor.close();
        mlp.close();
        kernels.close();
    }
}
