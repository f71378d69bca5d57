// mlp.cpp — forward and backward passes of the dense network (abi.h sfdt_mlp_*; the math, the
// parameter layout and the kept activations of org.scorefdt.score.nn.Mlp). The layer products are
// cblas_dgemm calls on the whole batch (row-major, OpenBLAS threads), the per-element work (bias,
// activation, its derivative) comes from nn.h in OpenMP loops over rows.
//
// Determinism: every element loop is element-wise, and OpenBLAS's threaded dgemm splits the output
// (m, n), never the summed dimension k, so the result does not depend on the thread count (checked
// by NativeMlpTest). Against Java the products are summed in another order (and FMA-contracted by
// OpenBLAS's kernels), and exp/tanh come from libm rather than fdlibm: agreement is to a tolerance.
//
// Workspace layout, batch B, hidden layers h = 0 … L−2 (width n_h = w_{h+1}):
//   [a_h : B·n_h][aux_h : B·n_h] for each h, then two delta buffers of B·max_h n_h each.
#include <climits>
#include <cblas.h>
#include "scorefdt/abi.h"
#include "scorefdt/nn.h"
#include "threads.h"

namespace {

bool widths_ok(const int32_t* w, int32_t layers) {
  if (!w || layers < 1) return false;
  for (int32_t l = 0; l <= layers; ++l)
    if (w[l] < 1) return false;
  return true;
}

int32_t max_hidden(const int32_t* w, int32_t layers) {
  int32_t m = 0;
  for (int32_t l = 1; l < layers; ++l) m = w[l] > m ? w[l] : m;
  return m;
}

int32_t check(const sfdt_mlp_params* p) {
  if (!p || !p->widths || !p->params || !p->input) return SFDT_E_NULL;
  if (!widths_ok(p->widths, p->layers)) return SFDT_E_ARG;
  if (p->activation != SFDT_ACT_SILU && p->activation != SFDT_ACT_TANH) return SFDT_E_ARG;
  if (p->batch < 0 || p->batch > INT_MAX) return SFDT_E_ARG;
  if (p->layers > 1 && !p->workspace) return SFDT_E_NULL;
  return SFDT_OK;
}

// OpenBLAS's thread count is process-wide: set it only when asked, and only when it changes.
void blas_threads(int32_t threads) {
  if (threads > 0 && openblas_get_num_threads() != threads) openblas_set_num_threads(threads);
}

struct Layout {
  const int32_t* w;
  int32_t layers;
  int64_t batch;
  double* ws;
  // Offsets of W_l and b_l (l = 0-based layer) in params.
  int64_t w_off(int32_t l) const {
    int64_t off = 0;
    for (int32_t k = 0; k < l; ++k) off += (int64_t)w[k + 1] * (w[k] + 1);
    return off;
  }
  int64_t b_off(int32_t l) const { return w_off(l) + (int64_t)w[l + 1] * w[l]; }
  double* act(int32_t h) const {  // hidden activation a_h, h = 0 … L−2
    int64_t off = 0;
    for (int32_t k = 0; k < h; ++k) off += 2 * batch * w[k + 1];
    return ws + off;
  }
  double* aux(int32_t h) const { return act(h) + batch * w[h + 1]; }
  double* delta(int which) const { return act(layers - 1) + which * batch * max_hidden(w, layers); }
};

}  // namespace

extern "C" int64_t sfdt_mlp_param_count(const int32_t* widths, int32_t layers) {
  if (!widths_ok(widths, layers)) return SFDT_E_ARG;
  int64_t n = 0;
  for (int32_t l = 0; l < layers; ++l) n += (int64_t)widths[l + 1] * (widths[l] + 1);
  return n;
}

extern "C" int64_t sfdt_mlp_workspace_size(const int32_t* widths, int32_t layers, int64_t batch) {
  if (!widths_ok(widths, layers) || batch < 0) return SFDT_E_ARG;
  int64_t n = 0;
  for (int32_t h = 0; h + 1 < layers; ++h) n += 2 * batch * widths[h + 1];
  return n + 2 * batch * max_hidden(widths, layers);
}

