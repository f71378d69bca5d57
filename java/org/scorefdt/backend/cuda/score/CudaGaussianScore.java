package org.scorefdt.backend.cuda.score;

import org.scorefdt.integrate.Precision;
import org.scorefdt.score.Cholesky;
import org.scorefdt.score.QuasiGaussianScore;
import org.scorefdt.backend.cuda.runtime.Cublas;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;
import org.scorefdt.backend.cuda.runtime.KernelModule;
import org.scorefdt.backend.cuda.runtime.KernelParams.LayerParams;

/**
 * The (quasi-)Gaussian score s(x) = −C_ρ⁻¹(x − μ) for a batch on the GPU, as one cuBLAS product
 * and one bias kernel: S = X·(−P) + Pμ with P = C_ρ⁻¹ formed once on the host (Cholesky solves of
 * the unit vectors, symmetrised), {@code [m][d]} rows. Against {@link QuasiGaussianScore}, which
 * solves with the Cholesky factor per member, agreement is to κ(C_ρ)·dε relative (explicit inverse
 * against triangular solves). Buffers are kept and grow on demand. Not thread-safe.
 */
public final class CudaGaussianScore implements AutoCloseable {

    private final CudaDevice device;
    private final KernelModule module;
    private final Cublas blas;
    private final Dtype type;
    private final int d;
    private final DeviceBuffer negP, bias;
    private final LayerParams layerParams = new LayerParams();
    private DeviceBuffer x, s;
    private int capacity;

    /** From a fitted quasi-Gaussian score (its mean and regularised covariance C_ρ). */
    public static CudaGaussianScore of(CudaDevice device, QuasiGaussianScore qg, Precision precision) {
        return new CudaGaussianScore(device, qg.mean(), qg.covariance(), precision);
    }

    /**
     * @param mean       μ, d values
     * @param covariance C_ρ row-major d×d, symmetric positive definite
     * @throws IllegalArgumentException on bad shapes or a covariance that is not positive definite
     */
    public CudaGaussianScore(CudaDevice device, double[] mean, double[] covariance, Precision precision) {
        int d = mean.length;
        if (d < 1 || covariance.length != (long) d * d) {
            throw new IllegalArgumentException("covariance has " + covariance.length + " values, mean has " + d + ": need d×d");
        }
        Cholesky chol = Cholesky.factor(covariance, d);
        double[] p = new double[d * d], e = new double[d], col = new double[d];
        for (int j = 0; j < d; j++) {
            java.util.Arrays.fill(e, 0);
            e[j] = 1;
            chol.solve(e, 0, col, 0);
            for (int i = 0; i < d; i++) p[i * d + j] = col[i];
        }
        double[] neg = new double[d * d], pm = new double[d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double v = 0.5 * (p[i * d + j] + p[j * d + i]);
                neg[i * d + j] = -v;
                pm[i] += v * mean[j];
            }
        }
        this.device = device;
        this.module = KernelModule.load(device, CudaMlp.MODULE);
        this.type = Dtype.of(precision);
        this.d = d;
        this.blas = new Cublas(device);
        this.negP = DeviceBuffer.allocate(device, type, (long) d * d);
        this.bias = DeviceBuffer.allocate(device, type, d);
        negP.copyFrom(neg);
        bias.copyFrom(pm);
    }

    public int dimension() {
        return d;
    }

    /** s(x) for {@code members} rows of x {@code [members][d]} into out {@code [members][d]}. */
    public void score(double[] xs, double[] out, int members) {
        if (members < 0) throw new IllegalArgumentException("members = " + members + ": must be >= 0");
        if (xs.length < (long) members * d || out.length < (long) members * d) {
            throw new IllegalArgumentException("x holds " + xs.length + " and out " + out.length + " values, need " + (long) members * d);
        }
        if (members == 0) return;
        if (members > capacity) {
            if (x != null) {
                x.close();
                s.close();
            }
            capacity = Math.max(members, (int) Math.min(Integer.MAX_VALUE / 2, 2L * capacity));
            x = DeviceBuffer.allocate(device, type, (long) capacity * d);
            s = DeviceBuffer.allocate(device, type, (long) capacity * d);
        }
        x.copyFrom(xs, 0, members * d, 0);
        blas.gemm(type, false, false, members, d, d, x.address(), negP.address(), s.address());
        long count = (long) members * d;
        layerParams.z(s.address()).aux(0).b(bias.address()).a(0).count(count).n(d).act(0);
        module.launchCapped("sfdt_mlp_output_" + (type == Dtype.F64 ? "f64" : "f32"), count, 8192, layerParams);
        s.copyTo(out, 0, members * d, 0);
    }

    @Override
    public void close() {
        if (x != null) {
            x.close();
            s.close();
        }
        negP.close();
        bias.close();
        blas.close();
        layerParams.close();
    }
}
