// navier_stokes.cpp — the 2-D Navier–Stokes model (navier_stokes.h) stepped by RK4 + EM on the CPU.
// Each member's vorticity goes to Fourier space once per call (r2c, half spectrum [jy][0..n/2]) and
// stays there: a drift evaluation is 4 c2r + 1 r2c transforms of n×n fields with dealiasing
// (advective form), 5 c2r + 3 r2c without (skew form); 4 drifts per step. The phases
// have no drift, so the forcing is fixed over a step (computed once per step from the phases) and
// the step's noise moves only the phases, φ_j += σ√dt·z_j with z the noise-stream normals of state
// components n² + j — the same variates, in the same arithmetic, as the Java reference, so the
// phases match it bit for bit; the vorticity matches it to FFT rounding. OpenMP over members,
// per-thread buffers from fftw_malloc, FFTW plans made once per (n, precision) and cached.
#include <cmath>
#include <cstdlib>
#include <map>
#include <mutex>
#include <vector>
#include "fftw_decl.h"
#include "fft_plans.h"
#include "scorefdt/abi.h"
#include "scorefdt/navier_stokes.h"
#include "scorefdt/philox.h"
#include "threads.h"

namespace {

// FFTW plans come from the shared cache of fft_plans.h (planner lock, FFTW_ESTIMATE, kept for the
// life of the process).
template <typename T> using Api = sfdt_cpu::FftwApi<T>;
template <typename T> using Plans = sfdt_cpu::Fft<T>;

// One thread's buffers: 8 real fields, 9 half spectra, all from fftw_malloc (the plans' alignment).
template <typename T>
struct Work {
  typedef typename Api<T>::C C;
  static constexpr int kReal = 8, kComplex = 9;
  T* r[kReal] = {};
  C* c[kComplex] = {};
  Work(size_t nreal, size_t nhalf) {
    for (auto& p : r) p = static_cast<T*>(fftw_malloc(sizeof(T) * nreal));
    for (auto& p : c) p = static_cast<C*>(fftw_malloc(sizeof(C) * nhalf));
  }
  ~Work() {
    for (auto p : r) fftw_free(p);
    for (auto p : c) fftw_free(p);
  }
  bool ok() const {
    for (auto p : r) if (!p) return false;
    for (auto p : c) if (!p) return false;
    return true;
  }
};

// Everything fixed for a call: per-mode constants on the half spectrum (structure of arrays, so
// the mode loops vectorise), forcing targets.
struct Setup {
  int n, nh, dealias;
  std::vector<double> kx, ky, psi, mask, lin_re, lin_im;  // [n][n/2+1], see sfdt::NsMode
  std::vector<int32_t> target;      // half-spectrum index of forcing mode j (kx ≥ 0), or −1
  double scale_zero, scale;         // (F/2)(1 − 0.9) at k = 0, F/2 elsewhere
  sfdt::NsMode mode(int i) const {
    sfdt::NsMode m;
    m.kx = kx[i]; m.ky = ky[i]; m.psi = psi[i]; m.mask = mask[i]; m.lin_re = lin_re[i]; m.lin_im = lin_im[i];
    return m;
  }
};

// Complex half spectra as interleaved (re, im) scalars: indexing fftw_complex (an array type)
// directly keeps GCC from vectorising the mode loops. (No restrict on these views: FFTW writes the
// same buffers through the original pointers.)
template <typename T>
inline T* flat(typename Api<T>::C* c) { return reinterpret_cast<T*>(c); }

// d = drift of spectrum z (interleaved half spectra); uses w.r[*], w.c[0..4] as scratch.
template <typename T>
inline __attribute__((always_inline)) void drift(const Setup& s, const Plans<T>& plans, Work<T>& w,
                                                 const T* z, T* d, const double* cphi,
                                                 const double* sphi, const int32_t* partner, int32_t nmodes) {
  const size_t nreal = (size_t)s.n * s.n;
  const T scale = (T)1 / (T)nreal;
  T* uh = flat<T>(w.c[0]);
  T* vh = flat<T>(w.c[1]);
  T* mh = flat<T>(w.c[2]);
  T* xh = flat<T>(w.c[3]);
  T* yh = flat<T>(w.c[4]);
  for (int i = 0; i < s.nh; ++i)
    sfdt::ns_prepare_mode(z[2 * i], z[2 * i + 1], s.mode(i), scale, uh + 2 * i, vh + 2 * i, mh + 2 * i, xh + 2 * i, yh + 2 * i);
  T* u = w.r[0];
  T* v = w.r[1];
  T* zm = w.r[2];
  T* zx = w.r[3];
  T* zy = w.r[4];
  Api<T>::exec(plans.inv, w.c[0], u);
  Api<T>::exec(plans.inv, w.c[1], v);
  Api<T>::exec(plans.inv, w.c[3], zx);
  Api<T>::exec(plans.inv, w.c[4], zy);
  T* a = w.r[5];
  T* p = w.r[6];
  T* q = w.r[7];
  if (s.dealias) {  // advective form (equal to the skew form on the truncated fields)
    for (size_t i = 0; i < nreal; ++i) a[i] = sfdt::ns_advective_product(u[i], v[i], zx[i], zy[i]);
    Api<T>::exec(plans.fwd, a, w.c[0]);
    const T* ah = flat<T>(w.c[0]);
    for (int i = 0; i < s.nh; ++i)
      sfdt::ns_combine_mode_advective(ah[2 * i], ah[2 * i + 1], z[2 * i], z[2 * i + 1], s.mode(i), &d[2 * i], &d[2 * i + 1]);
  } else {  // skew form
    Api<T>::exec(plans.inv, w.c[2], zm);
    for (size_t i = 0; i < nreal; ++i) sfdt::ns_products(u[i], v[i], zm[i], zx[i], zy[i], &a[i], &p[i], &q[i]);
    Api<T>::exec(plans.fwd, a, w.c[0]);
    Api<T>::exec(plans.fwd, p, w.c[1]);
    Api<T>::exec(plans.fwd, q, w.c[2]);
    const T* ah = flat<T>(w.c[0]);
    const T* ph = flat<T>(w.c[1]);
    const T* qh = flat<T>(w.c[2]);
    for (int i = 0; i < s.nh; ++i)
      sfdt::ns_combine_mode(ah[2 * i], ah[2 * i + 1], ph[2 * i], ph[2 * i + 1], qh[2 * i], qh[2 * i + 1], z[2 * i],
                            z[2 * i + 1], s.mode(i), &d[2 * i], &d[2 * i + 1]);
  }
  for (int32_t j = 0; j < nmodes; ++j) {
    const int32_t t = s.target[j];
    if (t < 0) continue;
    const int32_t pj = partner[j];
    sfdt::ns_forcing_mode(t == 0 ? s.scale_zero : s.scale, cphi[j], sphi[j], cphi[pj], sphi[pj], &d[2 * t], &d[2 * t + 1]);
  }
}

// cos φ_j, sin φ_j of all phases; the restrict qualifiers let the loop vectorise (lanes do the same
// IEEE operations as the scalar code, so the bits are unchanged).
template <typename T>
inline __attribute__((always_inline)) void phase_cos_sin_all(const T* __restrict phi, int32_t n, double* __restrict c,
                                                             double* __restrict s) {
  for (int32_t j = 0; j < n; ++j) sfdt::ns_phase_cos_sin((double)phi[j], &c[j], &s[j]);
}

// What the member loop needs besides the thread's buffers.
template <typename T>
struct Step {
  const sfdt_ns_params* p;
  const Setup* s;
  const Plans<T>* plans;
  size_t nreal, nhalf;
  int64_t dim;
  T sdt, dt, half_dt, dt6, inv_n2;
};

// All steps of one member: r2c once, RK4 + EM in Fourier space, c2r once. always_inline so the
// AVX2 and baseline clones below each get the whole loop (phase cos/sin, RK4 sums, mode loops);
// both perform the same IEEE operations (no FMA contraction), so the bits do not depend on the CPU.
template <typename T>
inline __attribute__((always_inline)) void member_steps(const Step<T>& c, Work<T>& w, double* cphi, double* sphi,
                                                        T* x, uint64_t member) {
  const sfdt_ns_params& p = *c.p;
  const Setup& s = *c.s;
  const Plans<T>& plans = *c.plans;
  const size_t nreal = c.nreal, nhalf = c.nhalf;
  const T half_dt = c.half_dt, dt = c.dt, dt6 = c.dt6;
  T* zh = flat<T>(w.c[5]);
  T* zt = flat<T>(w.c[6]);
  T* kk = flat<T>(w.c[7]);
  T* acc = flat<T>(w.c[8]);
  const size_t nflat = 2 * nhalf;
  T* phi = x + nreal;
  for (size_t i = 0; i < nreal; ++i) w.r[0][i] = x[i];
  Api<T>::exec(plans.fwd, w.r[0], w.c[5]);
  for (int32_t k = 0; k < p.nsteps; ++k) {
    phase_cos_sin_all(phi, p.nmodes, cphi, sphi);
    // RK4 on ζ̂ with the phases (hence the forcing) fixed over the step; the sum
    // ((k1 + 2k2) + 2k3) + k4 is accumulated in that order, as the Java reference.
    drift<T>(s, plans, w, zh, kk, cphi, sphi, p.mode_partner, p.nmodes);
    for (size_t i = 0; i < nflat; ++i) { acc[i] = kk[i]; zt[i] = zh[i] + half_dt * kk[i]; }
    drift<T>(s, plans, w, zt, kk, cphi, sphi, p.mode_partner, p.nmodes);
    for (size_t i = 0; i < nflat; ++i) { acc[i] = acc[i] + (T)2 * kk[i]; zt[i] = zh[i] + half_dt * kk[i]; }
    drift<T>(s, plans, w, zt, kk, cphi, sphi, p.mode_partner, p.nmodes);
    for (size_t i = 0; i < nflat; ++i) { acc[i] = acc[i] + (T)2 * kk[i]; zt[i] = zh[i] + dt * kk[i]; }
    drift<T>(s, plans, w, zt, kk, cphi, sphi, p.mode_partner, p.nmodes);
    for (size_t i = 0; i < nflat; ++i) zh[i] = zh[i] + dt6 * (acc[i] + kk[i]);
    // EM noise on the phases only: components n² + j of the noise stream.
    const sfdt::NoiseKey key = sfdt::noise_key(p.seed, sfdt::STREAM_NOISE, member, (uint64_t)(p.step0 + k));
    const uint32_t pair0 = (uint32_t)(nreal / 2);
    for (int32_t j = 0; j < p.nmodes; j += 2) {
      double z0, z1;
      sfdt::normal_pair(key, pair0 + (uint32_t)(j / 2), &z0, &z1);
      phi[j] = phi[j] + c.sdt * (T)z0;
      if (j + 1 < p.nmodes) phi[j + 1] = phi[j + 1] + c.sdt * (T)z1;
    }
  }
  for (size_t i = 0; i < nflat; ++i) flat<T>(w.c[0])[i] = zh[i];
  Api<T>::exec(plans.inv, w.c[0], w.r[0]);
  for (size_t i = 0; i < nreal; ++i) x[i] = w.r[0][i] * c.inv_n2;
}

template <typename T>
__attribute__((target("avx2"))) void member_steps_avx2(const Step<T>& c, Work<T>& w, double* cphi, double* sphi, T* x,
                                                       uint64_t member) {
  member_steps(c, w, cphi, sphi, x, member);
}

template <typename T>
void member_steps_plain(const Step<T>& c, Work<T>& w, double* cphi, double* sphi, T* x, uint64_t member) {
  member_steps(c, w, cphi, sphi, x, member);
}

// SCOREFDT_NO_AVX2=1 forces the baseline clone (same bits, as in lowdim.cpp).
const bool kHaveAvx2 = __builtin_cpu_supports("avx2") && !std::getenv("SCOREFDT_NO_AVX2");

template <typename T>
int32_t advance(const sfdt_ns_params& p) {
  Setup s;
  s.n = p.n;
  s.dealias = p.dealias != 0;
  const int hx = p.n / 2 + 1;
  s.nh = p.n * hx;
  for (auto* v : {&s.kx, &s.ky, &s.psi, &s.mask, &s.lin_re, &s.lin_im}) v->resize(s.nh);
  for (int jy = 0; jy < p.n; ++jy) {
    for (int jx = 0; jx < hx; ++jx) {
      const int i = jy * hx + jx;
      const sfdt::NsMode m = sfdt::ns_mode_constants(p.n, jy, jx, p.u0, p.nu_hypo, p.nu, p.dealias);
      s.kx[i] = m.kx; s.ky[i] = m.ky; s.psi[i] = m.psi; s.mask[i] = m.mask; s.lin_re[i] = m.lin_re; s.lin_im[i] = m.lin_im;
    }
  }
  s.target.resize(p.nmodes);
  for (int32_t j = 0; j < p.nmodes; ++j) {
    const int kx = p.mode_kx[j], ky = p.mode_ky[j];
    s.target[j] = kx < 0 ? -1 : ((ky + p.n) % p.n) * hx + kx;
  }
  const double half = 0.5 * p.forcing;
  s.scale = half;
  s.scale_zero = half * (1 - 0.9);
  Step<T> c;
  c.p = &p;
  c.s = &s;
  c.nreal = (size_t)p.n * p.n;
  c.nhalf = (size_t)s.nh;
  c.dim = (int64_t)c.nreal + p.nmodes;
  c.sdt = (T)(p.phase_sigma * sqrt(p.dt));
  c.dt = (T)p.dt;
  c.half_dt = (T)0.5 * c.dt;
  c.dt6 = c.dt / (T)6;
  c.inv_n2 = (T)1 / (T)c.nreal;
  T* state = static_cast<T*>(p.state);
  const int nt = sfdt_cpu::thread_count(p.threads, p.members);
  int32_t status = SFDT_OK;
#pragma omp parallel num_threads(nt)
  {
    Work<T> w(c.nreal, c.nhalf);
    Step<T> mine = c;
    mine.plans = w.ok() ? Plans<T>::get(p.n, w.r[0], w.c[0]) : nullptr;
    std::vector<double> cphi(p.nmodes), sphi(p.nmodes);
    bool ready = mine.plans != nullptr;
    if (!ready) {
#pragma omp critical
      status = w.ok() ? SFDT_E_FFT : SFDT_E_NOMEM;
    }
#pragma omp for schedule(static)
    for (int64_t m = 0; m < p.members; ++m) {
      if (!ready) continue;
      T* x = state + m * c.dim;
      const uint64_t member = (uint64_t)(p.member_offset + m);
      if (kHaveAvx2) member_steps_avx2(mine, w, cphi.data(), sphi.data(), x, member);
      else member_steps_plain(mine, w, cphi.data(), sphi.data(), x, member);
    }
  }
  return status;
}

}  // namespace

extern "C" int32_t sfdt_ns_advance(const sfdt_ns_params* p) {
  if (!p || !p->state || (p->nmodes > 0 && (!p->mode_kx || !p->mode_ky || !p->mode_partner))) return SFDT_E_NULL;
  if (p->n < 4 || (p->n & 1) || p->members < 0 || p->nsteps < 0 || p->nmodes < 0) return SFDT_E_ARG;
  if (p->nsteps == 0 || p->members == 0) return SFDT_OK;  // no FFT round trip: the state stays bitwise
  return p->precision == SFDT_F32 ? advance<float>(*p) : advance<double>(*p);
}
