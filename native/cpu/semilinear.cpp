// semilinear.cpp — semilinear SPDEs (Allen–Cahn) on the CPU, one member per OpenMP work item.
// Each step: draw the increment η = noise_scale·Σ^{1/2}w (n² normals of (seed, noise stream,
// member, step) → r2c → ×Σ^{1/2}(k) → c2r/n²), take the scheme's deterministic step Φ_dt with the
// per-mode bodies of spdes.h, and add η — the order of java/org/scorefdt/integrate/SemiLinearStepper.
// The state stays in real space (the reaction is pointwise); FFTW plans come from fft_plans.h.
// Results depend only on (seed, global member, global step): not on threads or member blocks.
#include <vector>
#include "fft_plans.h"
#include "scorefdt/abi.h"
#include "scorefdt/philox.h"
#include "scorefdt/spdes.h"
#include "normals.h"
#include "threads.h"

namespace {

using sfdt_cpu::Fft;

// Per-thread fftw_malloc'd scratch: real fields and half spectra.
template <typename T>
struct Work {
  typedef typename Fft<T>::C C;
  static constexpr int kReal = 8, kComplex = 4;
  T* real[kReal] = {};
  C* cplx[kComplex] = {};
  Work(size_t nreal, size_t nhalf) {
    for (auto& r : real) r = static_cast<T*>(fftw_malloc(sizeof(T) * nreal));
    for (auto& c : cplx) c = static_cast<C*>(fftw_malloc(sizeof(C) * nhalf));
  }
  ~Work() {
    for (auto r : real) fftw_free(r);
    for (auto c : cplx) fftw_free(c);
  }
  bool ok() const {
    for (auto r : real) if (!r) return false;
    for (auto c : cplx) if (!c) return false;
    return true;
  }
};

// Coefficients converted once per call to the state precision (empty where the scheme needs none).
template <typename T>
struct Coef {
  std::vector<T> sq, lre, lim, g, ere, eim, p1re, p1im, p2re, p2im;
  static std::vector<T> conv(const double* a, size_t n) {
    std::vector<T> v;
    if (a) { v.resize(n); for (size_t i = 0; i < n; ++i) v[i] = (T)a[i]; }
    return v;
  }
  Coef(const sfdt_semilinear_params& p, size_t nh)
      : sq(conv(p.noise_symbol, nh)), lre(conv(p.lin_re, nh)), lim(conv(p.lin_im, nh)), g(conv(p.react, nh)),
        ere(conv(p.e_re, nh)), eim(conv(p.e_im, nh)), p1re(conv(p.p1_re, nh)), p1im(conv(p.p1_im, nh)),
        p2re(conv(p.p2_re, nh)), p2im(conv(p.p2_im, nh)) {}
};

template <typename T>
struct Stepper {
  typedef typename Fft<T>::C C;
  const Fft<T>* fft;
  const Coef<T>& c;
  size_t nreal, nhalf;
  T inv_n2, dt;

  // f = IFFT[L·FFT(x) + g·FFT(r(x))]; uses r, uh, rh as scratch.
  void drift(const T* x, T* f, T* r, C* uh, C* rh) const {
    for (size_t i = 0; i < nreal; ++i) r[i] = sfdt::allen_cahn_reaction(x[i]);
    fft->forward(const_cast<T*>(x), uh);   // out-of-place r2c leaves its input intact
    fft->forward(r, rh);
    for (size_t i = 0; i < nhalf; ++i)
      sfdt::semilinear_drift_mode(uh[i][0], uh[i][1], rh[i][0], rh[i][1], c.lre[i], c.lim[i], c.g[i], &uh[i][0], &uh[i][1]);
    fft->inverse(uh, f);
    for (size_t i = 0; i < nreal; ++i) f[i] *= inv_n2;
  }

  void rk4(T* x, const T* inc, Work<T>& w) const {
    T *f0 = w.real[1], *f1 = w.real[2], *f2 = w.real[3], *f3 = w.real[4], *xt = w.real[5], *r = w.real[6];
    C *uh = w.cplx[0], *rh = w.cplx[1];
    drift(x, f0, r, uh, rh);
    const T half_dt = (T)0.5 * dt;
    for (size_t i = 0; i < nreal; ++i) xt[i] = x[i] + half_dt * f0[i];
    drift(xt, f1, r, uh, rh);
    for (size_t i = 0; i < nreal; ++i) xt[i] = x[i] + half_dt * f1[i];
    drift(xt, f2, r, uh, rh);
    for (size_t i = 0; i < nreal; ++i) xt[i] = x[i] + dt * f2[i];
    drift(xt, f3, r, uh, rh);
    const T dt6 = dt / (T)6;
    for (size_t i = 0; i < nreal; ++i) x[i] = x[i] + dt6 * (((f0[i] + (T)2 * f1[i]) + (T)2 * f2[i]) + f3[i]) + inc[i];
  }

