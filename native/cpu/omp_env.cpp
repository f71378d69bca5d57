// omp_env.cpp — libscorefdt_omp_env, loaded by JavaCPP before libscorefdt_cpu (the preload of
// ScoreFdtCpuConfig). libgomp reads OMP_* once, when it is loaded as a dependency of libscorefdt_cpu,
// so this must run first and must not itself link OpenMP.
//
// Why PASSIVE: the GFDT passes call the library several times per save with ~1 ms of work each. With
// libgomp's default (spin ~300k iterations before sleeping), the master spins at every end-of-region
// barrier while a worker that the OS has descheduled (the 2-core machines this runs on are shared)
// waits for its time slice, and idle workers spin between calls on the core the JVM's own thread
// needs. Measured on the shared 2-core VM (bench/results/ou-paper.json): one integrator step of 128
// OU members took 5–12 ms with the default and 1.5 ms with PASSIVE; the lagged-grid push + sums of
// one save 15–17 ms against 6 ms. A user's own OMP_WAIT_POLICY (or GOMP_SPINCOUNT) is kept.
#include <stdlib.h>

__attribute__((constructor)) static void sfdt_prefer_passive_omp_wait() {
  if (!getenv("GOMP_SPINCOUNT")) setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
}
