// lowdim.cpp — CPU loops over the shared per-member step bodies (integrators.h), one member per
// OpenMP iteration. Each member keeps its own scratch; the RNG is keyed per member and step, so
// the result is independent of the thread count and of the schedule.
#include <vector>
#include "scorefdt/abi.h"
#include "scorefdt/integrators.h"
#include "scorefdt/philox.h"
#include "normals.h"
#include "threads.h"

namespace {

template <typename T>
int32_t advance(const sfdt_lowdim_params& p) {
  const int d = p.dim;
  T* state = static_cast<T*>(p.state);
  const T dt = (T)p.dt;
  std::vector<T> s(d);
  const double sqrt_dt = sqrt(p.dt);
  for (int i = 0; i < d; ++i) s[i] = (T)(p.sigma[i] * sqrt_dt);
  const int nt = sfdt_cpu::thread_count(p.threads, p.members);
#pragma omp parallel num_threads(nt)
  {
    std::vector<T> scratch(5 * (size_t)d), z(d);
#pragma omp for schedule(static)
    for (int64_t m = 0; m < p.members; ++m) {
      T* x = state + m * d;
      const uint64_t member = (uint64_t)(p.member_offset + m);
      for (int32_t k = 0; k < p.nsteps; ++k) {
        sfdt::NoiseKey key = sfdt::noise_key(p.seed, sfdt::STREAM_NOISE, member, (uint64_t)(p.step0 + k));
        sfdt_cpu::fill_normals(key, z.data(), d);
        sfdt::lowdim_step(p.model, p.params, p.scheme, x, d, dt, s.data(), z.data(), scratch.data());
      }
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
