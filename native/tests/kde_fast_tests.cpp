// kde_fast_tests.cpp — ctest: the float32 KDE algorithm of kde_fast.h (pre-scaled base-2 weights,
// lazy reference, blocked partial sums), run on the host with the header's own bodies in the CUDA
// kernel's order (kde.cu f32_tile, one query per thread), against the float64 reference of kde.h.
// Checks that every score, divergence and log-sum is within the bound stated in kde_fast.h (the
// one CudaKdeTest asserts on the GPU; on the host exp2f stands in for the SFU's ex2, whose 2⁻²²
// relative error the bound already carries). Prints the worst error/bound ratio per case.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>
#include "scorefdt/kde.h"
#include "scorefdt/kde_fast.h"

namespace {

int failures = 0;

struct Worst {
  double score = 0, div = 0, lse = 0;
};

// One case: n data, d components, m queries (half leave-one-out at data rows, half free).
Worst run(int n, int d, int m, double h, uint64_t seed) {
  std::mt19937_64 g(seed);
  std::uniform_real_distribution<double> U(-1, 1);
  std::vector<double> x(n * d), xx(n), y(m * d);
  std::vector<int64_t> self(m);
  for (int i = 0; i < n * d; ++i) x[i] = 3 + U(g) * (1 + i % 3);
  std::vector<double> mean(d, 0);
  for (int j = 0; j < n; ++j)
    for (int k = 0; k < d; ++k) mean[k] += x[j * d + k] / n;
  for (int j = 0; j < n; ++j) {
    double q = 0;
    for (int k = 0; k < d; ++k) {
      x[j * d + k] -= mean[k];
      q += x[j * d + k] * x[j * d + k];
    }
    xx[j] = q;
  }
  for (int q = 0; q < m; ++q) {
    const bool at = q % 2 == 0;
    const int row = (int)(g() % n);
    self[q] = at ? row : -1;
    for (int k = 0; k < d; ++k) y[q * d + k] = at ? x[row * d + k] : 3 * U(g);
  }
  const double neg = -0.5 / (h * h), inv = 1 / (h * h), c = -neg * 1.4426950408889634, sc = std::sqrt(c);
  std::vector<float> xs(n * d), qs(n);
  double rmax = 0;
  for (int j = 0; j < n; ++j) {
    double s = 0;
    for (int k = 0; k < d; ++k) {
      const float v = (float)(x[j * d + k] * sc);
      xs[j * d + k] = v;
      s += (double)v * v;
      rmax = std::max(rmax, std::fabs(x[j * d + k]) * sc);
    }
    qs[j] = (float)s;
  }
  Worst w;
  std::vector<double> s1(d), a(sfdt::KDE_TILE), sref(d);
  std::vector<float> yv(d), S1(d), T1(d);
  for (int q = 0; q < m; ++q) {
    // float64 reference (kde.h, one lane)
    double mx, s0, s2, dref, lref;
    sfdt::kde_init<1>(d, &mx, &s0, &s2, s1.data());
    for (int64_t j0 = 0; j0 < n; j0 += sfdt::KDE_TILE) {
      const int t = (int)std::min<int64_t>(sfdt::KDE_TILE, n - j0);
      sfdt::kde_tile<1>(x.data(), xx.data(), j0, t, d, &y[q * d], &self[q], neg, true, a.data(), &mx, &s0, &s2, s1.data());
    }
    sfdt::kde_finish<1>(0, d, &y[q * d], inv, &mx, &s0, &s2, s1.data(), sref.data(), &dref, &lref);
    // float32: the kernel's tile loop with kde_fast.h's bodies
    float S0 = 0, S2 = 0, ref = sfdt::KDE_FAST_REF0;
    double ymax = 0;
    for (int k = 0; k < d; ++k) {
      yv[k] = (float)(y[q * d + k] * sc);
      S1[k] = 0;
      ymax = std::max(ymax, std::fabs(y[q * d + k]) * sc);
    }
    for (int j0 = 0; j0 < n; j0 += sfdt::KDE_FAST_TILE) {
      const int t = std::min(sfdt::KDE_FAST_TILE, n - j0);
      float t0 = 0, t2 = 0;
      std::fill(T1.begin(), T1.end(), 0.f);
      for (int j = 0; j < t; ++j) {
        float acc = 0;
        for (int k = 0; k < d; ++k) acc = sfdt::kde_fast_sq_step(acc, yv[k], xs[(j0 + j) * d + k]);
        if (self[q] == j0 + j) acc = INFINITY;
        if (sfdt::kde_fast_moves(acc, ref)) {
          const float f = sfdt::kde_fast_rescale(acc, ref);
          ref = acc;
          S0 *= f; t0 *= f; S2 *= f; t2 *= f;
          for (int k = 0; k < d; ++k) { S1[k] *= f; T1[k] *= f; }
        }
        const float e = sfdt::kde_fast_weight(acc, ref);
        t0 += e;
        t2 = sfdt::kde_fast_fma(e, qs[j0 + j], t2);
        for (int k = 0; k < d; ++k) T1[k] = sfdt::kde_fast_fma(e, xs[(j0 + j) * d + k], T1[k]);
      }
      S0 += t0;
      S2 += t2;
      for (int k = 0; k < d; ++k) S1[k] += T1[k];
    }
    // read-off as kde.cu f32_finish, and the bounds of kde_fast.h / CudaKdeTest
    const double is0 = 1.0 / S0, u = std::ldexp(1.0, -24), R = std::max(rmax, ymax);
    const double A = std::max(0.0, -1.4426950408889634 * (lref - std::log((double)n))) + 32;
    const double sums = (2 * 256 + (double)n / 256 + 4) * u;
    const double rel = std::log(2.0) * ((d + 2) * u * A + 4 * u * std::sqrt(d * A) * R) + std::ldexp(1.0, -22) + sums +
                       std::ldexp(1.0, -32) * n;
    const double bound = (2 * R * rel + u * ymax) / (sc * h * h);
    double msq = 0;
    for (int k = 0; k < d; ++k) {
      const double mm = (double)S1[k] * is0;
      const double s = (mm - (double)yv[k]) / sc * inv;
      msq += mm * mm;
      w.score = std::max(w.score, std::fabs(s - sref[k]) / bound);
    }
    const double dv = (((double)S2 * is0 - msq) / c * inv - d) * inv;
    const double dbound = 4 * R * R * rel / (c * h * h * h * h) + 1e-12 * d / (h * h);
    w.div = std::max(w.div, std::fabs(dv - dref) / dbound);
    const double lse = 0.69314718055994530942 * (std::log2((double)S0) - (double)ref);
    const double lbound = std::log(2.0) * ((d + 3) * u * A + 4 * u * std::sqrt(d * A) * R) + std::ldexp(1.0, -22) + sums +
                          1e-15 * std::fabs(lref);
    w.lse = std::max(w.lse, std::fabs(lse - lref) / lbound);
  }
  return w;
}

}  // namespace

