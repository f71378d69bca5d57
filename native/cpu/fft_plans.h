// fft_plans.h — the FFTW plan caches shared by the spectral loops (spectral.cpp, semilinear.cpp, the
// lagged sums).
// Plans are made once per (n, precision) with FFTW_ESTIMATE — deterministic, unlike FFTW_MEASURE,
// whose timing-dependent choice of algorithm would change the rounding from run to run — and kept
// for the life of the process (a few kB each). The planner is not thread-safe: one process-wide
// lock guards it. Plans are executed with FFTW's new-array interface on per-thread buffers from
// fftw_malloc (the same alignment as the arrays they were planned on); c2r destroys its input.
#pragma once
#include <map>
#include <mutex>
#include "fftw_decl.h"
#include "scorefdt/abi.h"
#include "fftw_lock.h"

namespace sfdt_cpu {

// The process-wide planner lock, shared with every other file that plans (fftw_lock.h).
inline std::mutex& planner_lock() { return fftw_planner_lock(); }

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

// The forward/inverse plan pair of an n×n grid, made on first use and cached. r and c must be
// fftw_malloc'd arrays of n² reals and n·(n/2+1) complex values (used for planning only).
template <typename T>
struct Fft {
  typedef FftwApi<T> Api;
  typedef typename Api::C C;
  typename Api::Plan fwd = nullptr, inv = nullptr;
  static const Fft* get(int n, T* r, C* c) {
    static std::map<int, Fft> cache;
    std::lock_guard<std::mutex> g(planner_lock());
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

// One thread's fftw_malloc'd real field (n² values) and half spectrum (n·(n/2+1)), for Fft<T>.
template <typename T>
struct FftScratch {
  T* real; typename Fft<T>::C* spec;
  FftScratch(size_t nreal, size_t nhalf) {
    real = static_cast<T*>(fftw_malloc(sizeof(T) * nreal));
    spec = static_cast<typename Fft<T>::C*>(fftw_malloc(sizeof(typename Fft<T>::C) * nhalf));
  }
  ~FftScratch() { fftw_free(real); fftw_free(spec); }
  FftScratch(const FftScratch&) = delete;
  FftScratch& operator=(const FftScratch&) = delete;
  bool ok() const { return real && spec; }
  // This thread's plan of the n×n transform on these buffers, or null with `status` set (SFDT_E_NOMEM:
  // no buffers, SFDT_E_FFT: no plan), written under a critical section. Call inside the parallel region.
  const Fft<T>* plan(int n, int32_t& status) {
    const Fft<T>* f = ok() ? Fft<T>::get(n, real, spec) : nullptr;
    if (!f) {
#pragma omp critical
      status = ok() ? SFDT_E_FFT : SFDT_E_NOMEM;
    }
    return f;
  }
};

// Modes whose time series are transformed together by the lagged sums over time (lagged_grid_fft.cpp,
// lagged_auto_fft.cpp): gathered mode-inner, [time][kTimeModes], and transformed by one FFTW "many"
// plan (stride kTimeModes, distance 1), which vectorises across the modes.
constexpr int kTimeModes = 8;

// The forward and backward in-place plans of kTimeModes interleaved complex series of length f,
// double precision, made on first use and cached (buf: fftw_malloc'd, f·kTimeModes values, for planning).
struct TimeFft {
  fftw_plan fwd = nullptr, inv = nullptr;
  static const TimeFft* get(int f, fftw_complex* buf) {
    static std::map<int, TimeFft> cache;
    std::lock_guard<std::mutex> g(planner_lock());
    auto it = cache.find(f);
    if (it == cache.end()) {
      TimeFft t;
      t.fwd = fftw_plan_many_dft(1, &f, kTimeModes, buf, nullptr, kTimeModes, 1, buf, nullptr, kTimeModes, 1,
                                 SFDT_FFTW_FORWARD, SFDT_FFTW_ESTIMATE);
      t.inv = fftw_plan_many_dft(1, &f, kTimeModes, buf, nullptr, kTimeModes, 1, buf, nullptr, kTimeModes, 1,
                                 SFDT_FFTW_BACKWARD, SFDT_FFTW_ESTIMATE);
      if (!t.fwd || !t.inv) return nullptr;
      it = cache.emplace(f, t).first;
    }
    return &it->second;
  }
};

}  // namespace sfdt_cpu
