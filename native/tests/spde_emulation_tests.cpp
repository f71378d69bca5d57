// spde_emulation_tests.cpp — ctest, no GPU: cuda/kernels/semilinear.cu (and spectral.cu's noise
// kernel) and cuda/kernels/navier_stokes.cu run on the host through cuda_emulation.h in exactly the order and with the launch sizes of
// CudaSemiLinearIntegrator (256 threads per block, one thread per cell or per half-spectrum mode of
// each member), with the cuFFT calls replaced by the CPU tier's own FFTW plans (fft_plans.h) applied
// member by member. With the same transforms the result must equal sfdt_semilinear_advance bit for
// bit — Allen–Cahn with RK4+EM, ETD1 and ETD2, Navier–Stokes (RK4+EM, dealiased and skew form, an odd
// number of forcing modes including k = 0), F64 and F32 — compared with sfdt_semilinear_advance and
// sfdt_ns_advance: this checks the kernels' indexing, buffer roles,
// scalar rounding (dt/6, 1/n², noise scale) and step order. cuFFT's rounding is the GPU test's part.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <vector>
#include "cuda_emulation.h"
#include "scorefdt/abi.h"
#include "../cpu/fft_plans.h"
#include "../../cuda/kernels/spectral.cu"
#include "../../cuda/kernels/semilinear.cu"
#include "../../cuda/kernels/navier_stokes.cu"
#include <initializer_list>

static int failures = 0;
#define CHECK(cond, ...) do { if (!(cond)) { std::printf("FAIL: " __VA_ARGS__); std::printf("\n"); ++failures; } } while (0)

