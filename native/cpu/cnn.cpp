// cnn.cpp — forward and backward passes of the periodic CNN and its DSM minibatch gradient
// (abi.h sfdt_cnn_*; the math, parameter layout and row layout of org.scorefdt.score.nn.PeriodicCnn),
// in float64 and float32. Per-element work (bias, activation, its derivative, the DSM residual) is
// nn.h's, the bodies the CUDA kernels (cuda/kernels/cnn.cu, mlp.cu) run.
//
// Algorithm: im2col + one BLAS product per layer and chunk, as PeriodicCnn does. The chunk's 9
// circularly shifted copies of every input channel form a [9·C_in][cols] panel (cols = samples·N²),
// and z = W·col is one sgemm/dgemm of shape C_out × cols × 9·C_in. The alternative, a direct 3×3
// convolution (cnn.cu's per-pixel loop), does the same 9·C_in·C_out multiply-adds per pixel but
// cannot reach the BLAS micro-kernels' register blocking; at 16 channels the product is the cost
// (the panel is ~1/C_out of the work) and im2col + GEMM measured faster (docs/backends.md §1).
//
// Parallelism: the batch is cut into chunks of sfdt_cnn_chunk_samples(N) samples (about
// CHUNK_COLUMNS pixels, so that the panel stays in L2); each chunk runs the whole network on one
// OpenMP thread with single-threaded BLAS, in a per-thread scratch slot. Backward writes each chunk's
// partial parameter gradient to its own slot, summed afterwards in chunk order: results do not depend
// on the thread count.
//
// Layouts. Activations of layer l for the chunk starting at sample b0 with cb samples live at
// act_l + C_l·b0·N², channel-major [C_l][cb·N²]; the input is read in place from its rows.
// Workspace (elements of T): act_1 … act_L, aux_1 … aux_{L−1} (each C_l·B·N²); then per thread a
// slot of col [9·maxConvIn·G·N²] and two deltas [maxC·G·N²]; then one gradient partial per chunk.
#include <climits>
#include <cstring>
#include <cblas.h>
#include "scorefdt/abi.h"
#include "scorefdt/nn.h"
#include "threads.h"

namespace {

constexpr int64_t CHUNK_COLUMNS = 1024;

int32_t chunk_samples(int32_t n) {
  const int64_t np = (int64_t)n * n;
  const int64_t g = CHUNK_COLUMNS / np;
  return g < 1 ? 1 : (int32_t)g;
}

bool channels_ok(const int32_t* ch, int32_t layers) {
  if (!ch || layers < 1) return false;
  for (int32_t l = 0; l <= layers; ++l)
    if (ch[l] < 1) return false;
  return true;
}

inline void gemm(bool ta, bool tb, int m, int n, int k, const double* a, int lda, const double* b, int ldb, double beta,
                 double* c, int ldc) {
  cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k, 1.0, a, lda, b, ldb,
              beta, c, ldc);
}
inline void gemm(bool ta, bool tb, int m, int n, int k, const float* a, int lda, const float* b, int ldb, float beta,
                 float* c, int ldc) {
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k, 1.0f, a, lda, b, ldb,
              beta, c, ldc);
}

void blas_threads(int32_t threads) {
  if (threads > 0 && openblas_get_num_threads() != threads) openblas_set_num_threads(threads);
}

// Sizes and offsets of one call, shared by forward and backward.
template <typename T>
struct Net {
  const sfdt_cnn_params* p;
  int32_t L, n, F, K;
  int64_t np, B, inW, outW, nParams;
  int32_t G, chunks, slots, maxConvIn, maxC;
  const int32_t* ch;
  T* ws;

