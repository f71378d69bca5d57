package org.scorefdt.backend.cuda.score;

import org.scorefdt.score.AmplitudeCorrectedScore;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;

/**
 * B = −s̃ = T·(−s) of an {@link AmplitudeCorrectedScore} (T = H(0)⁻ᵀ): the wrapped score's device
 * conjugate, then T applied per member in the host's order ({@code sfdt_conj_matvec_f64}). Since
 * rounding is sign-symmetric, Σ_j T_ij(−s_j) = −Σ_j T_ij s_j exactly: bitwise the host's −s̃ when the
 * wrapped conjugate is bitwise; otherwise |ΔB̃_i| ≤ Σ_j |T_ij|·|ΔB_j| (+ d ulp of the product).
 */
final class AmplitudeCorrectedDeviceConjugate implements DeviceConjugate {
    private final CudaDevice device;
    private final int d;
    private final DeviceConjugate inner;
    private final ConjugateKernels kernels;
    private final DeviceBuffer transform;
    private DeviceBuffer raw;

    AmplitudeCorrectedDeviceConjugate(CudaDevice device, AmplitudeCorrectedScore score, DeviceConjugate inner) {
        this.device = device;
        this.d = score.dimension();
        this.inner = inner;
        this.kernels = new ConjugateKernels(device);
        this.transform = DeviceBuffer.allocate(device, Dtype.F64, (long) d * d);
        transform.copyFrom(score.transform());
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public void apply(DeviceBuffer states, int members, DeviceBuffer out) {
        DeviceConjugates.check(states, members, out, d);
        DeviceBuffer held = raw;
        raw = null;
        raw = DeviceBuffer.atLeast(held, device, Dtype.F64, (long) members * d);
        inner.apply(states, members, raw);
        kernels.matvec(raw, out, transform, members, d);
    }

    @Override
    public void close() {
        if (raw != null) raw.close();
        transform.close();
        kernels.close();
        inner.close();
    }
}
