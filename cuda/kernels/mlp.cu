// mlp.cu — the dense network (org.scorefdt.score.nn.Mlp; abi.h sfdt_mlp_params for the layout) on
// the GPU, and the per-coordinate kernels of DSM training. Per-element bodies from nn.h.
//
//  * Fused forward (sfdt_mlp_fused_{f32,f64}_r{1,2,4}): for small nets whose parameters fit in shared
//    memory with two activation tiles, one launch evaluates the whole network. A block takes
//    32·RT rows; thread (lane, warp g) computes rows lane + 32·rr (rr < RT) and, for each output
//    chunk, units i = g + 4(c·U + u) (u < U): per input k it loads RT activations (stride odd → no
//    bank conflicts) and U weights (the same address across the warp → broadcast) for RT·U FMAs.
//    Layer sums run over k in order with explicit FMAs (one rounding per term), then + b; the
//    products of OpenBLAS/cuBLAS and Java's Gemm are summed in other orders, so agreement is to rounding.
//  * Layer kernels for the cuBLAS path (large nets, training): bias + activation keeping aux, bias
//    only (output layer), the backward factor φ'.
//  * Training (f64): DSM residual with a deterministic per-block Σe², Σg² partials, their in-order
//    reduction, Adam (with the clip factor applied to g, as Adam.clipGlobalNorm does), EMA.
#include "scorefdt/nn.h"
#include "scorefdt/cuda_params.h"

constexpr int MLP_THREADS = 128;   // 4 warps
constexpr int MLP_UNITS = 4;       // outputs per thread per chunk (U)

// Shared memory: all parameters, then two activation tiles of 32·RT rows × stride.
template <typename T, int RT>
__device__ __forceinline__ void fused_forward(const MlpFusedParams<T>& p) {
#if defined(__CUDACC__)
  extern __shared__ __align__(16) unsigned char smem[];  // (the host emulation provides its own smem)
#endif
  T* sp = reinterpret_cast<T*>(smem);
  // The widths are indexed by the layer loop: from shared memory, not the parameter space (a
  // dynamically indexed kernel parameter is copied to local memory).
  __shared__ int width[MLP_MAX_LAYERS + 1];
  if (threadIdx.x == 0) {
#pragma unroll
    for (int i = 0; i <= MLP_MAX_LAYERS; ++i) width[i] = p.widths[i];  // static indices: stays in param space
  }
  __syncthreads();
  long long nparams = 0;
  for (int l = 0; l < p.layers; ++l) nparams += (long long)width[l + 1] * (width[l] + 1);
  for (long long i = threadIdx.x; i < nparams; i += MLP_THREADS) sp[i] = p.params[i];
  constexpr int ROWS = 32 * RT;
  const int S = p.stride;
  T* cur = sp + nparams;
  T* nxt = cur + ROWS * S;
  const long long row0 = (long long)blockIdx.x * ROWS;
  const int w0 = width[0];
  for (int i = threadIdx.x; i < ROWS * w0; i += MLP_THREADS) {
    const int r = i / w0, k = i % w0;
    cur[r * S + k] = row0 + r < p.batch ? p.input[(row0 + r) * w0 + k] : T(0);
  }
  __syncthreads();
  const int lane = threadIdx.x & 31, g = threadIdx.x >> 5;
  long long woff = 0;
  for (int l = 0; l < p.layers; ++l) {
    const int nIn = width[l], nOut = width[l + 1];
    const T* W = sp + woff;
    const T* b = W + (long long)nOut * nIn;
    const bool hidden = l + 1 < p.layers;
    for (int c0 = g; c0 < nOut; c0 += 4 * MLP_UNITS) {
      T acc[RT][MLP_UNITS];
#pragma unroll
      for (int rr = 0; rr < RT; ++rr)
#pragma unroll
        for (int u = 0; u < MLP_UNITS; ++u) acc[rr][u] = T(0);
      // Units past nOut read row nOut − 1 (valid memory, result discarded): no branch in the k loop.
      const T* wrow[MLP_UNITS];
#pragma unroll
      for (int u = 0; u < MLP_UNITS; ++u) {
        const int i = c0 + 4 * u;
        wrow[u] = W + (long long)(i < nOut ? i : nOut - 1) * nIn;
      }
#pragma unroll 4
      for (int k = 0; k < nIn; ++k) {
        T a[RT];
#pragma unroll
        for (int rr = 0; rr < RT; ++rr) a[rr] = cur[(lane + 32 * rr) * S + k];
#pragma unroll
        for (int u = 0; u < MLP_UNITS; ++u) {
          const T w = wrow[u][k];
#pragma unroll
          for (int rr = 0; rr < RT; ++rr) acc[rr][u] = fma(a[rr], w, acc[rr][u]);
        }
      }
#pragma unroll
      for (int u = 0; u < MLP_UNITS; ++u) {
        const int i = c0 + 4 * u;
        if (i >= nOut) continue;
#pragma unroll
        for (int rr = 0; rr < RT; ++rr) {
          const int r = lane + 32 * rr;
          T z = acc[rr][u];
          if (hidden) {
            T aux;
            sfdt::nn_hidden_unit(p.activation, &z, b[i], &aux);
            nxt[r * S + i] = z;
          } else if (row0 + r < p.batch) {
            sfdt::nn_output_unit(&z, b[i]);
            p.output[(row0 + r) * nOut + i] = z;
          }
        }
      }
    }
    woff += (long long)nOut * (nIn + 1);
    __syncthreads();
    T* t = cur;
    cur = nxt;
    nxt = t;
  }
}

