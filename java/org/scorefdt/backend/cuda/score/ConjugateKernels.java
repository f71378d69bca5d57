package org.scorefdt.backend.cuda.score;

import org.bytedeco.javacpp.Pointer;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.KernelModule;
import org.scorefdt.backend.cuda.runtime.KernelParams.ConjAffineParams;
import org.scorefdt.backend.cuda.runtime.KernelParams.ConjGaussianParams;
import org.scorefdt.backend.cuda.runtime.KernelParams.ConjLocalPolyParams;
import org.scorefdt.backend.cuda.runtime.KernelParams.ConjLinearAddParams;
import org.scorefdt.backend.cuda.runtime.KernelParams.ConjMatvecParams;

/**
 * Launches of {@code cuda/kernels/conjugate.cu} (bodies in {@code conjugate.h}): the per-element and
 * per-member pieces of the device conjugates. Every kernel repeats its host score's operation order,
 * so with F64 inputs the outputs are the host's bit for bit (fatbins built with --fmad=false).
 */
public final class ConjugateKernels implements AutoCloseable {
    static final String MODULE = "conjugate";

    private final KernelModule module;
    private final ConjAffineParams conjAffineParams = new ConjAffineParams();
    private final ConjGaussianParams conjGaussianParams = new ConjGaussianParams();
    private final ConjLocalPolyParams conjLocalPolyParams = new ConjLocalPolyParams();
    private final ConjMatvecParams conjMatvecParams = new ConjMatvecParams();
    private final ConjLinearAddParams conjLinearAddParams = new ConjLinearAddParams();

    public ConjugateKernels(CudaDevice device) {
        this.module = KernelModule.load(device, MODULE);
    }

    /**
     * dst[r][c] = (src[r][c] − sub[c]) / div[c] · scale for c &lt; width, dst[r][width] = extra when
     * dstWidth = width + 1. {@code sub}, {@code div} may be null (step skipped); dst may be src when
     * dstWidth = width.
     */
    public void affine(DeviceBuffer src, DeviceBuffer dst, DeviceBuffer sub, DeviceBuffer div, long rows, int width, int dstWidth,
                double scale, double extra) {
        if (dstWidth != width && dstWidth != width + 1) throw new IllegalArgumentException("dstWidth " + dstWidth + " for width " + width);
        conjAffineParams.src(src.address()).dst(dst.address()).sub(sub == null ? 0 : sub.address())
                .div(div == null ? 0 : div.address()).rows(rows).width(width).dst_width(dstWidth).scale(scale).extra(extra);
        launch("sfdt_conj_affine_f64", rows * dstWidth, conjAffineParams);
    }

    /** out[r] = C⁻¹(x[r] − μ) by the Cholesky solves of {@code Cholesky.solve} (l: the factor, row-major). */
    void gaussian(DeviceBuffer x, DeviceBuffer out, DeviceBuffer mean, DeviceBuffer l, long rows, int d) {
        conjGaussianParams.x(x.address()).out(out.address()).mean(mean.address()).l(l.address()).rows(rows).d(d);
        launch("sfdt_conj_gaussian_f64", rows, conjGaussianParams);
    }

    /** dst[r][i] = Σ_j t[i][j]·src[r][j], j in order; dst distinct from src. */
    void matvec(DeviceBuffer src, DeviceBuffer dst, DeviceBuffer t, long rows, int d) {
        conjMatvecParams.src(src.address()).dst(dst.address()).t(t.address()).rows(rows).d(d);
        launch("sfdt_conj_matvec_f64", rows * d, conjMatvecParams);
    }

    /** dst[r][i] += scale·(off[i] + Σ_j t[i][j]·(src[r][j] − sub[j])), j in order; dst distinct from src. */
    void linearAdd(DeviceBuffer src, DeviceBuffer dst, DeviceBuffer t, DeviceBuffer sub, DeviceBuffer off, long rows, int d, double scale) {
        conjLinearAddParams.src(src.address()).dst(dst.address()).t(t.address()).sub(sub.address()).off(off.address()).rows(rows)
                .scale(scale).d(d);
        launch("sfdt_conj_linear_add_f64", rows * d, conjLinearAddParams);
    }

    /**
     * out[r][i] = −s_i(x[r]) of a LocalPolynomialScore ({@code conj_local_poly_element}, one thread per
     * element): theta [1 + d + nonlinear], vars I32 [nonlinear][degree].
     */
    void localPolynomial(DeviceBuffer x, DeviceBuffer out, DeviceBuffer theta, DeviceBuffer vars, long rows, double mu, double inv,
                         int d, int lo, int nonlinear, int degree, int radius) {
        conjLocalPolyParams.x(x.address()).out(out.address()).theta(theta.address()).vars(vars.address()).rows(rows).mu(mu)
                .inv(inv).d(d).lo(lo).nonlinear(nonlinear).degree(degree).radius(radius);
        launch("sfdt_conj_local_poly_f64", rows * d, conjLocalPolyParams);
    }

    private void launch(String fn, long threads, Pointer params) {
        if (threads == 0) return;
        module.launchCapped(fn, threads, 8192, params);
    }

    @Override
    public void close() {
        conjAffineParams.close();
        conjGaussianParams.close();
        conjLocalPolyParams.close();
        conjMatvecParams.close();
        conjLinearAddParams.close();
    }
}