int main() {
  struct Case { int n, d, m; } cases[] = {{255, 3, 100}, {257, 8, 120}, {20001, 8, 60}, {4000, 16, 60}, {3000, 11, 60}, {5000, 1, 100}};
  for (const Case& c : cases) {
    const Worst w = run(c.n, c.d, c.m, 0.5, 1000u * c.n + c.d);
    std::printf("kde_fast n=%d d=%d: worst error/bound score %.3g, divergence %.3g, log-sum %.3g\n", c.n, c.d, w.score, w.div, w.lse);
    if (!(w.score <= 1 && w.div <= 1 && w.lse <= 1)) {
      std::printf("FAIL: kde_fast n=%d d=%d exceeds its bound\n", c.n, c.d);
      ++failures;
    }
  }
  // A far query: the reference moves, weights stay finite, the score points back at the data.
  {
    const int d = 2;
    const float y[2] = {1000.f, -1000.f}, xs[4] = {0.f, 0.f, 1.f, 1.f};
    float S0 = 0, ref = sfdt::KDE_FAST_REF0, S1[2] = {0, 0};
    for (int j = 0; j < 2; ++j) {
      float acc = 0;
      for (int k = 0; k < d; ++k) acc = sfdt::kde_fast_sq_step(acc, y[k], xs[j * d + k]);
      if (sfdt::kde_fast_moves(acc, ref)) {
        const float f = sfdt::kde_fast_rescale(acc, ref);
        ref = acc;
        S0 *= f; S1[0] *= f; S1[1] *= f;
      }
      const float e = sfdt::kde_fast_weight(acc, ref);
      S0 += e;
      for (int k = 0; k < d; ++k) S1[k] = sfdt::kde_fast_fma(e, xs[j * d + k], S1[k]);
    }
    // acc₀ = 2·10⁶ < acc₁ = 999² + 1001²: point 1 weighs 2^(−4) relative, the mean is within [0, 1]
    if (!(S0 >= 1 && std::isfinite(S1[0] / S0) && S1[0] / S0 >= 0 && S1[0] / S0 <= 1)) {
      std::printf("FAIL: far query S0 = %g, m = %g\n", S0, S1[0] / S0);
      ++failures;
    }
  }
  if (failures) std::printf("%d kde_fast checks failed\n", failures);
  return failures ? 1 : 0;
}
