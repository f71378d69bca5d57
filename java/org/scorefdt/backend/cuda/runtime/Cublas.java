package org.scorefdt.backend.cuda.runtime;

import org.bytedeco.cuda.cublas.cublasContext;
import org.bytedeco.cuda.global.cublas;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * A cuBLAS handle (through the CUDA presets: cuBLAS headers and libraries are reached only that way)
 * with the row-major products the dense networks need. Everything runs on the default stream, the
 * one {@link KernelModule#launch} uses, so products and our kernels are ordered without events.
 * cuBLAS is column-major: a row-major {@code [r][c]} matrix is its column-major transpose, so each
 * row-major product C = op(A)·op(B) is issued as Cᵀ = op(B)ᵀ·op(A)ᵀ. Pedantic math mode: no TF32
 * or reduced-precision shortcuts. Not thread-safe.
 */
public final class Cublas implements AutoCloseable {
    private final CudaDevice device;
    private cublasContext handle;
    private final DoublePointer one64 = new DoublePointer(1.0), zero64 = new DoublePointer(0.0);
    private final FloatPointer one32 = new FloatPointer(1f), zero32 = new FloatPointer(0f);

    /** @throws CudaException if cuBLAS cannot be initialised (library missing, no device) */
    public Cublas(CudaDevice device) {
        this.device = device;
        device.makeCurrent();
        cublasContext h = new cublasContext();
        check(cublas.cublasCreate_v2(h), "cublasCreate");
        check(cublas.cublasSetMathMode(h, cublas.CUBLAS_PEDANTIC_MATH), "cublasSetMathMode(pedantic)");
        this.handle = h;
    }

    static void check(int status, String call) {
        if (status != cublas.CUBLAS_STATUS_SUCCESS) {
            BytePointer s = cublas.cublasGetStatusString(status);
            String text = s == null || s.isNull() ? "" : s.getString();
            throw new CudaException(call, status, "CUBLAS_STATUS_" + status, text);
        }
    }

    /** A typed view of a device address for the presets' signatures; owns nothing. */
    private static DoublePointer d(long address) {
        return new DoublePointer(new Address(address));
    }

    private static FloatPointer f(long address) {
        return new FloatPointer(new Address(address));
    }

    /**
     * Row-major C[m][n] = op(A)·op(B) (β = 0), A {@code [m][k]} (or {@code [k][m]} when transA), B
     * {@code [k][n]} (or {@code [n][k]} when transB), addresses of F32 or F64 data per {@code type}.
     */
    public void gemm(Dtype type, boolean transA, boolean transB, int m, int n, int k, long a, long b, long c) {
        ColumnMajor g = ColumnMajor.of(transA, transB, m, n, k);
        device.makeCurrent();
        // Cᵀ (n × m, column-major, ld n) = op(B)ᵀ (n × k) · op(A)ᵀ (k × m): B's address goes first
        if (type == Dtype.F64) {
            check(cublas.cublasDgemm_v2(handle, g.opFirst, g.opSecond, g.m, g.n, g.k, one64, d(b), g.ldFirst, d(a), g.ldSecond,
                    zero64, d(c), g.ldc), "cublasDgemm");
        } else if (type == Dtype.F32) {
            check(cublas.cublasSgemm_v2(handle, g.opFirst, g.opSecond, g.m, g.n, g.k, one32, f(b), g.ldFirst, f(a), g.ldSecond,
                    zero32, f(c), g.ldc), "cublasSgemm");
        } else {
            throw new IllegalArgumentException("gemm on " + type);
        }
    }

    /**
     * The column-major call that computes a row-major C[m][n] = op(A)·op(B): Cᵀ = op(B)ᵀ·op(A)ᵀ, so
     * the first operand is B (transposed iff transB), the second A, the sizes (n, m, k), the leading
     * dimensions the row lengths of the row-major arrays. {@code trans} flags are cuBLAS's
     * (true = CUBLAS_OP_T).
     */
    record ColumnMajor(boolean transFirst, boolean transSecond, int m, int n, int k, int ldFirst, int ldSecond, int ldc,
                       int opFirst, int opSecond) {
        static ColumnMajor of(boolean transA, boolean transB, int m, int n, int k) {
            int lda = transA ? m : k, ldb = transB ? k : n;
            return new ColumnMajor(transB, transA, n, m, k, ldb, lda, n, transB ? cublas.CUBLAS_OP_T : cublas.CUBLAS_OP_N,
                    transA ? cublas.CUBLAS_OP_T : cublas.CUBLAS_OP_N);
        }
    }

    /** y[n] = Σ_r A[r][·] over the rows of a row-major F64 matrix A {@code [rows][n]} (ones: {@code [rows]} of 1). */
    public void columnSums(int rows, int n, long a, long ones, long y) {
        device.makeCurrent();
        // A row-major is Aᵀ column-major (n × rows, ld n): y = Aᵀ·1
        check(cublas.cublasDgemv_v2(handle, cublas.CUBLAS_OP_N, n, rows, one64, d(a), n, d(ones), 1, zero64, d(y), 1), "cublasDgemv");
    }

    @Override
    public void close() {
        if (handle != null) {
            device.makeCurrent();
            cublas.cublasDestroy_v2(handle);
            handle = null;
        }
        one64.close();
        zero64.close();
        one32.close();
        zero32.close();
    }

    private static final class Address extends Pointer {
        Address(long address) {
            this.address = address;
        }
    }
}
