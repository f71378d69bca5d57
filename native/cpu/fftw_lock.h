// fftw_lock.h — FFTW's planner is not thread-safe: every file that makes plans (spectral.cpp,
// navier_stokes.cpp, …) takes this one process-wide lock, so plans for different models may be made
// concurrently from different Java threads. Executing plans needs no lock.
#pragma once
#include <mutex>

namespace sfdt_cpu {
// The lock (a function-local static: initialised on first use, safe during static initialisation).
inline std::mutex& fftw_planner_lock() {
  static std::mutex m;
  return m;
}
}  // namespace sfdt_cpu
