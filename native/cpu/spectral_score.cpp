// spectral_score.cpp — the spectral (circulant-Gaussian) score and the batched half spectra of the
// quasi-Gaussian fit (abi.h; java: score/SpectralQuasiGaussianScore, integrate/OuExact). The Java
// reference transforms one member at a time with JTransforms on the calling thread (full complex
// spectra, two transforms per member); here FFTW r2c/c2r on the half spectrum, OpenMP over members,
// per-mode body from grid_conjugate.h. Each member is independent, so nothing depends on the thread count.
#include "fft_plans.h"
#include "scorefdt/abi.h"
#include "scorefdt/grid_conjugate.h"
#include "threads.h"

namespace {

using sfdt_cpu::Fft;

template <typename T>
using Scratch = sfdt_cpu::FftScratch<T>;

template <typename T>
int32_t score(const sfdt_spectral_score_params& p) {
  const int n = p.n;
  const size_t nreal = (size_t)n * n, h = (size_t)n * (n / 2 + 1);
  const double inv_n2 = 1.0 / (double)nreal;
  const int nt = sfdt_cpu::thread_count(p.threads, p.members);
  int32_t status = SFDT_OK;
#pragma omp parallel num_threads(nt)
  {
    Scratch<T> s(nreal, h);
    const Fft<T>* fft = s.plan(n, status);
#pragma omp for schedule(static)
    for (int64_t m = 0; m < p.members; ++m) {
      if (!fft) continue;
      const double* x = p.x + m * (int64_t)nreal;
      double* out = p.out + m * (int64_t)nreal;
      for (size_t i = 0; i < nreal; ++i) s.real[i] = (T)(x[i] - p.mean);  // the Java field v = x − μ
      fft->forward(s.real, s.spec);
      for (size_t k = 0; k < h; ++k) sfdt::spectral_score_mode<T>(&s.spec[k][0], &s.spec[k][1], (T)p.gain[k]);
      fft->inverse(s.spec, s.real);
      for (size_t i = 0; i < nreal; ++i) out[i] = (double)s.real[i] * inv_n2;
    }
  }
  return status;
}

}  // namespace

extern "C" int32_t sfdt_spectral_score(const sfdt_spectral_score_params* p) {
  if (!p || !p->gain || !p->x || !p->out) return SFDT_E_NULL;
  if (p->n < 2 || p->members < 0) return SFDT_E_ARG;
  return p->precision == SFDT_F32 ? score<float>(*p) : score<double>(*p);
}

extern "C" int32_t sfdt_half_spectra(int32_t n, int32_t threads, int64_t rows, const double* fields, double* out) {
  if (!fields || !out) return SFDT_E_NULL;
  if (n < 2 || rows < 0) return SFDT_E_ARG;
  const size_t nreal = (size_t)n * n, h = (size_t)n * (n / 2 + 1);
  const int nt = sfdt_cpu::thread_count(threads, rows);
  int32_t status = SFDT_OK;
#pragma omp parallel num_threads(nt)
  {
    Scratch<double> s(nreal, h);
    const Fft<double>* fft = s.plan(n, status);
#pragma omp for schedule(static)
    for (int64_t r = 0; r < rows; ++r) {
      if (!fft) continue;
      const double* f = fields + r * (int64_t)nreal;
      for (size_t i = 0; i < nreal; ++i) s.real[i] = f[i];
      fft->forward(s.real, s.spec);
      double* o = out + r * (int64_t)(2 * h);
      for (size_t k = 0; k < h; ++k) {
        o[2 * k] = s.spec[k][0];
        o[2 * k + 1] = s.spec[k][1];
      }
    }
  }
  return status;
}
