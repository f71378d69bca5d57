// spectral.cpp — linear spectral models (the OU SPDE) on the CPU: each member's field is moved to
// Fourier space once per call, stepped there with û' = a·û + b·ŵ per mode (integrators.h), and
// moved back once. The only per-step transform is the r2c FFT of the step's white noise w.
// FFTW plans come from the shared cache of fft_plans.h.
#include <vector>
#include "fft_plans.h"
#include "scorefdt/abi.h"
#include "scorefdt/integrators.h"
#include "scorefdt/philox.h"
#include "normals.h"
#include "threads.h"

namespace {

using sfdt_cpu::Fft;

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
