package org.scorefdt.backend.cuda.runtime;

import org.bytedeco.cuda.cudart.double2;
import org.bytedeco.cuda.cudart.float2;
import org.bytedeco.cuda.global.cufft;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.scorefdt.integrate.Precision;

/**
 * A pair of batched n×n real↔complex cuFFT plans (r2c forward, c2r inverse, unnormalised, default
 * contiguous layout: real [batch][n][n], complex [batch][n][n/2+1] interleaved), reached through the
 * JavaCPP presets (their headers are not needed at build time). Plans run on the legacy default
 * stream, as our kernel launches do, so the two are ordered without explicit synchronisation.
 */
public final class CufftPlan2d implements AutoCloseable {
    private final Precision precision;
    private final int batch;
    private int forward = -1;
    private int inverse = -1;

    public CufftPlan2d(CudaDevice device, int n, int batch, Precision precision) {
        this.precision = precision;
        this.batch = batch;
        device.makeCurrent();
        int[] dims = {n, n};
        int idist = n * n, odist = n * (n / 2 + 1);
        int[] h = new int[1];
        boolean f64 = precision == Precision.F64;
        CudaException.checkCufft(cufft.cufftPlanMany(h, 2, dims, (int[]) null, 1, idist, (int[]) null, 1, odist,
                f64 ? cufft.CUFFT_D2Z : cufft.CUFFT_R2C, batch), "cufftPlanMany(r2c " + n + "x" + n + " × " + batch + ")");
        forward = h[0];
        try {
            CudaException.checkCufft(cufft.cufftPlanMany(h, 2, dims, (int[]) null, 1, odist, (int[]) null, 1, idist,
                    f64 ? cufft.CUFFT_Z2D : cufft.CUFFT_C2R, batch), "cufftPlanMany(c2r " + n + "x" + n + " × " + batch + ")");
            inverse = h[0];
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public int batch() {
        return batch;
    }

    /**
     * complex ← r2c(real), for the plan's batch of members starting at element 0 of each buffer; may
     * overwrite real (cuFFT's out-of-place r2c may, and the stand-in of FakeDriverTest always does):
     * callers that read the input again transform a device copy.
     */
    public void forward(DeviceBuffer real, DeviceBuffer complex) {
        if (precision == Precision.F64) {
            CudaException.checkCufft(cufft.cufftExecD2Z(forward, new DoublePointer(real.devicePointer()),
                    new double2(complex.devicePointer())), "cufftExecD2Z");
        } else {
            CudaException.checkCufft(cufft.cufftExecR2C(forward, new FloatPointer(real.devicePointer()),
                    new float2(complex.devicePointer())), "cufftExecR2C");
        }
    }

    /** real ← c2r(complex), unnormalised; overwrites complex (cuFFT's c2r destroys its input). */
    public void inverse(DeviceBuffer complex, DeviceBuffer real) {
        if (precision == Precision.F64) {
            CudaException.checkCufft(cufft.cufftExecZ2D(inverse, new double2(complex.devicePointer()),
                    new DoublePointer(real.devicePointer())), "cufftExecZ2D");
        } else {
            CudaException.checkCufft(cufft.cufftExecC2R(inverse, new float2(complex.devicePointer()),
                    new FloatPointer(real.devicePointer())), "cufftExecC2R");
        }
    }

    @Override
    public void close() {
        if (forward >= 0) cufft.cufftDestroy(forward);
        if (inverse >= 0) cufft.cufftDestroy(inverse);
        forward = -1;
        inverse = -1;
    }
}