  explicit Net(const sfdt_cnn_params* q) : p(q) {
    L = q->layers;
    n = q->n;
    F = q->fields;
    K = q->constants;
    ch = q->channels;
    np = (int64_t)n * n;
    B = q->batch;
    inW = F * np + K;
    outW = ch[L] * np;
    nParams = sfdt_cnn_param_count(ch, L);
    G = chunk_samples(n);
    chunks = (int32_t)((B + G - 1) / G);
    slots = sfdt_cpu::thread_count(q->threads, chunks);
    maxConvIn = F;
    maxC = 1;
    for (int32_t l = 0; l < L; ++l) {
      if (l > 0 && ch[l] > maxConvIn) maxConvIn = ch[l];
      if (ch[l + 1] > maxC) maxC = ch[l + 1];
    }
    ws = (T*)q->workspace;
  }
  int64_t w_off(int32_t l) const {
    int64_t off = 0;
    for (int32_t k = 0; k < l; ++k) off += (int64_t)ch[k + 1] * (9LL * ch[k] + 1);
    return off;
  }
  int64_t b_off(int32_t l) const { return w_off(l) + 9LL * ch[l + 1] * ch[l]; }
  // a_l (l = 1 … L) and aux_l (l = 1 … L−1), whole batch.
  T* act(int32_t l) const {
    int64_t off = 0;
    for (int32_t k = 1; k < l; ++k) off += ch[k] * B * np;
    return ws + off;
  }
  T* aux(int32_t l) const {
    int64_t off = 0;
    for (int32_t k = 1; k <= L; ++k) off += ch[k] * B * np;
    for (int32_t k = 1; k < l; ++k) off += ch[k] * B * np;
    return ws + off;
  }
  int64_t slot_size() const { return (9LL * maxConvIn + 2LL * maxC) * G * np; }
  T* slot(int s) const { return aux(L) + (int64_t)s * slot_size(); }
  T* partial(int32_t c) const { return slot(slots) + (int64_t)c * nParams; }
  static int64_t size(const int32_t* ch, int32_t L, int32_t n, int32_t F, int64_t B, int32_t threads) {
    const int64_t np = (int64_t)n * n;
    const int32_t G = chunk_samples(n);
    const int64_t chunks = (B + G - 1) / G;
    const int slots = sfdt_cpu::thread_count(threads, chunks);
    int64_t maxConvIn = F, maxC = 1, s = 0;
    for (int32_t l = 0; l < L; ++l) {
      if (l > 0 && ch[l] > maxConvIn) maxConvIn = ch[l];
      if (ch[l + 1] > maxC) maxC = ch[l + 1];
      s += ch[l + 1] * B * np * (l + 1 < L ? 2 : 1);
    }
    return s + slots * (9 * maxConvIn + 2 * maxC) * G * np + chunks * sfdt_cnn_param_count(ch, L);
  }
};

// col[(c·9 + t)][s·N² + y·N + x] = src(c, s)[((y+dy) mod N)·N + (x+dx) mod N], t = (dy+1)·3 + (dx+1),
// where src(c, s) = src + c·cs + s·ss.
template <typename T>
void im2col(const T* src, int64_t cs, int64_t ss, int cin, int cb, int n, T* col) {
  const int64_t np = (int64_t)n * n, cols = cb * np;
  for (int c = 0; c < cin; ++c)
    for (int t = 0; t < 9; ++t) {
      const int dy = t / 3 - 1, dx = t % 3 - 1;
      T* row = col + (c * 9LL + t) * cols;
      for (int s = 0; s < cb; ++s) {
        const T* plane = src + c * cs + s * ss;
        T* d = row + s * np;
        for (int y = 0; y < n; ++y) {
          const T* sr = plane + (int64_t)((y + dy + n) % n) * n;
          T* dr = d + (int64_t)y * n;
          if (dx == 0) {
            std::memcpy(dr, sr, sizeof(T) * n);
          } else if (dx == 1) {
            std::memcpy(dr, sr + 1, sizeof(T) * (n - 1));
            dr[n - 1] = sr[0];
          } else {
            dr[0] = sr[n - 1];
            std::memcpy(dr + 1, sr, sizeof(T) * (n - 1));
          }
        }
      }
    }
}

// The adjoint of im2col: dst(c, s)[y][x] = Σ_t col[(c·9 + t)][s·N² + ((y−dy) mod N)·N + (x−dx) mod N], overwriting.
template <typename T>
void col2im(const T* col, int cin, int cb, int n, T* dst, int64_t cs, int64_t ss) {
  const int64_t np = (int64_t)n * n, cols = cb * np;
  for (int c = 0; c < cin; ++c)
    for (int s = 0; s < cb; ++s) {
      T* d = dst + c * cs + s * ss;
      for (int64_t q = 0; q < np; ++q) d[q] = T(0);
      for (int t = 0; t < 9; ++t) {
        const int dy = t / 3 - 1, dx = t % 3 - 1;
        const T* sp = col + (c * 9LL + t) * cols + s * np;
        for (int y = 0; y < n; ++y) {
          T* dr = d + (int64_t)((y + dy + n) % n) * n;
          const T* sr = sp + (int64_t)y * n;
          if (dx == 0) {
            for (int x = 0; x < n; ++x) dr[x] += sr[x];
          } else if (dx == 1) {
            for (int x = 0; x < n - 1; ++x) dr[x + 1] += sr[x];
            dr[0] += sr[n - 1];
          } else {
            dr[n - 1] += sr[0];
            for (int x = 1; x < n; ++x) dr[x - 1] += sr[x];
          }
        }
      }
    }
}

