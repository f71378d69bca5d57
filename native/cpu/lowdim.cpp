// lowdim.cpp — CPU loops over the shared per-member step bodies (integrators.h). Members are taken
// in groups of 8 so each step's noise for the whole group comes from one vectorised call (lanes
// across members: short states such as d = 1 still fill the vectors). The RNG is keyed per member
// and step, so the result is independent of the grouping, the thread count and the schedule.
#include <cstdlib>
#include <vector>
#include "scorefdt/abi.h"
#include "scorefdt/integrators.h"
#include "scorefdt/philox.h"
#include "normals.h"
#include "threads.h"

namespace {

constexpr int64_t kGroup = 8;

// The member-group loop, compiled for AVX2 and for baseline x86-64 (always_inline bodies): the same
// IEEE operations either way, picked once at load time.
template <typename T>
inline __attribute__((always_inline)) void step_group(const sfdt_lowdim_params& p, T* x, int64_t m0, int64_t count,
                                                      const T* s, T* z, T* scratch) {
  const int d = p.dim;
  const T dt = (T)p.dt;
  for (int32_t k = 0; k < p.nsteps; ++k) {
    sfdt_cpu::fill_normals_members(p.seed, sfdt::STREAM_NOISE, (uint64_t)(p.member_offset + m0), count,
                                   (uint64_t)(p.step0 + k), d, z);
    for (int64_t m = 0; m < count; ++m) sfdt::lowdim_step(p.model, p.params, p.scheme, x + m * d, d, dt, s, z + m * d, scratch);
  }
}

template <typename T>
__attribute__((target("avx2"))) void step_group_avx2(const sfdt_lowdim_params& p, T* x, int64_t m0, int64_t count,
                                                     const T* s, T* z, T* scratch) {
  step_group(p, x, m0, count, s, z, scratch);
}

template <typename T>
void step_group_plain(const sfdt_lowdim_params& p, T* x, int64_t m0, int64_t count, const T* s, T* z, T* scratch) {
  step_group(p, x, m0, count, s, z, scratch);
}

const bool kHaveAvx2 = __builtin_cpu_supports("avx2") && !std::getenv("SCOREFDT_NO_AVX2");

template <typename T>
int32_t advance(const sfdt_lowdim_params& p) {
  const int d = p.dim;
  T* state = static_cast<T*>(p.state);
  std::vector<T> s(d);
  const double sqrt_dt = sqrt(p.dt);
  for (int i = 0; i < d; ++i) s[i] = (T)(p.sigma[i] * sqrt_dt);
  const int64_t groups = (p.members + kGroup - 1) / kGroup;
  const int nt = sfdt_cpu::thread_count(p.threads, groups);
#pragma omp parallel num_threads(nt)
  {
    std::vector<T> scratch(5 * (size_t)d), z(kGroup * (size_t)d);
#pragma omp for schedule(static)
    for (int64_t g = 0; g < groups; ++g) {
      const int64_t m0 = g * kGroup, count = p.members - m0 < kGroup ? p.members - m0 : kGroup;
      if (kHaveAvx2) step_group_avx2(p, state + m0 * d, m0, count, s.data(), z.data(), scratch.data());
      else step_group_plain(p, state + m0 * d, m0, count, s.data(), z.data(), scratch.data());
    }
  }
  return SFDT_OK;
}

}  // namespace

extern "C" int32_t sfdt_lowdim_advance(const sfdt_lowdim_params* p) {
  if (!p || !p->state || !p->sigma || (p->nparams > 0 && !p->params)) return SFDT_E_NULL;
  if (p->dim <= 0 || p->members < 0 || p->nsteps < 0) return SFDT_E_ARG;
  return p->precision == SFDT_F32 ? advance<float>(*p) : advance<double>(*p);
}
