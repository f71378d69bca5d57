// fake_libcufft.cpp — a stand-in libcufft.so.12 for FakeDriverTest: the batched 2-D real↔complex
// plans CufftPlan2d makes, executed by FFTW on the fake driver's host-memory "device" buffers. The
// presets' libjnicufft binds versioned symbols (cufft*@libcufft.so.12): fake_libcufft.map defines
// that version node. Only the calls the backend makes are implemented.
//
// Real cuFFT may overwrite the input of an out-of-place r2c (D2Z, R2C) and always may overwrite that
// of a multi-dimensional c2r (Z2D, C2R); FFTW's r2c here would leave it intact and hide device code
// that reads an input again after the exec. So every out-of-place exec fills its input with NaN
// after computing the output (in-place execs, input == output, are left alone): any such reliance
// turns the parity tests' results into NaN.
#include <cstddef>
#include <limits>
#include <mutex>
#include <vector>

extern "C" {
typedef struct fftw_plan_s* fftw_plan;
typedef struct fftwf_plan_s* fftwf_plan;
typedef double fftw_complex[2];
typedef float fftwf_complex[2];
fftw_plan fftw_plan_many_dft_r2c(int rank, const int* n, int howmany, double* in, const int* inembed, int istride, int idist,
                                 fftw_complex* out, const int* onembed, int ostride, int odist, unsigned flags);
fftw_plan fftw_plan_many_dft_c2r(int rank, const int* n, int howmany, fftw_complex* in, const int* inembed, int istride,
                                 int idist, double* out, const int* onembed, int ostride, int odist, unsigned flags);
fftwf_plan fftwf_plan_many_dft_r2c(int rank, const int* n, int howmany, float* in, const int* inembed, int istride, int idist,
                                   fftwf_complex* out, const int* onembed, int ostride, int odist, unsigned flags);
fftwf_plan fftwf_plan_many_dft_c2r(int rank, const int* n, int howmany, fftwf_complex* in, const int* inembed, int istride,
                                   int idist, float* out, const int* onembed, int ostride, int odist, unsigned flags);
void fftw_execute_dft_r2c(const fftw_plan p, double* in, fftw_complex* out);
void fftw_execute_dft_c2r(const fftw_plan p, fftw_complex* in, double* out);
void fftwf_execute_dft_r2c(const fftwf_plan p, float* in, fftwf_complex* out);
void fftwf_execute_dft_c2r(const fftwf_plan p, fftwf_complex* in, float* out);
void fftw_destroy_plan(fftw_plan p);
void fftwf_destroy_plan(fftwf_plan p);
void* fftw_malloc(size_t n);
void fftw_free(void* p);
}

namespace {
constexpr unsigned ESTIMATE = 1U << 6, DESTROY_INPUT = 1U << 0;
enum { R2C = 0x2a, C2R = 0x2c, D2Z = 0x6a, Z2D = 0x6c };
enum { SUCCESS = 0, INVALID_PLAN = 1, INVALID_TYPE = 3, INVALID_VALUE = 4 };

struct Plan {
  int type = 0;
  void* p = nullptr;
  size_t real = 0, half = 0;  // elements per member: n0·n1 reals, n0·(n1/2+1) complex values
  int batch = 0;
};
std::mutex lock;  // FFTW's planner is not thread-safe
std::vector<Plan> plans(1);

Plan* find(int h) { return h > 0 && h < (int)plans.size() && plans[h].p ? &plans[h] : nullptr; }

// The input of an exec once its output is written: NaN in each of its `count` scalars, unless the
// transform ran in place (see the file comment).
template <typename T>
void clobber(T* in, const void* out, size_t count) {
  if ((const void*)in == out) return;
  for (size_t i = 0; i < count; ++i) in[i] = std::numeric_limits<T>::quiet_NaN();
}
}  // namespace

#define API extern "C" __attribute__((visibility("default")))

API int cufftPlanMany(int* handle, int rank, int* n, int* inembed, int, int, int* onembed, int, int, int type, int batch) {
  if (rank != 2 || inembed || onembed || batch < 1) return INVALID_VALUE;
  std::lock_guard<std::mutex> g(lock);
  const int real = n[0] * n[1], half = n[0] * (n[1] / 2 + 1);
  Plan plan;
  plan.type = type;
  plan.real = (size_t)real;
  plan.half = (size_t)half;
  plan.batch = batch;
  void* a = fftw_malloc(sizeof(double) * 2 * (size_t)half * batch);
  void* b = fftw_malloc(sizeof(double) * 2 * (size_t)half * batch);
  switch (type) {
    case D2Z: plan.p = fftw_plan_many_dft_r2c(2, n, batch, (double*)a, nullptr, 1, real, (fftw_complex*)b, nullptr, 1, half, ESTIMATE); break;
    case Z2D: plan.p = fftw_plan_many_dft_c2r(2, n, batch, (fftw_complex*)a, nullptr, 1, half, (double*)b, nullptr, 1, real,
                                               ESTIMATE | DESTROY_INPUT); break;
    case R2C: plan.p = fftwf_plan_many_dft_r2c(2, n, batch, (float*)a, nullptr, 1, real, (fftwf_complex*)b, nullptr, 1, half, ESTIMATE); break;
    case C2R: plan.p = fftwf_plan_many_dft_c2r(2, n, batch, (fftwf_complex*)a, nullptr, 1, half, (float*)b, nullptr, 1, real,
                                                ESTIMATE | DESTROY_INPUT); break;
    default: break;
  }
  fftw_free(a);
  fftw_free(b);
  if (!plan.p) return INVALID_TYPE;
  plans.push_back(plan);
  *handle = (int)plans.size() - 1;
  return SUCCESS;
}

API int cufftSetStream(int, void*) { return SUCCESS; }

API int cufftDestroy(int h) {
  std::lock_guard<std::mutex> g(lock);
  Plan* p = find(h);
  if (!p) return INVALID_PLAN;
  if (p->type == D2Z || p->type == Z2D) fftw_destroy_plan((fftw_plan)p->p);
  else fftwf_destroy_plan((fftwf_plan)p->p);
  p->p = nullptr;
  return SUCCESS;
}

API int cufftExecD2Z(int h, double* in, double* out) {
  Plan* p = find(h);
  if (!p || p->type != D2Z) return INVALID_PLAN;
  fftw_execute_dft_r2c((fftw_plan)p->p, in, (fftw_complex*)out);
  clobber(in, out, p->real * p->batch);
  return SUCCESS;
}
API int cufftExecZ2D(int h, double* in, double* out) {
  Plan* p = find(h);
  if (!p || p->type != Z2D) return INVALID_PLAN;
  fftw_execute_dft_c2r((fftw_plan)p->p, (fftw_complex*)in, out);
  clobber(in, out, 2 * p->half * p->batch);
  return SUCCESS;
}
API int cufftExecR2C(int h, float* in, float* out) {
  Plan* p = find(h);
  if (!p || p->type != R2C) return INVALID_PLAN;
  fftwf_execute_dft_r2c((fftwf_plan)p->p, in, (fftwf_complex*)out);
  clobber(in, out, p->real * p->batch);
  return SUCCESS;
}
API int cufftExecC2R(int h, float* in, float* out) {
  Plan* p = find(h);
  if (!p || p->type != C2R) return INVALID_PLAN;
  fftwf_execute_dft_c2r((fftwf_plan)p->p, (fftwf_complex*)in, out);
  clobber(in, out, 2 * p->half * p->batch);
  return SUCCESS;
}
