// native_tests.cpp — ctest: Random123 known-answer vectors for Philox4x32-10 and a determinism
// check of the low-dimensional integrator across thread counts, KDE and MLP checks, a fixed-point
// check of the semilinear (Allen–Cahn) loop, Navier–Stokes (exact single-shell solution, thread
// independence, phase noise), without the JVM.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>
#include "scorefdt/abi.h"
#include "scorefdt/kde.h"
#include "scorefdt/philox.h"

static int failures = 0;
#define CHECK(cond, ...) do { if (!(cond)) { std::printf("FAIL: " __VA_ARGS__); std::printf("\n"); ++failures; } } while (0)

int main() {
  struct Kat { uint32_t c[4], k[2], want[4]; } kats[] = {
      {{0, 0, 0, 0}, {0, 0}, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
      {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}, {0xffffffff, 0xffffffff},
       {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
      {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, {0xa4093822, 0x299f31d0},
       {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}}};
  for (auto& t : kats) {
    uint32_t out[4];
    sfdt_philox_block(t.c[0], t.c[1], t.c[2], t.c[3], t.k[0], t.k[1], out);
    CHECK(std::memcmp(out, t.want, sizeof out) == 0, "Philox KAT %08x", t.want[0]);
  }
  // The library's normals (AVX2 lanes, or the plain loop under SCOREFDT_NO_AVX2=1) against the
  // header's scalar reference, bit for bit, including a half pair at the end.
  {
    const int count = 1001;
    std::vector<double> lib(count), ref(count);
    sfdt_philox_normals(0x0123456789abcdefULL, 1, 77, (1LL << 40) + 3, lib.data(), count);
    sfdt::fill_normals(sfdt::noise_key(0x0123456789abcdefULL, 1, 77, (1ULL << 40) + 3), ref.data(), count);
    CHECK(std::memcmp(lib.data(), ref.data(), sizeof(double) * count) == 0, "library normals == scalar reference");
  }
  // Lorenz-96, 37 members: 1 thread and 2 threads must agree bit for bit.
  const int d = 40, members = 37;
  std::vector<double> a(members * d), b, sigma(d, 0.5);
  for (int i = 0; i < members * d; ++i) a[i] = 0.01 * (i % 17);
  b = a;
  double F = 8.0;
  sfdt_lowdim_params p{};
  p.model = 2; p.scheme = 3; p.precision = SFDT_F64; p.dim = d; p.members = members;
  p.step0 = 0; p.nsteps = 50; p.seed = 42; p.dt = 0.01; p.sigma = sigma.data(); p.params = &F; p.nparams = 1;
  p.threads = 1; p.state = a.data();
  CHECK(sfdt_lowdim_advance(&p) == SFDT_OK, "advance 1 thread");
  p.threads = 2; p.state = b.data();
  CHECK(sfdt_lowdim_advance(&p) == SFDT_OK, "advance 2 threads");
  CHECK(std::memcmp(a.data(), b.data(), sizeof(double) * a.size()) == 0, "thread-count independence");
  // KDE: the library (16 AVX2 lanes, or the plain loop under SCOREFDT_NO_AVX2=1, 2 threads) against
  // the header's one-lane body, bit for bit; 37 queries × 300 points (partial lane group and tile).
  {
    const int kd = 3, nq = 37, nd = 300;
    std::vector<double> x(nd * kd), xx(nd), y(nq * kd), s(nq * kd), dv(nq), ls(nq);
    std::vector<int64_t> self(nq);
    for (int i = 0; i < nd * kd; ++i) x[i] = 0.37 * ((i * 7919) % 23) - 4.0;
    for (int j = 0; j < nd; ++j) { double q = 0; for (int k = 0; k < kd; ++k) q = q + x[j * kd + k] * x[j * kd + k]; xx[j] = q; }
    for (int i = 0; i < nq * kd; ++i) y[i] = 0.29 * ((i * 104729) % 31) - 4.5;
    for (int q = 0; q < nq; ++q) self[q] = q % 2 ? 5 * q : -1;
    sfdt_kde_params kp{};
    kp.dim = kd; kp.threads = 2; kp.n_data = nd; kp.n_query = nq; kp.neg_inv_2h2 = -0.5 / 0.49; kp.inv_h2 = 1 / 0.49;
    kp.data = x.data(); kp.data_sq = xx.data(); kp.query = y.data(); kp.self_index = self.data();
    kp.score = s.data(); kp.divergence = dv.data(); kp.log_sum = ls.data();
    CHECK(sfdt_kde_score(&kp) == SFDT_OK, "kde score");
    bool same = true;
    for (int q = 0; q < nq; ++q) {
      double mx, s0, s2, a[sfdt::KDE_TILE], s1[kd], rs[kd], rd, rl;
      sfdt::kde_init<1>(kd, &mx, &s0, &s2, s1);
      for (int64_t j0 = 0; j0 < nd; j0 += sfdt::KDE_TILE) {
        int t = nd - j0 < sfdt::KDE_TILE ? (int)(nd - j0) : sfdt::KDE_TILE;
        sfdt::kde_tile<1>(x.data(), xx.data(), j0, t, kd, &y[q * kd], &self[q], kp.neg_inv_2h2, true, a, &mx, &s0, &s2, s1);
      }
      sfdt::kde_finish<1>(0, kd, &y[q * kd], kp.inv_h2, &mx, &s0, &s2, s1, rs, &rd, &rl);
      same = same && std::memcmp(rs, &s[q * kd], sizeof rs) == 0 && std::memcmp(&rd, &dv[q], 8) == 0 && std::memcmp(&rl, &ls[q], 8) == 0;
    }
    CHECK(same, "library KDE == one-lane reference body");
  }
  // MLP 3 → 6 → 5 → 2, batch 7, both activations: backward against central differences of
  // L = Σ c·out (h = 1e-6, |g_fd − g| ≤ 1e-6·max(1, |g|), as MlpGradientTest), and 1 vs 2 threads
  // bit for bit.
  for (int32_t act = SFDT_ACT_SILU; act <= SFDT_ACT_TANH; ++act) {
    const int32_t w[] = {3, 6, 5, 2};
    const int L = 3, B = 7;
    const int64_t np = sfdt_mlp_param_count(w, L), nws = sfdt_mlp_workspace_size(w, L, B);
    std::vector<double> th(np), x(B * 3), c(B * 2), out(B * 2), ws(nws), g(np), gi(B * 3), g2(np), gi2(B * 3);
    for (int64_t k = 0; k < np; ++k) th[k] = 0.6 * (((k * 7919) % 29) / 14.0 - 1.0);
    for (int k = 0; k < B * 3; ++k) x[k] = ((k * 104729) % 17) / 8.0 - 1.0;
    for (int k = 0; k < B * 2; ++k) c[k] = ((k * 31) % 11) / 5.0 - 1.0;
    sfdt_mlp_params mp{};
    mp.layers = L; mp.activation = act; mp.widths = w; mp.batch = B; mp.threads = 1; mp.params = th.data();
    mp.input = x.data(); mp.output = out.data(); mp.workspace = ws.data(); mp.d_output = c.data();
    mp.gradient = g.data(); mp.d_input = gi.data();
    CHECK(sfdt_mlp_forward(&mp) == SFDT_OK && sfdt_mlp_backward(&mp) == SFDT_OK, "mlp forward/backward");
    auto loss = [&]() {
      sfdt_mlp_forward(&mp);
      double s = 0;
      for (int k = 0; k < B * 2; ++k) s += c[k] * out[k];
      return s;
    };
    const double h = 1e-6;
    bool ok = true;
    for (int64_t k = 0; k < np; ++k) {
      const double t = th[k];
      th[k] = t + h; const double lp = loss();
      th[k] = t - h; const double lm = loss();
      th[k] = t;
      const double fd = (lp - lm) / (2 * h);
      ok = ok && std::fabs(fd - g[k]) <= 1e-6 * std::fmax(1.0, std::fabs(g[k]));
    }
    for (int k = 0; k < B * 3; ++k) {
      const double t = x[k];
      x[k] = t + h; const double lp = loss();
      x[k] = t - h; const double lm = loss();
      x[k] = t;
      const double fd = (lp - lm) / (2 * h);
      ok = ok && std::fabs(fd - gi[k]) <= 1e-6 * std::fmax(1.0, std::fabs(gi[k]));
    }
    CHECK(ok, "mlp backward == central differences (activation %d)", act);
    std::vector<double> out1 = out;
    loss();
    out1 = out;
    mp.threads = 2; mp.gradient = g2.data(); mp.d_input = gi2.data();
    sfdt_mlp_forward(&mp);
    sfdt_mlp_backward(&mp);
    CHECK(std::memcmp(out.data(), out1.data(), 8 * out.size()) == 0 && std::memcmp(g.data(), g2.data(), 8 * g.size()) == 0
              && std::memcmp(gi.data(), gi2.data(), 8 * gi.size()) == 0, "mlp 1 thread == 2 threads (activation %d)", act);
  }
  {
    // Semilinear (Allen–Cahn): u ≡ 1 is a fixed point of the drift (r(1) = 0, L(0) = 0); without
    // noise every scheme keeps it to rounding. Bad arguments are refused with the documented codes.
    const int n = 8, nh = n * (n / 2 + 1);
    std::vector<double> zero(nh, 0.0), one(nh, 1.0), u(2 * n * n, 1.0);
    sfdt_semilinear_params sp = {};
    sp.n = n; sp.precision = SFDT_F64; sp.reaction = 1; sp.members = 2; sp.nsteps = 5; sp.threads = 2;
    sp.dt = 1.0 / 32; sp.noise_scale = 0; sp.noise_symbol = one.data();
    sp.lin_re = zero.data(); sp.lin_im = zero.data(); sp.react = one.data();
    sp.e_re = one.data(); sp.e_im = zero.data(); sp.p1_re = one.data(); sp.p1_im = zero.data();
    sp.p2_re = one.data(); sp.p2_im = zero.data(); sp.state = u.data();
    for (int scheme : {SFDT_SEMI_RK4_EM, SFDT_SEMI_ETD1, SFDT_SEMI_ETD2}) {
      sp.scheme = scheme;
      CHECK(sfdt_semilinear_advance(&sp) == SFDT_OK, "semilinear advance (scheme %d)", scheme);
      double worst = 0;
      for (double v : u) worst = std::fmax(worst, std::fabs(v - 1));
      CHECK(worst < 1e-14, "u = 1 stays fixed (scheme %d): max |u - 1| = %g", scheme, worst);
    }
    sp.scheme = 9;
    CHECK(sfdt_semilinear_advance(&sp) == SFDT_E_ARG, "unknown semilinear scheme refused");
    sp.scheme = SFDT_SEMI_ETD2; sp.p2_re = nullptr;
    CHECK(sfdt_semilinear_advance(&sp) == SFDT_E_NULL, "ETD2 without p2 refused");
  }
  // Navier–Stokes (navier_stokes.cpp; both clones, as ctest also runs with SCOREFDT_NO_AVX2=1).
  // (1) A single shell ζ = sin 2x·sin 3y has ψ ∝ ζ, so the advection vanishes: unforced RK4 multiplies
  // mode (2, 3) by R(z)ⁿ, z = (D − iU₀·2)dt, R the degree-4 Taylor polynomial; compare to 1e-12.
  {
    const int n = 16, steps = 64;
    const double dt = 1.0 / 128, u0 = 3.14159265358979323846, k2 = 13, dk = -1e-2 / (k2 * k2) - 1e-5 * k2 * k2;
    const double h = 2 * 3.14159265358979323846 / n;
    std::vector<double> x(n * n);
    for (int y = 0; y < n; ++y) for (int c = 0; c < n; ++c) x[y * n + c] = std::sin(2 * h * c) * std::sin(3 * h * y);
    sfdt_ns_params q{};
    q.n = n; q.precision = SFDT_F64; q.members = 1; q.nsteps = steps; q.threads = 1; q.seed = 1; q.dt = dt;
    q.u0 = u0; q.nu_hypo = 1e-2; q.nu = 1e-5; q.forcing = 0; q.phase_sigma = 0; q.dealias = 1; q.nmodes = 0;
    q.state = x.data();
    CHECK(sfdt_ns_advance(&q) == SFDT_OK, "ns advance (single shell)");
    double zr = dk * dt, zi = -u0 * 2 * dt, rr = 1, ri = 0, tr = 1, ti = 0;
    for (int j = 1; j <= 4; ++j) {
      double nr = (tr * zr - ti * zi) / j, ni = (tr * zi + ti * zr) / j;
      tr = nr; ti = ni; rr += tr; ri += ti;
    }
    const double mag = std::pow(std::hypot(rr, ri), steps), arg = steps * std::atan2(ri, rr);
    double err = 0;
    for (int y = 0; y < n; ++y)
      for (int c = 0; c < n; ++c)
        err = std::fmax(err, std::fabs(x[y * n + c] - mag * std::sin(2 * h * c + arg) * std::sin(3 * h * y)));
    CHECK(err < 1e-12, "ns single shell vs RK4 polynomial: %g", err);
  }
  // (2) Forced (paper parameters, K = the 15×15 square inside the Nyquist lines), 5 members:
  // 1 thread and 2 threads bit for bit, and the phases moved by σ√dt·z exactly as the header says.
  {
    const int n = 16, members = 5, steps = 8;
    std::vector<int32_t> kx, ky, partner;
    for (int y = -7; y <= 7; ++y)
      for (int c = -7; c <= 7; ++c)
        if (c * c + y * y <= 112.5) { kx.push_back(c); ky.push_back(y); }
    const int nm = (int)kx.size();
    for (int j = 0; j < nm; ++j) partner.push_back(nm - 1 - j);
    const int dim = n * n + nm;
    std::vector<double> a(members * dim), b;
    for (int i = 0; i < members * dim; ++i) a[i] = 0.3 * std::sin(0.37 * i);
    b = a;
    const std::vector<double> start = a;
    sfdt_ns_params q{};
    q.n = n; q.precision = SFDT_F64; q.members = members; q.nsteps = steps; q.seed = 9; q.dt = 1.0 / 128;
    q.u0 = 3.14159265358979323846; q.nu_hypo = 1e-2; q.nu = 1e-5; q.forcing = 18.75; q.phase_sigma = std::sqrt(2.0);
    q.dealias = 1; q.nmodes = nm; q.mode_kx = kx.data(); q.mode_ky = ky.data(); q.mode_partner = partner.data();
    q.threads = 1; q.state = a.data();
    CHECK(sfdt_ns_advance(&q) == SFDT_OK, "ns advance 1 thread");
    q.threads = 2; q.state = b.data();
    CHECK(sfdt_ns_advance(&q) == SFDT_OK, "ns advance 2 threads");
    CHECK(std::memcmp(a.data(), b.data(), sizeof(double) * a.size()) == 0, "ns thread-count independence");
    bool phases = true;
    const double sdt = std::sqrt(2.0) * std::sqrt(1.0 / 128);
    for (int m = 0; m < members; ++m) {
      for (int j = 0; j < nm; ++j) {
        double phi = start[m * dim + n * n + j];
        for (int k = 0; k < steps; ++k) {
          double z0, z1;
          sfdt::normal_pair(sfdt::noise_key(9, sfdt::STREAM_NOISE, m, k), (uint32_t)(n * n / 2 + j / 2), &z0, &z1);
          phi = phi + sdt * (j % 2 ? z1 : z0);
        }
        phases = phases && phi == a[m * dim + n * n + j];
      }
    }
    CHECK(phases, "ns phases == σ√dt·Σ z of components n² + j");
  }
  {
    // Periodic CNN known answer: one linear layer on a 3×3 grid, F = 1, K = 1, channels {2, 1}; taps
    // of the field: centre 1, (dy, dx) = (0, +1) 2, (+1, 0) −1; the constant channel's taps sum to
    // 0.5; bias 0.25. out(y, x) = u(y, x) + 2u(y, x+1) − u(y+1, x) + 0.5·c + 0.25 (indices mod 3), all
    // exact in binary. Backward with d_out = 1: ∂b = 9B, ∂W_tap = Σ u, ∂W_const = 9 Σ c.
    for (int32_t prec = SFDT_F64; prec <= SFDT_F32; ++prec) {
      const int32_t ch[] = {2, 1};
      const int B = 2, n = 3;
      double th[19] = {0};
      th[4] = 1; th[5] = 2; th[7] = -1;  // taps (dy+1)·3 + (dx+1)
      for (int t = 0; t < 9; ++t) th[9 + t] = t == 4 ? 0.5 : 0.0;
      th[18] = 0.25;
      double x[B * 10];
      for (int k = 0; k < B * 10; ++k) x[k] = (k % 10 == 9) ? 1.5 + k / 10 : ((k * 5) % 7) - 3.0;
      std::vector<double> out(B * 9), ws(sfdt_cnn_workspace_size(ch, 1, n, 1, B, 2)), g(19), d(B * 9, 1.0), gi(B * 10);
      std::vector<float> thf(th, th + 19), xf(x, x + B * 10), outf(B * 9), wsf(ws.size()), gf(19), df(B * 9, 1.0f), gif(B * 10);
      sfdt_cnn_params cp{};
      cp.precision = prec; cp.n = n; cp.fields = 1; cp.constants = 1; cp.layers = 1; cp.activation = SFDT_ACT_SILU;
      cp.channels = ch; cp.batch = B; cp.threads = 2;
      const bool f64 = prec == SFDT_F64;
      cp.params = f64 ? (const void*)th : (const void*)thf.data();
      cp.input = f64 ? (const void*)x : (const void*)xf.data();
      cp.output = f64 ? (void*)out.data() : (void*)outf.data();
      cp.workspace = f64 ? (void*)ws.data() : (void*)wsf.data();
      cp.d_output = f64 ? (const void*)d.data() : (const void*)df.data();
      cp.gradient = f64 ? (void*)g.data() : (void*)gf.data();
      cp.d_input = f64 ? (void*)gi.data() : (void*)gif.data();
      CHECK(sfdt_cnn_forward(&cp) == SFDT_OK && sfdt_cnn_backward(&cp) == SFDT_OK, "cnn forward/backward (precision %d)", prec);
      bool ok = true;
      double sumU = 0, sumC = 0;
      for (int r = 0; r < B; ++r) {
        const double* u = x + r * 10;
        sumC += u[9];
        for (int y = 0; y < n; ++y)
          for (int xx = 0; xx < n; ++xx) {
            sumU += u[y * 3 + xx];
            const double want = u[y * 3 + xx] + 2 * u[y * 3 + (xx + 1) % 3] - u[((y + 1) % 3) * 3 + xx] + 0.5 * u[9] + 0.25;
            const double got = f64 ? out[r * 9 + y * 3 + xx] : (double)outf[r * 9 + y * 3 + xx];
            ok = ok && got == want;
          }
      }
      CHECK(ok, "cnn known answer (precision %d)", prec);
      const double gb = f64 ? g[18] : gf[18], gt = f64 ? g[0] : gf[0], gc = f64 ? g[9] : gf[9];
      CHECK(gb == 9.0 * B && gt == sumU && gc == 9 * sumC, "cnn known gradient (precision %d): %g %g %g", prec, gb, gt, gc);
      // ∂L/∂u(y, x) = 1 + 2 − 1 = 2 for every pixel; ∂L/∂c = 9·0.5.
      bool din = true;
      for (int r = 0; r < B; ++r)
        for (int k = 0; k < 10; ++k) din = din && (f64 ? gi[r * 10 + k] : (double)gif[r * 10 + k]) == (k == 9 ? 4.5 : 2.0);
      CHECK(din, "cnn known input gradient (precision %d)", prec);
    }
  }
  std::printf("%s (%d failures)\n", failures ? "FAILED" : "ok", failures);
  return failures ? 1 : 0;
}
