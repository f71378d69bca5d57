// semilinear_emulation_tests.cpp — ctest, no GPU: cuda/kernels/semilinear.cu (and spectral.cu's noise
// kernel) run on the host through cuda_emulation.h in exactly the order and with the launch sizes of
// CudaSemiLinearIntegrator (256 threads per block, one thread per cell or per half-spectrum mode of
// each member), with the cuFFT calls replaced by the CPU tier's own FFTW plans (fft_plans.h) applied
// member by member. With the same transforms the result must equal sfdt_semilinear_advance bit for
// bit, for RK4+EM, ETD1 and ETD2 in F64 and F32: this checks the kernels' indexing, buffer roles,
// scalar rounding (dt/6, 1/n², noise scale) and step order. cuFFT's rounding is the GPU test's part.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>
#include "cuda_emulation.h"
#include "scorefdt/abi.h"
#include "../cpu/fft_plans.h"
#include "../../cuda/kernels/spectral.cu"
#include "../../cuda/kernels/semilinear.cu"

static int failures = 0;
#define CHECK(cond, ...) do { if (!(cond)) { std::printf("FAIL: " __VA_ARGS__); std::printf("\n"); ++failures; } } while (0)

template <typename T>
struct Buf {  // fftw_malloc'd, as the CPU's plans were made on (same alignment)
  T* p;
  explicit Buf(size_t n) : p(static_cast<T*>(fftw_malloc(sizeof(T) * n))) { std::memset(p, 0, sizeof(T) * n); }
  ~Buf() { fftw_free(p); }
  Buf(const Buf&) = delete;
};

template <typename T>
struct Twin {
  typedef typename sfdt_cpu::Fft<T>::C C;
  int n, rows;
  long long cells, modes;
  double dt, noise_scale;
  const sfdt_cpu::Fft<T>* fft;
  // "batched" transforms: the CPU plans on each member's slice
  void forward(T* r, T* c) const {
    for (int m = 0; m < rows; ++m) sfdt_cpu::FftwApi<T>::exec(fft->fwd, r + m * cells, reinterpret_cast<C*>(c + 2 * m * modes));
  }
  void inverse(T* c, T* r) const {
    for (int m = 0; m < rows; ++m) sfdt_cpu::FftwApi<T>::exec(fft->inv, reinterpret_cast<C*>(c + 2 * m * modes), r + m * cells);
  }
  void cell(void (*k)(SemiCellParams), T* x, const T* a = nullptr, const T* b = nullptr, const T* c = nullptr,
            const T* d = nullptr, const T* e = nullptr) const {
    const long long count = rows * cells;
    SemiCellParams p{count, cells, dt, noise_scale, x, a, b, c, d, e};
    emu_launch(k, (unsigned)((count + 255) / 256), 256, p, false);
  }
  void mode(void (*k)(SemiModeParams), const T* c0, const T* c1, const T* c2, const T* c3, T* out, const T* u,
            const T* r) const {
    SemiModeParams p{rows, modes, c0, c1, c2, c3, out, u, r};
    emu_launch(k, (unsigned)((rows * modes + 255) / 256), 256, p, false);
  }
};


