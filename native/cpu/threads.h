// threads.h — how many OpenMP threads a call uses.
#pragma once
#include <stdint.h>
#ifdef _OPENMP
#include <omp.h>
#endif

namespace sfdt_cpu {
// requested ≤ 0 means all available; never more threads than work items.
inline int thread_count(int32_t requested, int64_t items) {
#ifdef _OPENMP
  int n = requested > 0 ? requested : omp_get_max_threads();
#else
  int n = 1; (void)requested;
#endif
  if (items < n) n = items < 1 ? 1 : (int)items;
  return n;
}

// The calling thread's index in its OpenMP team (0 outside one).
inline int thread_index() {
#ifdef _OPENMP
  return omp_get_thread_num();
#else
  return 0;
#endif
}
}  // namespace sfdt_cpu
