package org.scorefdt.backend.cuda.score;

import org.scorefdt.score.QuasiGaussianScore;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;

/**
 * B = −s = C_ρ⁻¹(x − μ) of a {@link QuasiGaussianScore}: per member the forward and back
 * substitutions of its Cholesky factor in {@code Cholesky.solve}'s order ({@code sfdt_conj_gaussian_f64},
 * one thread per member), so B equals the host's −s bit for bit. (Not {@link CudaGaussianScore}'s
 * explicit-inverse cuBLAS product, which agrees only to κ(C_ρ)·dε.) Cost per member: d² multiply-adds.
 */
final class GaussianDeviceConjugate implements DeviceConjugate {
    private final int d;
    private final ConjugateKernels kernels;
    private final DeviceBuffer mean, lower;

    GaussianDeviceConjugate(CudaDevice device, QuasiGaussianScore score) {
        this.d = score.dimension();
        this.kernels = new ConjugateKernels(device);
        this.mean = DeviceBuffer.allocate(device, Dtype.F64, d);
        this.lower = DeviceBuffer.allocate(device, Dtype.F64, (long) d * d);
        mean.copyFrom(score.mean());
        lower.copyFrom(score.factor().lower());
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public void apply(DeviceBuffer states, int members, DeviceBuffer out) {
        DeviceConjugates.check(states, members, out, d);
        kernels.gaussian(states, out, mean, lower, members, d);
    }

    @Override
    public void close() {
        mean.close();
        lower.close();
        kernels.close();
    }
}
