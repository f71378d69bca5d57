// kde.cpp — CPU loop of the KDE score (kde.h): OpenMP over groups of kLanes queries, each group
// streaming over the data in tiles of sfdt::KDE_TILE points. Lanes run across queries, so every
// inner loop has the constant trip count kLanes and vectorises (4 doubles per AVX2 register, the
// exp included); each data coordinate is loaded once and used by the 16 lanes, and a tile
// (128 × d doubles) stays in L1 between its two passes. Per query the arithmetic is sequential in
// the data index, exactly as in the Java reference, so results do not depend on the lane grouping,
// the thread count or the schedule, and equal Java's bit for bit.
#include <cstdlib>
#include <vector>
#include "scorefdt/abi.h"
#include "scorefdt/kde.h"
#include "threads.h"

namespace {

constexpr int kLanes = 16;  // 4 AVX2 registers per lane array: enough independent work to hide the exp's latency

struct Scratch {
  std::vector<double> y, a, s1;
  Scratch(int d) : y((size_t)d * kLanes), a((size_t)sfdt::KDE_TILE * kLanes), s1((size_t)d * kLanes) {}
};

// Queries q0 .. q0+count−1 (count ≤ kLanes); missing lanes repeat the last query and are discarded.
inline __attribute__((always_inline)) void group(const sfdt_kde_params& p, int64_t q0, int count, Scratch& w) {
  const int d = p.dim;
  double mx[kLanes], s0[kLanes], s2[kLanes];
  int64_t self[kLanes];
  for (int l = 0; l < kLanes; ++l) {
    const int64_t q = q0 + (l < count ? l : count - 1);
    for (int k = 0; k < d; ++k) w.y[(size_t)k * kLanes + l] = p.query[q * d + k];
    self[l] = (p.self_index && l < count) ? p.self_index[q] : -1;
  }
  const bool want_s2 = p.divergence != nullptr;
  sfdt::kde_init<kLanes>(d, mx, s0, s2, w.s1.data());
  for (int64_t j0 = 0; j0 < p.n_data; j0 += sfdt::KDE_TILE) {
    const int t = p.n_data - j0 < sfdt::KDE_TILE ? (int)(p.n_data - j0) : sfdt::KDE_TILE;
    sfdt::kde_tile<kLanes>(p.data, p.data_sq, j0, t, d, w.y.data(), self, p.neg_inv_2h2, want_s2, w.a.data(), mx,
                           s0, s2, w.s1.data());
  }
  for (int l = 0; l < count; ++l) {
    const int64_t q = q0 + l;
    sfdt::kde_finish<kLanes>(l, d, w.y.data(), p.inv_h2, mx, s0, s2, w.s1.data(),
                             p.score ? p.score + q * d : nullptr, p.divergence ? p.divergence + q : nullptr,
                             p.log_sum ? p.log_sum + q : nullptr);
  }
}

// The same loop compiled for AVX2 and for baseline x86-64 (same IEEE operations), picked at load.
__attribute__((target("avx2"))) void group_avx2(const sfdt_kde_params& p, int64_t q0, int count, Scratch& w) {
  group(p, q0, count, w);
}

void group_plain(const sfdt_kde_params& p, int64_t q0, int count, Scratch& w) { group(p, q0, count, w); }

const bool kHaveAvx2 = __builtin_cpu_supports("avx2") && !std::getenv("SCOREFDT_NO_AVX2");

}  // namespace

extern "C" int32_t sfdt_kde_score(const sfdt_kde_params* p) {
  if (!p || !p->data || !p->query || (p->divergence && !p->data_sq)) return SFDT_E_NULL;
  if (p->dim <= 0 || p->n_data <= 0 || p->n_query < 0) return SFDT_E_ARG;
  if (p->n_query == 0) return SFDT_OK;
  const int64_t groups = (p->n_query + kLanes - 1) / kLanes;
  const int nt = sfdt_cpu::thread_count(p->threads, groups);
#pragma omp parallel num_threads(nt)
  {
    Scratch w(p->dim);
#pragma omp for schedule(dynamic, 4)
    for (int64_t g = 0; g < groups; ++g) {
      const int64_t q0 = g * kLanes;
      const int count = p->n_query - q0 < kLanes ? (int)(p->n_query - q0) : kLanes;
      if (kHaveAvx2) group_avx2(*p, q0, count, w);
      else group_plain(*p, q0, count, w);
    }
  }
  return SFDT_OK;
}