#define SFDT_MLP_FUSED(T, NAME, RT)                                                                            \
  extern "C" __global__ void __launch_bounds__(MLP_THREADS) sfdt_mlp_fused_##NAME##_r##RT(MlpFusedParams<T> p) { \
    fused_forward<T, RT>(p);                                                                                   \
  }
SFDT_MLP_FUSED(float, f32, 1)
SFDT_MLP_FUSED(float, f32, 2)
SFDT_MLP_FUSED(float, f32, 4)
SFDT_MLP_FUSED(double, f64, 1)
SFDT_MLP_FUSED(double, f64, 2)
SFDT_MLP_FUSED(double, f64, 4)

// ------------------------------------------------------------------------ layer kernels (cuBLAS path)
// Element-wise over count = rows × n values (row-major, n the layer width), grid-stride. Every kernel
// takes one by-value struct (the project's launch convention; the Java side fills its JavaCPP binding).

#define SFDT_GRID_STRIDE(i, count) \
  for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < (count); i += (long long)gridDim.x * blockDim.x)

template <typename T>
__device__ __forceinline__ void hidden_layer(const LayerParams<T>& p) {
  SFDT_GRID_STRIDE(i, p.count) sfdt::nn_hidden_unit(p.act, p.z + i, p.b[i % p.n], p.aux + i);
}

template <typename T>
__device__ __forceinline__ void output_layer(const LayerParams<T>& p) {
  SFDT_GRID_STRIDE(i, p.count) sfdt::nn_output_unit(p.z + i, p.b[i % p.n]);
}

template <typename T>
__device__ __forceinline__ void hidden_delta(const LayerParams<T>& p) {
  SFDT_GRID_STRIDE(i, p.count) sfdt::nn_hidden_delta(p.act, p.z + i, p.aux[i], p.a[i]);
}

extern "C" __global__ void sfdt_mlp_hidden_f32(LayerParams<float> p) { hidden_layer(p); }
extern "C" __global__ void sfdt_mlp_hidden_f64(LayerParams<double> p) { hidden_layer(p); }
extern "C" __global__ void sfdt_mlp_output_f32(LayerParams<float> p) { output_layer(p); }
extern "C" __global__ void sfdt_mlp_output_f64(LayerParams<double> p) { output_layer(p); }
extern "C" __global__ void sfdt_mlp_delta_f32(LayerParams<float> p) { hidden_delta(p); }
extern "C" __global__ void sfdt_mlp_delta_f64(LayerParams<double> p) { hidden_delta(p); }

// ------------------------------------------------------------------------------- training (f64)
constexpr int RED_THREADS = 256;

// Block sum of v in a fixed tree (deterministic for a given launch shape); thread 0 gets the total.
__device__ __forceinline__ double block_sum(double v) {
  __shared__ double part[RED_THREADS / 32];
  for (int o = 16; o > 0; o >>= 1) v += __shfl_down_sync(0xffffffffu, v, o);
  if ((threadIdx.x & 31) == 0) part[threadIdx.x >> 5] = v;
  __syncthreads();
  double s = 0;
  if (threadIdx.x == 0)
    for (int w = 0; w < RED_THREADS / 32; ++w) s += part[w];
  return s;
}

// x ← scale·(x + z) (∂loss/∂out), partials[block] = Σ (x + z)² over the block's elements.
extern "C" __global__ void __launch_bounds__(RED_THREADS) sfdt_dsm_residual_f64(ReduceParams p) {
  double s = 0;
  for (long long i = (long long)blockIdx.x * RED_THREADS + threadIdx.x; i < p.n; i += (long long)gridDim.x * RED_THREADS)
    s += sfdt::nn_dsm_residual(p.x + i, p.z[i], p.scale);
  s = block_sum(s);
  if (threadIdx.x == 0) p.partials[blockIdx.x] = s;
}

// partials[block] = Σ x_i² over the block's elements (the gradient's squared norm, in pieces).
extern "C" __global__ void __launch_bounds__(RED_THREADS) sfdt_sum_sq_f64(ReduceParams p) {
  double s = 0;
  for (long long i = (long long)blockIdx.x * RED_THREADS + threadIdx.x; i < p.n; i += (long long)gridDim.x * RED_THREADS)
    s += p.x[i] * p.x[i];
  s = block_sum(s);
  if (threadIdx.x == 0) p.partials[blockIdx.x] = s;
}

// result[slot] = Σ partials[0 … n−1]; one block, fixed order.
extern "C" __global__ void __launch_bounds__(RED_THREADS) sfdt_sum_partials_f64(ReduceParams p) {
  double s = 0;
  for (long long i = threadIdx.x; i < p.n; i += RED_THREADS) s += p.partials[i];
  s = block_sum(s);
  if (threadIdx.x == 0) p.result[p.slot] = s;
}

extern "C" __global__ void sfdt_adam_f64(AdamParams p) {
  SFDT_GRID_STRIDE(i, p.n)
    sfdt::nn_adam_update(p.params + i, p.m + i, p.v + i, p.grad[i] * p.clip, p.beta1, p.beta2, p.eps, p.lr, p.c1, p.c2);
}

extern "C" __global__ void sfdt_ema_f64(EmaParams p) {
  SFDT_GRID_STRIDE(i, p.n) sfdt::nn_ema_update(p.average + i, p.params[i], p.decay);
}
