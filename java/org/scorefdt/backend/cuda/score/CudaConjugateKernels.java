package org.scorefdt.backend.cuda.score;

import org.bytedeco.javacpp.Pointer;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;
import org.scorefdt.backend.cuda.runtime.KernelModule;
import org.scorefdt.backend.cuda.runtime.KernelParams.AllenCahnConjugateParams;
import org.scorefdt.backend.cuda.runtime.KernelParams.DsmInputParams;
import org.scorefdt.backend.cuda.runtime.KernelParams.RowsScaleParams;

/**
 * The pointwise kernels of {@code cuda/kernels/grid_conjugate.cu} (F64): strided row copies with a
 * scale, the DSM network input and the Allen–Cahn conjugate per cell. Argument structs are built
 * in the .cu files' field order (their {@code static_assert}s pin the sizes). Not thread-safe.
 */
public final class CudaConjugateKernels implements AutoCloseable {

    private final KernelModule module;
    private final AllenCahnConjugateParams allenCahnConjugateParams = new AllenCahnConjugateParams();
    private final DsmInputParams dsmInputParams = new DsmInputParams();
    private final RowsScaleParams rowsScaleParams = new RowsScaleParams();

    public CudaConjugateKernels(CudaDevice device) {
        this.module = KernelModule.load(device, "grid_conjugate");
    }

    /** dst[m·dstStride + i] = src[m·srcStride + i]·scale for m &lt; members, i &lt; cells (element offsets in the buffers). */
    public void rowsScale(int members, int cells, DeviceBuffer src, long srcAt, int srcStride, DeviceBuffer dst, long dstAt,
                   int dstStride, double scale) {
        check(src, srcAt, members, srcStride, cells);
        check(dst, dstAt, members, dstStride, cells);
        rowsScaleParams.members(members).cells(cells).src_stride(srcStride).dst_stride(dstStride).scale(scale)
                .src(src.address(srcAt)).dst(dst.address(dstAt));
        launch("sfdt_rows_scale_f64", (long) members * cells, rowsScaleParams);
    }

    /**
     * The DSM network rows [members][cells + 1]: (y − μ)/√(s² + σ²) per cell, then τ (DsmScore.input).
     *
     * @param src rows of {@code srcStride} values from element {@code srcAt}, the field first
     */
    void dsmInput(int members, int cells, DeviceBuffer src, long srcAt, int srcStride, double sigma2, double tau,
                  DeviceBuffer mean, DeviceBuffer std, DeviceBuffer in) {
        check(src, srcAt, members, srcStride, cells);
        check(in, 0, members, cells + 1, cells + 1);
        dsmInputParams.members(members).cells(cells).src_stride(srcStride).sigma2(sigma2).tau(tau).src(src.address(srcAt))
                .mean(mean.address()).std(std.address()).in(in.address());
        launch("sfdt_dsm_input_f64", (long) members * (cells + 1), dsmInputParams);
    }

    /** B = −P·(α(u − u³) + lin/N²) per cell; {@code lin} the unnormalised c2r [members][cells]. */
    void allenCahn(int members, int cells, DeviceBuffer src, int srcStride, double prefactor, double alpha,
                   DeviceBuffer lin, DeviceBuffer dst) {
        check(src, 0, members, srcStride, cells);
        check(lin, 0, members, cells, cells);
        check(dst, 0, members, cells, cells);
        allenCahnConjugateParams.members(members).cells(cells).src_stride(srcStride).prefactor(prefactor).alpha(alpha)
                .src(src.address()).lin(lin.address()).dst(dst.address());
        launch("sfdt_allen_cahn_conjugate_f64", (long) members * cells, allenCahnConjugateParams);
    }

    private static void check(DeviceBuffer b, long at, int members, int stride, int cells) {
        if (b.type() != Dtype.F64) throw new IllegalArgumentException("conjugate kernels read and write F64, buffer is " + b.type());
        if (members < 1 || cells < 1 || stride < cells) {
            throw new IllegalArgumentException("members = " + members + ", cells = " + cells + ", stride = " + stride
                    + ": need members, cells >= 1 and stride >= cells");
        }
        long need = at + (long) (members - 1) * stride + cells;
        if (at < 0 || need > b.elements()) {
            throw new IllegalArgumentException(members + " rows of " + cells + " values (stride " + stride + ") from element "
                    + at + " need " + need + " elements, buffer has " + b.elements());
        }
    }

    private void launch(String fn, long threads, Pointer params) {
        module.launch(fn, threads, params);
    }

    @Override
    public void close() {
        allenCahnConjugateParams.close();
        dsmInputParams.close();
        rowsScaleParams.close();
    }
}
