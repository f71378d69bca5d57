// spectral.cpp — linear spectral models (the OU SPDE) on the CPU: each member's field is moved to
// Fourier space once per call, stepped there with û' = a·û + b·ŵ per mode (integrators.h), and
// moved back once. The only per-step transform is the r2c FFT of the step's white noise w.
// FFTW plans are cached per grid size and executed with FFTW's new-array interface on per-thread
// buffers from fftw_malloc (the same alignment as the arrays they were planned on).
#include <map>
#include <mutex>
#include <vector>
#include "fftw_decl.h"
#include "fftw_lock.h"
#include "scorefdt/abi.h"
#include "scorefdt/integrators.h"
#include "scorefdt/philox.h"
#include "normals.h"
#include "threads.h"

namespace {

// Plans are made once per (n, precision) with FFTW_ESTIMATE — deterministic, unlike FFTW_MEASURE,
// whose timing-dependent choice of algorithm would change the rounding from run to run — and kept
// for the life of the process (a few kB each). The planner is not thread-safe: one lock guards it.
std::mutex& planner_lock = sfdt_cpu::fftw_planner_lock();  // shared with every planning file

// FFTW's double and float APIs, named once so the plan cache below is written once.
template <typename T> struct FftwApi;
template <> struct FftwApi<double> {
  typedef fftw_complex C;
  typedef fftw_plan Plan;
  static Plan r2c(int n, double* r, C* c) { return fftw_plan_dft_r2c_2d(n, n, r, c, SFDT_FFTW_ESTIMATE); }
  static Plan c2r(int n, C* c, double* r) {
    return fftw_plan_dft_c2r_2d(n, n, c, r, SFDT_FFTW_ESTIMATE | SFDT_FFTW_DESTROY_INPUT);
  }
  static void exec(Plan p, double* r, C* c) { fftw_execute_dft_r2c(p, r, c); }
  static void exec(Plan p, C* c, double* r) { fftw_execute_dft_c2r(p, c, r); }
};
template <> struct FftwApi<float> {
  typedef fftwf_complex C;
  typedef fftwf_plan Plan;
  static Plan r2c(int n, float* r, C* c) { return fftwf_plan_dft_r2c_2d(n, n, r, c, SFDT_FFTW_ESTIMATE); }
  static Plan c2r(int n, C* c, float* r) {
    return fftwf_plan_dft_c2r_2d(n, n, c, r, SFDT_FFTW_ESTIMATE | SFDT_FFTW_DESTROY_INPUT);
  }
  static void exec(Plan p, float* r, C* c) { fftwf_execute_dft_r2c(p, r, c); }
  static void exec(Plan p, C* c, float* r) { fftwf_execute_dft_c2r(p, c, r); }
};

// The forward/inverse plan pair of an n×n grid, made on first use and cached.
template <typename T>
struct Fft {
  typedef FftwApi<T> Api;
  typedef typename Api::C C;
  typename Api::Plan fwd = nullptr, inv = nullptr;
  static const Fft* get(int n, T* r, C* c) {
    static std::map<int, Fft> cache;
    std::lock_guard<std::mutex> g(planner_lock);
    auto it = cache.find(n);
    if (it == cache.end()) {
      Fft f;
      f.fwd = Api::r2c(n, r, c);
      f.inv = Api::c2r(n, c, r);
      if (!f.fwd || !f.inv) return nullptr;
      it = cache.emplace(n, f).first;
    }
    return &it->second;
  }
  void forward(T* r, C* c) const { Api::exec(fwd, r, c); }
  void inverse(C* c, T* r) const { Api::exec(inv, c, r); }
};

template <typename T>
struct Buffers {
  T* real; typename Fft<T>::C* u_hat; typename Fft<T>::C* w_hat;
  Buffers(size_t nreal, size_t ncomplex) {
    real = static_cast<T*>(fftw_malloc(sizeof(T) * nreal));
    u_hat = static_cast<typename Fft<T>::C*>(fftw_malloc(sizeof(typename Fft<T>::C) * ncomplex));
    w_hat = static_cast<typename Fft<T>::C*>(fftw_malloc(sizeof(typename Fft<T>::C) * ncomplex));
  }
  ~Buffers() { fftw_free(real); fftw_free(u_hat); fftw_free(w_hat); }
  bool ok() const { return real && u_hat && w_hat; }
};

template <typename T>
int32_t advance(const sfdt_spectral_params& p) {
  const int n = p.n;
  const size_t nreal = (size_t)n * n, nhalf = (size_t)n * (n / 2 + 1);
  T* state = static_cast<T*>(p.state);
  // Coefficients in the state precision, converted once per call.
  std::vector<T> are(nhalf), aim(nhalf), bre(nhalf), bim(nhalf);
  for (size_t i = 0; i < nhalf; ++i) {
    are[i] = (T)p.a_re[i]; aim[i] = (T)p.a_im[i]; bre[i] = (T)p.b_re[i]; bim[i] = (T)p.b_im[i];
  }
  const T inv_n2 = (T)1 / (T)nreal;
  const int nt = sfdt_cpu::thread_count(p.threads, p.members);
  int32_t status = SFDT_OK;
#pragma omp parallel num_threads(nt)
  {
    Buffers<T> buf(nreal, nhalf);
    const Fft<T>* fft = buf.ok() ? Fft<T>::get(n, buf.real, buf.u_hat) : nullptr;
    bool ready = fft != nullptr;
    if (!ready) {
#pragma omp critical
      status = buf.ok() ? SFDT_E_FFT : SFDT_E_NOMEM;
    }
#pragma omp for schedule(static)
    for (int64_t m = 0; m < p.members; ++m) {
      if (!ready) continue;
      T* u = state + m * (int64_t)nreal;
      const uint64_t member = (uint64_t)(p.member_offset + m);
      for (size_t i = 0; i < nreal; ++i) buf.real[i] = u[i];
      fft->forward(buf.real, buf.u_hat);
      for (int32_t k = 0; k < p.nsteps; ++k) {
        sfdt::NoiseKey key = sfdt::noise_key(p.seed, sfdt::STREAM_NOISE, member, (uint64_t)(p.step0 + k));
        sfdt_cpu::fill_normals(key, buf.real, (int64_t)nreal);
        fft->forward(buf.real, buf.w_hat);
        for (size_t i = 0; i < nhalf; ++i)
          sfdt::spectral_mode_update(&buf.u_hat[i][0], &buf.u_hat[i][1], buf.w_hat[i][0], buf.w_hat[i][1],
                                     are[i], aim[i], bre[i], bim[i]);
      }
      fft->inverse(buf.u_hat, buf.real);
      for (size_t i = 0; i < nreal; ++i) u[i] = buf.real[i] * inv_n2;
    }
  }
  return status;
}

}  // namespace

extern "C" int32_t sfdt_spectral_advance(const sfdt_spectral_params* p) {
  if (!p || !p->state || !p->a_re || !p->a_im || !p->b_re || !p->b_im) return SFDT_E_NULL;
  if (p->n < 2 || (p->n & 1) || p->members < 0 || p->nsteps < 0) return SFDT_E_ARG;
  return p->precision == SFDT_F32 ? advance<float>(*p) : advance<double>(*p);
}