  void etd(T* u, const T* inc, bool second, Work<T>& w) const {
    T *r = w.real[6], *a = w.real[5];
    C *uh = w.cplx[0], *rh = w.cplx[1], *ah = w.cplx[2], *tmp = w.cplx[3];
    for (size_t i = 0; i < nreal; ++i) r[i] = sfdt::allen_cahn_reaction(u[i]);
    fft->forward(u, uh);
    fft->forward(r, rh);
    for (size_t i = 0; i < nhalf; ++i)
      sfdt::etd1_mode(uh[i][0], uh[i][1], rh[i][0], rh[i][1], c.ere[i], c.eim[i], c.p1re[i], c.p1im[i], &ah[i][0], &ah[i][1]);
    if (second) {
      for (size_t i = 0; i < nhalf; ++i) { tmp[i][0] = ah[i][0]; tmp[i][1] = ah[i][1]; }   // c2r destroys its input
      fft->inverse(tmp, a);
      for (size_t i = 0; i < nreal; ++i) r[i] = sfdt::allen_cahn_reaction(a[i] * inv_n2);
      fft->forward(r, uh);                                                                  // r̂(a)
      for (size_t i = 0; i < nhalf; ++i)
        sfdt::etd2_correct_mode(uh[i][0], uh[i][1], rh[i][0], rh[i][1], c.p2re[i], c.p2im[i], &ah[i][0], &ah[i][1]);
    }
    fft->inverse(ah, u);
    for (size_t i = 0; i < nreal; ++i) u[i] = u[i] * inv_n2 + inc[i];
  }

  // inc = noise_scale·Σ^{1/2}w for the step's normals w.
  void increment(const sfdt::NoiseKey& key, T scale, T* inc, Work<T>& w) const {
    C* wh = w.cplx[3];
    sfdt_cpu::fill_normals(key, inc, (int64_t)nreal);
    fft->forward(inc, wh);
    for (size_t i = 0; i < nhalf; ++i) { wh[i][0] *= c.sq[i]; wh[i][1] *= c.sq[i]; }
    fft->inverse(wh, inc);
    for (size_t i = 0; i < nreal; ++i) inc[i] = inc[i] * inv_n2 * scale;
  }
};

template <typename T>
int32_t advance(const sfdt_semilinear_params& p) {
  const int n = p.n;
  const size_t nreal = (size_t)n * n, nhalf = (size_t)n * (n / 2 + 1);
  T* state = static_cast<T*>(p.state);
  const Coef<T> coef(p, nhalf);
  const T scale = (T)p.noise_scale;
  const int nt = sfdt_cpu::thread_count(p.threads, p.members);
  int32_t status = SFDT_OK;
#pragma omp parallel num_threads(nt)
  {
    Work<T> w(nreal, nhalf);
    const Fft<T>* fft = w.ok() ? Fft<T>::get(n, w.real[0], w.cplx[0]) : nullptr;
    bool ready = fft != nullptr;
    if (!ready) {
#pragma omp critical
      status = w.ok() ? SFDT_E_FFT : SFDT_E_NOMEM;
    }
    const Stepper<T> st{fft, coef, nreal, nhalf, (T)1 / (T)nreal, (T)p.dt};
#pragma omp for schedule(static)
    for (int64_t m = 0; m < p.members; ++m) {
      if (!ready) continue;
      T* row = state + m * (int64_t)nreal;
      T *u = w.real[0], *inc = w.real[7];
      const uint64_t member = (uint64_t)(p.member_offset + m);
      for (size_t i = 0; i < nreal; ++i) u[i] = row[i];
      for (int32_t k = 0; k < p.nsteps; ++k) {
        st.increment(sfdt::noise_key(p.seed, sfdt::STREAM_NOISE, member, (uint64_t)(p.step0 + k)), scale, inc, w);
        if (p.scheme == SFDT_SEMI_RK4_EM) st.rk4(u, inc, w);
        else st.etd(u, inc, p.scheme == SFDT_SEMI_ETD2, w);
      }
      for (size_t i = 0; i < nreal; ++i) row[i] = u[i];
    }
  }
  return status;
}

}  // namespace

extern "C" int32_t sfdt_semilinear_advance(const sfdt_semilinear_params* p) {
  if (!p || !p->state || !p->noise_symbol) return SFDT_E_NULL;
  if (p->n < 2 || (p->n & 1) || p->members < 0 || p->nsteps < 0) return SFDT_E_ARG;
  if (p->reaction != sfdt::REACTION_ALLEN_CAHN) return SFDT_E_ARG;
  if (p->scheme == SFDT_SEMI_RK4_EM) {
    if (!p->lin_re || !p->lin_im || !p->react) return SFDT_E_NULL;
  } else if (p->scheme == SFDT_SEMI_ETD1 || p->scheme == SFDT_SEMI_ETD2) {
    if (!p->e_re || !p->e_im || !p->p1_re || !p->p1_im) return SFDT_E_NULL;
    if (p->scheme == SFDT_SEMI_ETD2 && (!p->p2_re || !p->p2_im)) return SFDT_E_NULL;
  } else {
    return SFDT_E_ARG;
  }
  return p->precision == SFDT_F32 ? advance<float>(*p) : advance<double>(*p);
}