extern "C" int32_t sfdt_mlp_forward(const sfdt_mlp_params* p) {
  if (int32_t rc = check(p)) return rc;
  if (!p->output) return SFDT_E_NULL;
  const int B = (int)p->batch;
  if (B == 0) return SFDT_OK;
  const int32_t L = p->layers, act = p->activation, *w = p->widths;
  const Layout lay{w, L, p->batch, p->workspace};
  // Rows are independent in the forward pass, so the batch is split into one contiguous row block
  // per thread and each block runs the whole network with single-threaded GEMMs. On small layers
  // (64 wide) this beats OpenBLAS's own threading, whose pool competes with OpenMP's (measured 2×
  // slower at 2 threads on a 2-core machine). A row's result does not depend on the block it is
  // in (the GEMM sums over k in the same order for every row), so outputs are thread-independent.
  const int nt = sfdt_cpu::thread_count(p->threads, B);
  blas_threads(nt > 1 ? 1 : p->threads);
#pragma omp parallel for num_threads(nt) schedule(static)
  for (int c = 0; c < nt; ++c) {
    const int r0 = (int)((int64_t)B * c / nt), rows = (int)((int64_t)B * (c + 1) / nt) - r0;
    if (rows == 0) continue;
    const double* in = p->input + (int64_t)r0 * w[0];
    for (int32_t l = 0; l < L; ++l) {
      const int nIn = w[l], nOut = w[l + 1];
      const bool hidden = l + 1 < L;
      double* z = (hidden ? lay.act(l) : p->output) + (int64_t)r0 * nOut;
      const double* W = p->params + lay.w_off(l);
      const double* b = p->params + lay.b_off(l);
      // z = a_{l−1} W_lᵀ  ([rows][nIn]·[nIn][nOut]; W_l is [nOut][nIn] row-major).
      cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, nOut, nIn, 1.0, in, nIn, W, nIn, 0.0, z, nOut);
      if (hidden) {
        double* aux = lay.aux(l) + (int64_t)r0 * nOut;
        for (int r = 0; r < rows; ++r) {
          double* zr = z + (int64_t)r * nOut;
          double* xr = aux + (int64_t)r * nOut;
          for (int i = 0; i < nOut; ++i) sfdt::nn_hidden_unit(act, zr + i, b[i], xr + i);
        }
      } else {
        for (int r = 0; r < rows; ++r) {
          double* zr = z + (int64_t)r * nOut;
          for (int i = 0; i < nOut; ++i) sfdt::nn_output_unit(zr + i, b[i]);
        }
      }
      in = z;
    }
  }
  return SFDT_OK;
}

extern "C" int32_t sfdt_mlp_backward(const sfdt_mlp_params* p) {
  if (int32_t rc = check(p)) return rc;
  if (!p->d_output || !p->gradient) return SFDT_E_NULL;
  const int32_t L = p->layers, act = p->activation, *w = p->widths;
  const Layout lay{w, L, p->batch, p->workspace};
  const int B = (int)p->batch;
  if (B == 0) {
    const int64_t n = sfdt_mlp_param_count(w, L);
    for (int64_t k = 0; k < n; ++k) p->gradient[k] = 0.0;
    return SFDT_OK;
  }
  blas_threads(p->threads);
  const int nt = sfdt_cpu::thread_count(p->threads, B);
  const double* delta = p->d_output;
  int which = 0;
  for (int32_t l = L - 1; l >= 0; --l) {
    const int nIn = w[l], nOut = w[l + 1];
    const double* a_prev = l == 0 ? p->input : lay.act(l - 1);
    double* gW = p->gradient + lay.w_off(l);
    double* gb = p->gradient + lay.b_off(l);
    // ∂L/∂W_l = δᵀ a_{l−1}  ([nOut][B]·[B][nIn]).
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, nOut, nIn, B, 1.0, delta, nOut, a_prev, nIn, 0.0, gW, nIn);
    // ∂L/∂b_l = Σ_r δ_r, rows in order (as Mlp.java).
    for (int i = 0; i < nOut; ++i) gb[i] = 0.0;
    for (int r = 0; r < B; ++r) {
      const double* dr = delta + (int64_t)r * nOut;
      for (int i = 0; i < nOut; ++i) gb[i] += dr[i];
    }
    if (l == 0 && !p->d_input) break;
    // ∂L/∂a_{l−1} = δ W_l  ([B][nOut]·[nOut][nIn]).
    const double* W = p->params + lay.w_off(l);
    double* target = l == 0 ? p->d_input : lay.delta(which);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, B, nIn, nOut, 1.0, delta, nOut, W, nIn, 0.0, target, nIn);
    if (l == 0) break;
    const double* aux = lay.aux(l - 1);
    const double* a = lay.act(l - 1);
    const int64_t n = (int64_t)B * nIn;
#pragma omp parallel for num_threads(nt) schedule(static)
    for (int64_t k = 0; k < n; ++k) sfdt::nn_hidden_delta(act, target + k, aux[k], a[k]);
    delta = target;
    which ^= 1;
  }
  return SFDT_OK;
}