// Σ over the 9 taps of W_1[o][c] (layer 1's response to a constant plane c), in tap order.
template <typename T>
T tap_sum(const T* w) {
  T s = T(0);
  for (int t = 0; t < 9; ++t) s += w[t];
  return s;
}

template <typename T>
void forward_chunk(const Net<T>& net, int32_t c, T* col) {
  const sfdt_cnn_params* p = net.p;
  const T* params = (const T*)p->params;
  const T* input = (const T*)p->input;
  const int64_t np = net.np, b0 = (int64_t)c * net.G;
  const int cb = (int)((b0 + net.G <= net.B ? net.G : net.B - b0));
  const int cols = (int)(cb * np);
  for (int32_t l = 0; l < net.L; ++l) {
    const int cin = net.ch[l], cout = net.ch[l + 1], convIn = l == 0 ? net.F : cin, kk = 9 * convIn, ldw = 9 * cin;
    const bool hidden = l + 1 < net.L;
    if (l == 0) im2col(input + b0 * net.inW, np, net.inW, convIn, cb, net.n, col);
    else im2col(net.act(l) + cin * b0 * np, (int64_t)cols, np, convIn, cb, net.n, col);
    T* z = net.act(l + 1) + cout * b0 * np;
    const T* W = params + net.w_off(l);
    const T* bias = params + net.b_off(l);
    gemm(false, false, cout, cols, kk, W, ldw, col, cols, T(0), z, cols);
    T* aux = hidden ? net.aux(l + 1) + cout * b0 * np : nullptr;
    for (int o = 0; o < cout; ++o)
      for (int s = 0; s < cb; ++s) {
        T base = bias[o];
        if (l == 0)
          for (int k = 0; k < net.K; ++k)
            base += input[(b0 + s) * net.inW + net.F * np + k] * tap_sum(W + ((int64_t)o * cin + net.F + k) * 9);
        const int64_t p0 = o * (int64_t)cols + s * np;
        if (hidden)
          for (int64_t q = p0; q < p0 + np; ++q) sfdt::nn_hidden_unit(p->activation, z + q, base, aux + q);
        else
          for (int64_t q = p0; q < p0 + np; ++q) sfdt::nn_output_unit(z + q, base);
      }
  }
  // Output rows [b0+s][o][N²] from the chunk's [o][s·N²].
  T* out = (T*)p->output;
  const T* last = net.act(net.L) + net.ch[net.L] * b0 * np;
  for (int s = 0; s < cb; ++s)
    for (int o = 0; o < net.ch[net.L]; ++o)
      std::memcpy(out + (b0 + s) * net.outW + o * np, last + o * (int64_t)cols + s * np, sizeof(T) * np);
}

