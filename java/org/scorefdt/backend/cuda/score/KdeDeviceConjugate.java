package org.scorefdt.backend.cuda.score;

import org.scorefdt.integrate.Precision;
import org.scorefdt.score.KdeScore;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;

/**
 * B = −s of a {@link KdeScore}: the queries are centred on the device (y − c, exact as on the host),
 * the F64 pair kernel of {@link CudaKde} (bitwise equal to the Java and native tiers) writes s, and
 * a negation gives B — bit for bit the host's −s. The data (n × d) live on the device with it.
 */
final class KdeDeviceConjugate implements DeviceConjugate {
    private final CudaDevice device;
    private final int d;
    private final ConjugateKernels kernels;
    private final CudaKde kde;
    private final DeviceBuffer centre;
    private DeviceBuffer centred;

    KdeDeviceConjugate(CudaDevice device, KdeScore score) {
        this.device = device;
        this.d = score.dimension();
        double[] k = score.pairConstants();
        this.kde = new CudaKde(device, score.centredData(), score.centredSquares(), score.size(), d, k[0], k[1], Precision.F64);
        this.kernels = new ConjugateKernels(device);
        this.centre = DeviceBuffer.allocate(device, Dtype.F64, d);
        centre.copyFrom(score.centre());
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public void apply(DeviceBuffer states, int members, DeviceBuffer out) {
        DeviceConjugates.check(states, members, out, d);
        DeviceBuffer held = centred;
        centred = null;
        centred = DeviceBuffer.atLeast(held, device, Dtype.F64, (long) members * d);
        kernels.affine(states, centred, centre, null, members, d, d, 1.0, 0.0);
        kde.scoreOnDevice(centred, members, out);
        kernels.affine(out, out, null, null, members, d, d, -1.0, 0.0);
    }

    @Override
    public void close() {
        if (centred != null) centred.close();
        centre.close();
        kde.close();
        kernels.close();
    }
}
