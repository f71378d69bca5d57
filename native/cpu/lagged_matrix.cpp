// lagged_matrix.cpp — the lagged GFDT response-matrix sums of a low-dimensional state (abi.h; java:
// response/LaggedMatrixAccumulator). One call per save: the chosen conjugate columns go into the
// ring (OpenMP over members), then every (block, lag) row is owned by one thread and adds its
// members in order through sfdt::lagged_matrix_row (the per-element body shared with the device
// form, lagged.h), so the sums equal the Java loop's bit for bit whatever the thread count.
#include "scorefdt/abi.h"
#include "scorefdt/lagged.h"
#include "threads.h"

extern "C" int32_t sfdt_lagged_matrix_add(const sfdt_lagged_matrix_params* pp) {
  if (!pp || !pp->columns || !pp->block_start || !pp->states || !pp->conjugates || !pp->ring || !pp->sums || !pp->marginals) {
    return SFDT_E_NULL;
  }
  const sfdt_lagged_matrix_params& p = *pp;
  if (p.d < 1 || p.cols < 1 || p.cols > p.d || p.lags < 1 || p.blocks < 1 || p.members < p.blocks || p.save < 0) return SFDT_E_ARG;
  for (int k = 0; k < p.cols; ++k) {
    if (p.columns[k] < 0 || p.columns[k] >= p.d) return SFDT_E_ARG;
  }
  if (p.block_start[0] != 0 || p.block_start[p.blocks] != p.members) return SFDT_E_ARG;
  const int d = p.d, cols = p.cols, lags = p.lags;
  const int64_t slot = p.save % lags;
  const int max_lag = (int)(p.save < lags - 1 ? p.save : lags - 1);
  // Ring copies are cheap (cols values per member): threads only where there are many members.
  const int nt_ring = sfdt_cpu::thread_count(p.threads, p.members / 4096 + 1);
#pragma omp parallel for num_threads(nt_ring) schedule(static)
  for (int64_t m = 0; m < p.members; ++m) {
    double* to = p.ring + (m * lags + slot) * cols;
    for (int k = 0; k < cols; ++k) to[k] = p.conjugates[m * d + p.columns[k]];
  }
  const int64_t rows = (int64_t)p.blocks * (max_lag + 1);
  const int64_t width = (int64_t)d * cols, wm = d + cols;
  const int nt = sfdt_cpu::thread_count(p.threads, rows);
#pragma omp parallel for num_threads(nt) schedule(static)
  for (int64_t r = 0; r < rows; ++r) {
    const int64_t b = r / (max_lag + 1);
    const int tau = (int)(r % (max_lag + 1));
    const int64_t lagged = ((p.save - tau) % lags);
    double* acc = p.sums + (b * lags + tau) * width;
    double* marg = p.marginals + (b * lags + tau) * wm;
    for (int64_t m = p.block_start[b]; m < p.block_start[b + 1]; ++m) {
      sfdt::lagged_matrix_row(p.states + m * d, d, p.ring + (m * lags + lagged) * cols, cols, acc, marg);
    }
  }
  return SFDT_OK;
}