template <typename T>
void backward_chunk(const Net<T>& net, int32_t c, const T* dOut, T* slot) {
  const sfdt_cnn_params* p = net.p;
  const T* params = (const T*)p->params;
  const T* input = (const T*)p->input;
  T* dIn = (T*)p->d_input;
  const int64_t np = net.np, b0 = (int64_t)c * net.G;
  const int cb = (int)((b0 + net.G <= net.B ? net.G : net.B - b0));
  const int cols = (int)(cb * np);
  T* col = slot;
  T* delta = col + 9LL * net.maxConvIn * net.G * np;
  T* next = delta + (int64_t)net.maxC * net.G * np;
  T* g = net.partial(c);
  const int cl = net.ch[net.L];
  for (int s = 0; s < cb; ++s)
    for (int o = 0; o < cl; ++o)
      std::memcpy(delta + o * (int64_t)cols + s * np, dOut + (b0 + s) * net.outW + o * np, sizeof(T) * np);
  for (int32_t l = net.L - 1; l >= 0; --l) {
    const int cin = net.ch[l], cout = net.ch[l + 1], convIn = l == 0 ? net.F : cin, kk = 9 * convIn, ldw = 9 * cin;
    const T* W = params + net.w_off(l);
    T* gW = g + net.w_off(l);
    T* gb = g + net.b_off(l);
    for (int o = 0; o < cout; ++o) {
      T s = T(0);
      for (int64_t q = o * (int64_t)cols; q < (o + 1) * (int64_t)cols; ++q) s += delta[q];
      gb[o] = s;
    }
    if (l == 0) im2col(input + b0 * net.inW, np, net.inW, convIn, cb, net.n, col);
    else im2col(net.act(l) + cin * b0 * np, (int64_t)cols, np, convIn, cb, net.n, col);
    // ∂L/∂W (field taps) = δ·colᵀ; the constant channels' taps follow.
    gemm(false, true, cout, kk, cols, delta, cols, col, cols, T(0), gW, ldw);
    if (l == 0 && net.K > 0) {
      for (int o = 0; o < cout; ++o) {
        for (int k = 0; k < net.K; ++k) {
          T gk = T(0);
          for (int s = 0; s < cb; ++s) {
            T ds = T(0);
            const T* d = delta + o * (int64_t)cols + s * np;
            for (int64_t q = 0; q < np; ++q) ds += d[q];
            gk += input[(b0 + s) * net.inW + net.F * np + k] * ds;
          }
          T* wk = gW + ((int64_t)o * cin + net.F + k) * 9;
          for (int t = 0; t < 9; ++t) wk[t] = gk;
        }
      }
      if (dIn) {
        for (int s = 0; s < cb; ++s) {
          T* di = dIn + (b0 + s) * net.inW + net.F * np;
          for (int k = 0; k < net.K; ++k) di[k] = T(0);
          for (int o = 0; o < cout; ++o) {
            T ds = T(0);
            const T* d = delta + o * (int64_t)cols + s * np;
            for (int64_t q = 0; q < np; ++q) ds += d[q];
            for (int k = 0; k < net.K; ++k) di[k] += ds * tap_sum(W + ((int64_t)o * cin + net.F + k) * 9);
          }
        }
      }
    }
    if (l == 0 && !dIn) break;
    // ∂L/∂col = Wᵀ·δ, scattered back through the circular shifts.
    gemm(true, false, kk, cols, cout, W, ldw, delta, cols, T(0), col, cols);
    if (l == 0) {
      col2im(col, convIn, cb, net.n, dIn + b0 * net.inW, np, net.inW);
      break;
    }
    col2im(col, convIn, cb, net.n, next, (int64_t)cols, np);
    const T* aux = net.aux(l) + cin * b0 * np;
    const T* a = net.act(l) + cin * b0 * np;
    const int64_t m = (int64_t)cin * cols;
    for (int64_t q = 0; q < m; ++q) sfdt::nn_hidden_delta(p->activation, next + q, aux[q], a[q]);
    T* t = delta;
    delta = next;
    next = t;
  }
}

int32_t check(const sfdt_cnn_params* p) {
  if (!p || !p->channels || !p->params || !p->input) return SFDT_E_NULL;
  if (p->precision != SFDT_F64 && p->precision != SFDT_F32) return SFDT_E_ARG;
  if (!channels_ok(p->channels, p->layers) || p->n < 1 || p->fields < 1 || p->constants < 0) return SFDT_E_ARG;
  if (p->channels[0] != p->fields + p->constants) return SFDT_E_ARG;
  if (p->activation != SFDT_ACT_SILU && p->activation != SFDT_ACT_TANH) return SFDT_E_ARG;
  if (p->batch < 0 || p->batch > INT_MAX) return SFDT_E_ARG;
  if (p->batch > 0 && !p->workspace) return SFDT_E_NULL;
  return SFDT_OK;
}

template <typename T>
int32_t forward(const sfdt_cnn_params* p) {
  const Net<T> net(p);
  if (net.B == 0) return SFDT_OK;
  blas_threads(net.slots > 1 ? 1 : p->threads);
#pragma omp parallel for num_threads(net.slots) schedule(static)
  for (int32_t c = 0; c < net.chunks; ++c) {
    const int th = sfdt_cpu::thread_index();
    forward_chunk(net, c, net.slot(th));
  }
  return SFDT_OK;
}

