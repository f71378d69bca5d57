// fake_libcublas.cpp — a stand-in libcublas.so.13 for FakeDriverTest: the few entry points the Java
// CUDA tier calls (handle, math mode, status string, Dgemm/Sgemm/Dgemv), as plain column-major loops
// over the fake driver's "device" memory (host memory). Versioned like the real library
// (fake_libcublas.map) so the presets' libjnicublas binds to it. Sums run over k in order: results
// are what a correct GEMM gives, to rounding, which is all the tests against Java assume.
#include <cstdint>

namespace {
int handle_token;
constexpr int SUCCESS = 0, INVALID_VALUE = 7, OP_N = 0;
}  // namespace

#define API extern "C" __attribute__((visibility("default")))

API int cublasCreate_v2(void** handle) { *handle = &handle_token; return SUCCESS; }
API int cublasDestroy_v2(void*) { return SUCCESS; }
API int cublasSetMathMode(void*, int) { return SUCCESS; }
API const char* cublasGetStatusString(int status) { return status == SUCCESS ? "success" : "emulated cuBLAS error"; }

template <typename T>
static int gemm(int ta, int tb, int m, int n, int k, const T* alpha, const T* a, int lda, const T* b, int ldb, const T* beta,
                T* c, int ldc) {
  if (m < 0 || n < 0 || k < 0 || ldc < m) return INVALID_VALUE;
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < m; ++i) {
      T s = 0;
      for (int p = 0; p < k; ++p) {
        const T av = ta == OP_N ? a[i + (int64_t)p * lda] : a[p + (int64_t)i * lda];
        const T bv = tb == OP_N ? b[p + (int64_t)j * ldb] : b[j + (int64_t)p * ldb];
        s += av * bv;
      }
      T* cij = c + i + (int64_t)j * ldc;
      *cij = *beta == T(0) ? *alpha * s : *alpha * s + *beta * *cij;
    }
  return SUCCESS;
}

API int cublasDgemm_v2(void*, int ta, int tb, int m, int n, int k, const double* alpha, const double* a, int lda,
                       const double* b, int ldb, const double* beta, double* c, int ldc) {
  return gemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

API int cublasSgemm_v2(void*, int ta, int tb, int m, int n, int k, const float* alpha, const float* a, int lda,
                       const float* b, int ldb, const float* beta, float* c, int ldc) {
  return gemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

API int cublasDgemv_v2(void*, int trans, int m, int n, const double* alpha, const double* a, int lda, const double* x,
                       int incx, const double* beta, double* y, int incy) {
  const int rows = trans == OP_N ? m : n, cols = trans == OP_N ? n : m;
  for (int i = 0; i < rows; ++i) {
    double s = 0;
    for (int j = 0; j < cols; ++j) {
      const double av = trans == OP_N ? a[i + (int64_t)j * lda] : a[j + (int64_t)i * lda];
      s += av * x[(int64_t)j * incx];
    }
    double* yi = y + (int64_t)i * incy;
    *yi = *beta == 0.0 ? *alpha * s : *alpha * s + *beta * *yi;
  }
  return SUCCESS;
}
