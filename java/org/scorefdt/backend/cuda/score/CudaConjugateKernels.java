package org.scorefdt.backend.cuda.score;

import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;
import org.scorefdt.backend.cuda.runtime.KernelArgs;
import org.scorefdt.backend.cuda.runtime.KernelModule;
import org.scorefdt.backend.cuda.runtime.KernelStructs;

/**
 * The pointwise kernels of {@code cuda/kernels/grid_conjugate.cu} (F64): strided row copies with a
 * scale, the DSM network input and the Allen–Cahn conjugate per cell. Argument structs are built
 * in the .cu files' field order (their {@code static_assert}s pin the sizes). Not thread-safe.
 */
public final class CudaConjugateKernels implements AutoCloseable {

    private final KernelModule module;
    private final KernelArgs args = new KernelArgs();

    public CudaConjugateKernels(CudaDevice device) {
        this.module = KernelModule.load(device, "grid_conjugate");
    }

    /** dst[m·dstStride + i] = src[m·srcStride + i]·scale for m &lt; members, i &lt; cells (element offsets in the buffers). */
    public void rowsScale(int members, int cells, DeviceBuffer src, long srcAt, int srcStride, DeviceBuffer dst, long dstAt,
                   int dstStride, double scale) {
        check(src, srcAt, members, srcStride, cells);
        check(dst, dstAt, members, dstStride, cells);
        KernelStructs.rowsScale(args, members, cells, srcStride, dstStride, scale, src.address(srcAt), dst.address(dstAt));
        launch("sfdt_rows_scale_f64", (long) members * cells);
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
        KernelStructs.dsmInput(args, members, cells, srcStride, sigma2, tau, src.address(srcAt), mean.address(), std.address(),
                in.address());
        launch("sfdt_dsm_input_f64", (long) members * (cells + 1));
    }

    /** B = −P·(α(u − u³) + lin/N²) per cell; {@code lin} the unnormalised c2r [members][cells]. */
    void allenCahn(int members, int cells, DeviceBuffer src, int srcStride, double prefactor, double alpha,
                   DeviceBuffer lin, DeviceBuffer dst) {
        check(src, 0, members, srcStride, cells);
        check(lin, 0, members, cells, cells);
        check(dst, 0, members, cells, cells);
        KernelStructs.allenCahnConjugate(args, members, cells, srcStride, prefactor, alpha, src.address(), lin.address(),
                dst.address());
        launch("sfdt_allen_cahn_conjugate_f64", (long) members * cells);
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

    private void launch(String fn, long threads) {
        module.launch(fn, threads, args);
    }

    @Override
    public void close() {
        args.close();
    }
}