template <typename T>
int32_t backward(const sfdt_cnn_params* p) {
  const Net<T> net(p);
  T* grad = (T*)p->gradient;
  if (net.B == 0) {
    for (int64_t k = 0; k < net.nParams; ++k) grad[k] = T(0);
    return SFDT_OK;
  }
  blas_threads(net.slots > 1 ? 1 : p->threads);
#pragma omp parallel num_threads(net.slots)
  {
#pragma omp for schedule(static)
    for (int32_t c = 0; c < net.chunks; ++c) backward_chunk(net, c, (const T*)p->d_output, net.slot(sfdt_cpu::thread_index()));
    // The chunks' partial gradients, summed in chunk order.
#pragma omp for schedule(static)
    for (int64_t k = 0; k < net.nParams; ++k) {
      T s = net.partial(0)[k];
      for (int32_t c = 1; c < net.chunks; ++c) s += net.partial(c)[k];
      grad[k] = s;
    }
  }
  return SFDT_OK;
}

template <typename T>
int32_t dsm_gradient(const sfdt_cnn_params* p, const double* z, double* loss_norm) {
  if (int32_t rc = forward<T>(p)) return rc;
  const int64_t m = p->batch * p->channels[p->layers] * (int64_t)p->n * p->n;
  T* out = (T*)p->output;
  const double scale = 2.0 / (double)m;
  double s = 0;
  for (int64_t j = 0; j < m; ++j) {
    double o = (double)out[j];
    s += sfdt::nn_dsm_residual(&o, z[j], scale);
    out[j] = (T)o;
  }
  sfdt_cnn_params q = *p;
  q.d_output = p->output;
  q.d_input = nullptr;
  if (int32_t rc = backward<T>(&q)) return rc;
  const T* g = (const T*)p->gradient;
  const int64_t np = sfdt_cnn_param_count(p->channels, p->layers);
  double ss = 0;
  for (int64_t k = 0; k < np; ++k) ss += (double)g[k] * (double)g[k];
  loss_norm[0] = s / (double)m;
  loss_norm[1] = sqrt(ss);
  return SFDT_OK;
}

}  // namespace

extern "C" int64_t sfdt_cnn_param_count(const int32_t* channels, int32_t layers) {
  if (!channels_ok(channels, layers)) return SFDT_E_ARG;
  int64_t c = 0;
  for (int32_t l = 0; l < layers; ++l) c += (int64_t)channels[l + 1] * (9LL * channels[l] + 1);
  return c;
}

extern "C" int32_t sfdt_cnn_chunk_samples(int32_t n) { return n < 1 ? SFDT_E_ARG : chunk_samples(n); }

extern "C" int64_t sfdt_cnn_workspace_size(const int32_t* channels, int32_t layers, int32_t n, int32_t fields, int64_t batch,
                                           int32_t threads) {
  if (!channels_ok(channels, layers) || n < 1 || fields < 1 || batch < 0) return SFDT_E_ARG;
  return Net<double>::size(channels, layers, n, fields, batch, threads);
}

extern "C" int32_t sfdt_cnn_forward(const sfdt_cnn_params* p) {
  if (int32_t rc = check(p)) return rc;
  if (!p->output) return SFDT_E_NULL;
  return p->precision == SFDT_F64 ? forward<double>(p) : forward<float>(p);
}

extern "C" int32_t sfdt_cnn_backward(const sfdt_cnn_params* p) {
  if (int32_t rc = check(p)) return rc;
  if (!p->d_output || !p->gradient) return SFDT_E_NULL;
  return p->precision == SFDT_F64 ? backward<double>(p) : backward<float>(p);
}

extern "C" int32_t sfdt_cnn_dsm_gradient(const sfdt_cnn_params* p, const double* z, double* loss_norm) {
  if (int32_t rc = check(p)) return rc;
  if (!p->output || !p->gradient || !z || !loss_norm) return SFDT_E_NULL;
  return p->precision == SFDT_F64 ? dsm_gradient<double>(p, z, loss_norm) : dsm_gradient<float>(p, z, loss_norm);
}