// cuFFT may overwrite the input of an out-of-place exec (r2c may, multi-dimensional c2r always
// does); the twins do it always (NaN, as native/tests/fake_libcufft.cpp), so a launch sequence that
// reads a transformed input again fails here as it would on the GPU.
template <typename T>
static void clobber(T* in, long long count) {
  for (long long i = 0; i < count; ++i) in[i] = std::numeric_limits<T>::quiet_NaN();
}

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
    clobber(r, rows * cells);
  }
  void inverse(T* c, T* r) const {
    for (int m = 0; m < rows; ++m) sfdt_cpu::FftwApi<T>::exec(fft->inv, reinterpret_cast<C*>(c + 2 * m * modes), r + m * cells);
    clobber(c, 2 * rows * modes);
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


// paired: a perturbed copy x2 is stepped alongside with the same increment, drawn once per step, as
// CudaSemiLinearIntegrator.advancePair launches it (x's step, then x2's, on shared scratch); each copy
// must equal sfdt_semilinear_advance on it alone.
template <typename T>
static void semilinear_case(int n, int scheme, int rows, int nsteps, bool paired = false) {
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

  std::vector<T> start2 = start;
  for (int m = 0; m < rows; ++m) start2[m * cells + 3] += (T)0.3;
  std::vector<T> lib = start, lib2 = start2;
  sfdt_semilinear_params p{};
  p.n = n; p.precision = f64 ? SFDT_F64 : SFDT_F32; p.scheme = scheme; p.reaction = 1; p.members = rows;
  p.member_offset = offset; p.step0 = step0; p.nsteps = nsteps; p.threads = 1; p.seed = seed; p.dt = dt;
  p.noise_scale = noise_scale; p.noise_symbol = sq.data(); p.lin_re = lre.data(); p.lin_im = lim.data(); p.react = g.data();
  p.e_re = ere.data(); p.e_im = eim.data(); p.p1_re = p1re.data(); p.p1_im = p1im.data(); p.p2_re = p2re.data();
  p.p2_im = p2im.data(); p.state = lib.data();
  CHECK(sfdt_semilinear_advance(&p) == SFDT_OK, "library advance");
  p.state = lib2.data();
  CHECK(sfdt_semilinear_advance(&p) == SFDT_OK, "library advance (perturbed copy)");

  // The device side: coefficients rounded once to T (as CudaSemiLinearIntegrator uploads them).
  auto conv = [&](const std::vector<double>& v) { std::vector<T> t(v.size()); for (size_t i = 0; i < v.size(); ++i) t[i] = (T)v[i]; return t; };
  const auto csq = conv(sq), clre = conv(lre), clim = conv(lim), cg = conv(g), cere = conv(ere), ceim = conv(eim),
             cp1re = conv(p1re), cp1im = conv(p1im), cp2re = conv(p2re), cp2im = conv(p2im);
  Buf<T> x(rows * cells), inc(rows * cells), f0(rows * cells), f1(rows * cells), f2(rows * cells), f3(rows * cells),
      xt(rows * cells), r(rows * cells), uh(2 * rows * modes), rh(2 * rows * modes), ah(2 * rows * modes),
      tmp(2 * rows * modes);
  Twin<T> tw{n, rows, cells, modes, dt, noise_scale, sfdt_cpu::Fft<T>::get(n, f0.p, reinterpret_cast<typename Twin<T>::C*>(uh.p))};
  Buf<T> x2(rows * cells);
  std::memcpy(x.p, start.data(), sizeof(T) * start.size());
  std::memcpy(x2.p, start2.data(), sizeof(T) * start2.size());
  auto pick = [&](auto k64, auto k32) { return f64 ? k64 : k32; };
  auto drift = [&](T* src, T* f) {
    tw.cell(pick(sfdt_semi_reaction_f64, sfdt_semi_reaction_f32), r.p, src);
    tw.forward(src, uh.p);
    tw.forward(r.p, rh.p);
    tw.mode(pick(sfdt_semi_drift_f64, sfdt_semi_drift_f32), clre.data(), clim.data(), cg.data(), nullptr, uh.p, uh.p, rh.p);
    tw.inverse(uh.p, f);
    tw.cell(pick(sfdt_semi_scale_f64, sfdt_semi_scale_f32), f);
  };
  auto step = [&](T* X) {
    if (scheme == SFDT_SEMI_RK4_EM) {
      std::memcpy(xt.p, X, sizeof(T) * rows * cells);  // the r2c overwrites its input: transform a copy of x
      drift(xt.p, f0.p);
      tw.cell(pick(sfdt_semi_stage_half_f64, sfdt_semi_stage_half_f32), xt.p, X, f0.p);
      drift(xt.p, f1.p);
      tw.cell(pick(sfdt_semi_stage_half_f64, sfdt_semi_stage_half_f32), xt.p, X, f1.p);
      drift(xt.p, f2.p);
      tw.cell(pick(sfdt_semi_stage_full_f64, sfdt_semi_stage_full_f32), xt.p, X, f2.p);
      drift(xt.p, f3.p);
      tw.cell(pick(sfdt_semi_combine_f64, sfdt_semi_combine_f32), X, f0.p, f1.p, f2.p, f3.p, inc.p);
    } else {
      tw.cell(pick(sfdt_semi_reaction_f64, sfdt_semi_reaction_f32), r.p, X);
      tw.forward(X, uh.p);
      tw.forward(r.p, rh.p);
      tw.mode(pick(sfdt_semi_etd1_f64, sfdt_semi_etd1_f32), cere.data(), ceim.data(), cp1re.data(), cp1im.data(), ah.p, uh.p, rh.p);
      if (scheme == SFDT_SEMI_ETD2) {
        std::memcpy(tmp.p, ah.p, sizeof(T) * 2 * rows * modes);
        tw.inverse(tmp.p, xt.p);
        tw.cell(pick(sfdt_semi_reaction_scaled_f64, sfdt_semi_reaction_scaled_f32), r.p, xt.p);
        tw.forward(r.p, uh.p);
        tw.mode(pick(sfdt_semi_etd2_f64, sfdt_semi_etd2_f32), cp2re.data(), cp2im.data(), nullptr, nullptr, ah.p, uh.p, rh.p);
      }
      tw.inverse(ah.p, X);
      tw.cell(pick(sfdt_semi_etd_finish_f64, sfdt_semi_etd_finish_f32), X, inc.p);
    }
  };
  for (int k = 0; k < nsteps; ++k) {
    SpectralNoiseParams np{seed, rows, offset, step0 + k, cells, inc.p};
    emu_launch(pick(sfdt_spectral_noise_f64, sfdt_spectral_noise_f32), (unsigned)((rows * cells / 2 + 255) / 256), 256, np, false);
    tw.forward(inc.p, uh.p);
    tw.mode(pick(sfdt_semi_noise_f64, sfdt_semi_noise_f32), csq.data(), nullptr, nullptr, nullptr, uh.p, nullptr, nullptr);
    tw.inverse(uh.p, inc.p);
    tw.cell(pick(sfdt_semi_increment_f64, sfdt_semi_increment_f32), inc.p);
    step(x.p);
    if (paired) step(x2.p);
  }
  bool finite = true;
  for (long long i = 0; i < rows * cells; ++i) finite = finite && std::isfinite((double)lib[i]);
  CHECK(finite, "library run stays finite (n %d, scheme %d)", n, scheme);
  CHECK(std::memcmp(lib.data(), x.p, sizeof(T) * lib.size()) == 0, "semilinear kernels == sfdt_semilinear_advance (n %d, scheme %d, rows %d, %s)",
        n, scheme, rows, f64 ? "f64" : "f32");
  CHECK(std::memcmp(lib.data(), start.data(), sizeof(T) * lib.size()) != 0, "the run moved the state");
  if (paired) {
    CHECK(std::memcmp(lib2.data(), x2.p, sizeof(T) * lib2.size()) == 0,
          "paired semilinear kernels: perturbed copy == sfdt_semilinear_advance on it (n %d, scheme %d, rows %d, %s)", n, scheme,
          rows, f64 ? "f64" : "f32");
    CHECK(std::memcmp(lib.data(), lib2.data(), sizeof(T) * lib.size()) != 0, "the kick changed the perturbed copy");
  }
}

// ---- Navier–Stokes (navier_stokes.cu), as CudaNavierStokesIntegrator launches it ----------------

template <typename T>
struct NsTwin {
  typedef typename sfdt_cpu::Fft<T>::C C;
  const sfdt_cpu::Fft<T>* fft;
  NsKernelParams base;
  int rows;
  long long cells, modes;
  void forward(T* r, T* c) const {
    for (int m = 0; m < rows; ++m) sfdt_cpu::FftwApi<T>::exec(fft->fwd, r + m * cells, reinterpret_cast<C*>(c + 2 * m * modes));
    clobber(r, rows * cells);
  }
  void inverse(T* c, T* r) const {
    for (int m = 0; m < rows; ++m) sfdt_cpu::FftwApi<T>::exec(fft->inv, reinterpret_cast<C*>(c + 2 * m * modes), r + m * cells);
    clobber(c, 2 * rows * modes);
  }
  void launch(void (*k)(NsKernelParams), long long count, long long step, std::initializer_list<void*> ptrs) const {
    NsKernelParams p = base;
    p.count = count;
    p.step = step;
    void** slot[8] = {&p.p0, &p.p1, &p.p2, &p.p3, &p.p4, &p.p5, &p.p6, &p.p7};
    int i = 0;
    for (void* q : ptrs) *slot[i++] = q;
    emu_launch(k, (unsigned)((count + 255) / 256), 256, p, false);
  }
};

template <typename T>
// paired: a perturbed copy (one vorticity cell and one phase kicked) is stepped alongside, as
// CudaNavierStokesIntegrator.advancePair launches it (each copy's RK4 step on shared scratch, then one
// phase-noise launch for both); each copy must equal sfdt_ns_advance on it alone.
static void ns_case(int n, bool dealias, int rows, int nsteps, bool paired = false) {
  const bool f64 = sizeof(T) == 8;
  // forcing modes ±k with partners, and k = 0 (its own partner; the (1 − 0.9) scale): 9, an odd count
  const std::vector<int32_t> kx = {1, -1, 0, 0, 1, -1, 2, -2, 0}, ky = {0, 0, 1, -1, 1, -1, -1, 1, 0},
                             partner = {1, 0, 3, 2, 5, 4, 7, 6, 8};
  const int nmodes = (int)kx.size();
  const long long cells = (long long)n * n, modes = (long long)n * (n / 2 + 1), dim = cells + nmodes;
  const double dt = 1.0 / 128, sigma = 1.4;
  std::vector<T> start(rows * dim);
  for (long long i = 0; i < rows * dim; ++i) start[i] = (T)(0.8 * std::sin(0.31 * i + 0.4) + 0.3 * std::cos(0.07 * i));
  std::vector<T> start2 = start;
  for (int m = 0; m < rows; ++m) {
    start2[m * dim + 5] += (T)0.25;
    start2[m * dim + cells + 2] += (T)0.5;
  }
  std::vector<T> lib = start, lib2 = start2;
  sfdt_ns_params p{};
  p.n = n; p.precision = f64 ? SFDT_F64 : SFDT_F32; p.members = rows; p.member_offset = 1000; p.step0 = 3;
  p.nsteps = nsteps; p.threads = 1; p.seed = 21; p.dt = dt; p.u0 = 0.2; p.nu_hypo = 0.05; p.nu = 1e-4;
  p.forcing = 0.6; p.phase_sigma = sigma; p.dealias = dealias ? 1 : 0; p.nmodes = nmodes;
  p.mode_kx = kx.data(); p.mode_ky = ky.data(); p.mode_partner = partner.data(); p.state = lib.data();
  CHECK(sfdt_ns_advance(&p) == SFDT_OK, "library ns advance");
  p.state = lib2.data();
  CHECK(sfdt_ns_advance(&p) == SFDT_OK, "library ns advance (perturbed copy)");

  Buf<T> state(rows * dim), state2(rows * dim), zh2b(2 * rows * modes);
  std::memcpy(state.p, start.data(), sizeof(T) * start.size());
  std::memcpy(state2.p, start2.data(), sizeof(T) * start2.size());
  std::vector<Buf<T>*> real, half;
  for (int i = 0; i < 8; ++i) real.push_back(new Buf<T>(rows * cells));
  for (int i = 0; i < 9; ++i) half.push_back(new Buf<T>(2 * rows * modes));
  std::vector<double> cphi(rows * nmodes), sphi(rows * nmodes);
  NsTwin<T> tw;
  tw.fft = sfdt_cpu::Fft<T>::get(n, real[0]->p, reinterpret_cast<typename NsTwin<T>::C*>(half[0]->p));
  tw.rows = rows; tw.cells = cells; tw.modes = modes;
  tw.base = NsKernelParams{rows, 0, dim, n, nmodes, p.dealias, 0, p.seed, p.member_offset, 0, p.u0, p.nu_hypo, p.nu, dt,
                           sigma * std::sqrt(dt), p.forcing, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
                           nullptr, kx.data(), ky.data(), partner.data()};
  auto pick = [&](auto k64, auto k32) { return f64 ? k64 : k32; };
  auto R = [&](int i) { return (void*)real[i]->p; };
  auto H = [&](int i) { return (void*)half[i]->p; };
  long long step = 0;
  auto drift = [&](void* z, void* d) {
    tw.launch(pick(sfdt_ns_prepare_f64, sfdt_ns_prepare_f32), rows * modes, step, {z, H(0), H(1), H(2), H(3), H(4)});
    tw.inverse(half[0]->p, real[0]->p);
    tw.inverse(half[1]->p, real[1]->p);
    tw.inverse(half[3]->p, real[3]->p);
    tw.inverse(half[4]->p, real[4]->p);
    if (dealias) {
      tw.launch(pick(sfdt_ns_advective_f64, sfdt_ns_advective_f32), rows * cells, step, {R(5), R(0), R(1), R(3), R(4)});
      tw.forward(real[5]->p, half[0]->p);
      tw.launch(pick(sfdt_ns_combine_adv_f64, sfdt_ns_combine_adv_f32), rows * modes, step, {d, H(0), z});
    } else {
      tw.inverse(half[2]->p, real[2]->p);
      tw.launch(pick(sfdt_ns_products_f64, sfdt_ns_products_f32), rows * cells, step, {R(5), R(6), R(7), R(0), R(1), R(2), R(3), R(4)});
      tw.forward(real[5]->p, half[0]->p);
      tw.forward(real[6]->p, half[1]->p);
      tw.forward(real[7]->p, half[2]->p);
      tw.launch(pick(sfdt_ns_combine_skew_f64, sfdt_ns_combine_skew_f32), rows * modes, step, {d, H(0), H(1), H(2), z});
    }
    tw.launch(pick(sfdt_ns_forcing_f64, sfdt_ns_forcing_f32), rows * nmodes, step, {d, cphi.data(), sphi.data()});
  };
  void *zh = H(5), *zt = H(6), *kk = H(7), *acc = H(8);
  const long long flat = 2 * rows * modes;
  auto begin = [&](T* s, void* z) {
    tw.launch(pick(sfdt_ns_unpack_f64, sfdt_ns_unpack_f32), rows * cells, 0, {s, R(0)});
    tw.forward(real[0]->p, static_cast<T*>(z));
  };
  auto rk4 = [&](T* s, void* z) {
    tw.launch(pick(sfdt_ns_phases_f64, sfdt_ns_phases_f32), rows * nmodes, step, {s, cphi.data(), sphi.data()});
    drift(z, kk);
    tw.launch(pick(sfdt_ns_rk4_first_f64, sfdt_ns_rk4_first_f32), flat, step, {acc, zt, z, kk});
    drift(zt, kk);
    tw.launch(pick(sfdt_ns_rk4_mid_half_f64, sfdt_ns_rk4_mid_half_f32), flat, step, {acc, zt, z, kk});
    drift(zt, kk);
    tw.launch(pick(sfdt_ns_rk4_mid_full_f64, sfdt_ns_rk4_mid_full_f32), flat, step, {acc, zt, z, kk});
    drift(zt, kk);
    tw.launch(pick(sfdt_ns_rk4_last_f64, sfdt_ns_rk4_last_f32), flat, step, {acc, zt, z, kk});
  };
  auto end = [&](T* s, void* z) {
    std::memcpy(half[0]->p, z, sizeof(T) * flat);
    tw.inverse(half[0]->p, real[0]->p);
    tw.launch(pick(sfdt_ns_pack_f64, sfdt_ns_pack_f32), rows * cells, step, {s, R(0)});
  };
  begin(state.p, zh);
  if (paired) begin(state2.p, zh2b.p);
  for (int k = 0; k < nsteps; ++k) {
    step = p.step0 + k;
    rk4(state.p, zh);
    if (paired) rk4(state2.p, zh2b.p);
    const long long pairs = rows * ((nmodes + 1) / 2);
    if (paired) tw.launch(pick(sfdt_ns_phase_noise_f64, sfdt_ns_phase_noise_f32), pairs, step, {state.p, state2.p});
    else tw.launch(pick(sfdt_ns_phase_noise_f64, sfdt_ns_phase_noise_f32), pairs, step, {state.p});
  }
  end(state.p, zh);
  if (paired) end(state2.p, zh2b.p);
  CHECK(std::memcmp(lib.data(), state.p, sizeof(T) * lib.size()) == 0, "ns kernels == sfdt_ns_advance (n %d, dealias %d, rows %d, %s%s)",
        n, (int)dealias, rows, f64 ? "f64" : "f32", paired ? ", paired" : "");
  CHECK(std::memcmp(lib.data(), start.data(), sizeof(T) * lib.size()) != 0, "the ns run moved the state");
  if (paired) {
    CHECK(std::memcmp(lib2.data(), state2.p, sizeof(T) * lib2.size()) == 0,
          "paired ns kernels: perturbed copy == sfdt_ns_advance on it (n %d, dealias %d, rows %d, %s)", n, (int)dealias, rows,
          f64 ? "f64" : "f32");
    CHECK(std::memcmp(lib.data(), lib2.data(), sizeof(T) * lib.size()) != 0, "the kick changed the perturbed copy");
  }
  for (auto b : real) delete b;
  for (auto b : half) delete b;
}

int main() {
  for (int scheme : {SFDT_SEMI_RK4_EM, SFDT_SEMI_ETD1, SFDT_SEMI_ETD2}) {
    semilinear_case<double>(8, scheme, 3, 6);    // 3·64 cells: one partial block
    semilinear_case<double>(16, scheme, 5, 4);   // 5·256 cells, 5·144 modes: several blocks, a partial one
    semilinear_case<float>(16, scheme, 5, 4);
    semilinear_case<double>(8, scheme, 3, 5, true);
    semilinear_case<float>(8, scheme, 2, 4, true);
  }
  ns_case<double>(16, true, 3, 4);    // 3·144 modes, 3·256 cells: several blocks, a partial one
  ns_case<double>(16, false, 2, 3);
  ns_case<double>(8, true, 1, 5);
  ns_case<float>(16, true, 3, 3);
  ns_case<float>(8, false, 2, 3);
  ns_case<double>(16, true, 3, 4, true);
  ns_case<double>(8, false, 2, 3, true);
  ns_case<float>(16, true, 3, 3, true);
  std::printf("%s (%d failures)\n", failures ? "FAILED" : "ok", failures);
  return failures ? 1 : 0;
}