template <typename T>
static void semilinear_case(int n, int scheme, int rows, int nsteps) {
  const bool f64 = sizeof(T) == 8;
  const long long cells = (long long)n * n, modes = (long long)n * (n / 2 + 1);
  const uint64_t seed = 0xac1d;
  const int64_t offset = 1000, step0 = 5;
  const double dt = 1.0 / 32, noise_scale = 0.4 * std::sqrt(dt);
  // Coefficients of a stable semilinear model on the half spectrum (values only need to be generic).
  std::vector<double> sq(modes), lre(modes), lim(modes), g(modes), ere(modes), eim(modes), p1re(modes), p1im(modes),
      p2re(modes), p2im(modes);
  for (long long i = 0; i < modes; ++i) {
    sq[i] = 1 / (1 + 0.1 * i);
    lre[i] = -0.3 - 0.02 * i;
    lim[i] = 0.05 * std::sin(0.9 * i);
    g[i] = 2 / (1 + 0.05 * i);
    ere[i] = std::exp(lre[i] * dt) * std::cos(lim[i] * dt);
    eim[i] = std::exp(lre[i] * dt) * std::sin(lim[i] * dt);
    p1re[i] = dt * g[i] * (1 + 0.5 * lre[i] * dt);
    p1im[i] = dt * g[i] * 0.5 * lim[i] * dt;
    p2re[i] = 0.5 * dt * g[i];
    p2im[i] = 0.1 * dt * g[i] * lim[i];
  }
  std::vector<T> start(rows * cells);
  for (long long i = 0; i < rows * cells; ++i) start[i] = (T)(0.6 * std::sin(0.37 * i + 0.2) * std::cos(0.011 * i));

  std::vector<T> lib = start;
  sfdt_semilinear_params p{};
  p.n = n; p.precision = f64 ? SFDT_F64 : SFDT_F32; p.scheme = scheme; p.reaction = 1; p.members = rows;
  p.member_offset = offset; p.step0 = step0; p.nsteps = nsteps; p.threads = 1; p.seed = seed; p.dt = dt;
  p.noise_scale = noise_scale; p.noise_symbol = sq.data(); p.lin_re = lre.data(); p.lin_im = lim.data(); p.react = g.data();
  p.e_re = ere.data(); p.e_im = eim.data(); p.p1_re = p1re.data(); p.p1_im = p1im.data(); p.p2_re = p2re.data();
  p.p2_im = p2im.data(); p.state = lib.data();
  CHECK(sfdt_semilinear_advance(&p) == SFDT_OK, "library advance");

  // The device side: coefficients rounded once to T (as CudaSemiLinearIntegrator uploads them).
  auto conv = [&](const std::vector<double>& v) { std::vector<T> t(v.size()); for (size_t i = 0; i < v.size(); ++i) t[i] = (T)v[i]; return t; };
  const auto csq = conv(sq), clre = conv(lre), clim = conv(lim), cg = conv(g), cere = conv(ere), ceim = conv(eim),
             cp1re = conv(p1re), cp1im = conv(p1im), cp2re = conv(p2re), cp2im = conv(p2im);
  Buf<T> x(rows * cells), inc(rows * cells), f0(rows * cells), f1(rows * cells), f2(rows * cells), f3(rows * cells),
      xt(rows * cells), r(rows * cells), uh(2 * rows * modes), rh(2 * rows * modes), ah(2 * rows * modes),
      tmp(2 * rows * modes);
  Twin<T> tw{n, rows, cells, modes, dt, noise_scale, sfdt_cpu::Fft<T>::get(n, f0.p, reinterpret_cast<typename Twin<T>::C*>(uh.p))};
  std::memcpy(x.p, start.data(), sizeof(T) * start.size());
  auto pick = [&](auto k64, auto k32) { return f64 ? k64 : k32; };
  auto drift = [&](T* src, T* f) {
    tw.cell(pick(sfdt_semi_reaction_f64, sfdt_semi_reaction_f32), r.p, src);
    tw.forward(src, uh.p);
    tw.forward(r.p, rh.p);
    tw.mode(pick(sfdt_semi_drift_f64, sfdt_semi_drift_f32), clre.data(), clim.data(), cg.data(), nullptr, uh.p, uh.p, rh.p);
    tw.inverse(uh.p, f);
    tw.cell(pick(sfdt_semi_scale_f64, sfdt_semi_scale_f32), f);
  };
  for (int k = 0; k < nsteps; ++k) {
    SpectralNoiseParams np{seed, rows, offset, step0 + k, cells, inc.p};
    emu_launch(pick(sfdt_spectral_noise_f64, sfdt_spectral_noise_f32), (unsigned)((rows * cells / 2 + 255) / 256), 256, np, false);
    tw.forward(inc.p, uh.p);
    tw.mode(pick(sfdt_semi_noise_f64, sfdt_semi_noise_f32), csq.data(), nullptr, nullptr, nullptr, uh.p, nullptr, nullptr);
    tw.inverse(uh.p, inc.p);
    tw.cell(pick(sfdt_semi_increment_f64, sfdt_semi_increment_f32), inc.p);
    if (scheme == SFDT_SEMI_RK4_EM) {
      drift(x.p, f0.p);
      tw.cell(pick(sfdt_semi_stage_half_f64, sfdt_semi_stage_half_f32), xt.p, x.p, f0.p);
      drift(xt.p, f1.p);
      tw.cell(pick(sfdt_semi_stage_half_f64, sfdt_semi_stage_half_f32), xt.p, x.p, f1.p);
      drift(xt.p, f2.p);
      tw.cell(pick(sfdt_semi_stage_full_f64, sfdt_semi_stage_full_f32), xt.p, x.p, f2.p);
      drift(xt.p, f3.p);
      tw.cell(pick(sfdt_semi_combine_f64, sfdt_semi_combine_f32), x.p, f0.p, f1.p, f2.p, f3.p, inc.p);
    } else {
      tw.cell(pick(sfdt_semi_reaction_f64, sfdt_semi_reaction_f32), r.p, x.p);
      tw.forward(x.p, uh.p);
      tw.forward(r.p, rh.p);
      tw.mode(pick(sfdt_semi_etd1_f64, sfdt_semi_etd1_f32), cere.data(), ceim.data(), cp1re.data(), cp1im.data(), ah.p, uh.p, rh.p);
      if (scheme == SFDT_SEMI_ETD2) {
        std::memcpy(tmp.p, ah.p, sizeof(T) * 2 * rows * modes);
        tw.inverse(tmp.p, xt.p);
        tw.cell(pick(sfdt_semi_reaction_scaled_f64, sfdt_semi_reaction_scaled_f32), r.p, xt.p);
        tw.forward(r.p, uh.p);
        tw.mode(pick(sfdt_semi_etd2_f64, sfdt_semi_etd2_f32), cp2re.data(), cp2im.data(), nullptr, nullptr, ah.p, uh.p, rh.p);
      }
      tw.inverse(ah.p, x.p);
      tw.cell(pick(sfdt_semi_etd_finish_f64, sfdt_semi_etd_finish_f32), x.p, inc.p);
    }
  }
  bool finite = true;
  for (long long i = 0; i < rows * cells; ++i) finite = finite && std::isfinite((double)lib[i]);
  CHECK(finite, "library run stays finite (n %d, scheme %d)", n, scheme);
  CHECK(std::memcmp(lib.data(), x.p, sizeof(T) * lib.size()) == 0, "semilinear kernels == sfdt_semilinear_advance (n %d, scheme %d, rows %d, %s)",
        n, scheme, rows, f64 ? "f64" : "f32");
  CHECK(std::memcmp(lib.data(), start.data(), sizeof(T) * lib.size()) != 0, "the run moved the state");
}

int main() {
  for (int scheme : {SFDT_SEMI_RK4_EM, SFDT_SEMI_ETD1, SFDT_SEMI_ETD2}) {
    semilinear_case<double>(8, scheme, 3, 6);    // 3·64 cells: one partial block
    semilinear_case<double>(16, scheme, 5, 4);   // 5·256 cells, 5·144 modes: several blocks, a partial one
    semilinear_case<float>(16, scheme, 5, 4);
  }
  std::printf("%s (%d failures)\n", failures ? "FAILED" : "ok", failures);
  return failures ? 1 : 0;
}
