// cnn.cu — forward pass of the periodic CNN (org.scorefdt.score.nn.PeriodicCnn) for inference:
// one launch per layer, one thread per output value (sample r, channel o, pixel p), a direct 3×3
// circular convolution summed over input channels c and then taps (dy, dx) in order. Every pixel is
// computed by the same operation sequence, so the network stays exactly translation-equivariant on
// the GPU too (shifting the input shifts the output bit for bit). Bias, the constant channels of
// layer 1 (their convolution is c·Σ_taps W) and the activation come from nn.h in PeriodicCnn's order:
// base = b + Σ_c const_c·tapSum, v = conv + base, a = φ(v). Against Java, whose im2col GEMM sums in
// another order, agreement is to rounding.
#include "scorefdt/nn.h"

template <typename T>
struct CnnLayerParams {
  const T* in;          // [batch][in_stride]: channel c at c·N², for layer 1 the input rows
  T* out;               // [batch][cout·N²]
  const T* w;           // W_l [cout][cin_total][9]
  const T* b;           // b_l [cout]
  long long batch;
  int n;                // grid side N
  int in_stride;        // values per sample of `in` (layer 1: F·N² + K, else cin·N²)
  int cin_conv;         // convolved input channels (layer 1: F; else C_{l−1})
  int cin_total;        // C_{l−1} as laid out in W (layer 1: F + K)
  int cout;
  int constants;        // K constant channels (layer 1 only; 0 otherwise), read at in + F·N²
  int hidden;           // 1: activation, 0: linear output layer
  int act;              // sfdt::NnActivation
};

// `keep` (training, may be null): where a hidden layer also stores nn_act_aux(v) for the backward pass.
template <typename T>
__device__ __forceinline__ void cnn_layer(const CnnLayerParams<T>& p, T* keep = nullptr) {
  const long long np = (long long)p.n * p.n;
  const long long total = p.batch * p.cout * np;
  for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < total; i += (long long)gridDim.x * blockDim.x) {
    const long long r = i / (p.cout * np);
    const int o = (int)((i / np) % p.cout);
    const int pix = (int)(i % np), y = pix / p.n, x = pix % p.n;
    const T* src = p.in + r * p.in_stride;
    const T* wo = p.w + (long long)o * p.cin_total * 9;
    T acc = T(0);
    for (int c = 0; c < p.cin_conv; ++c) {
      const T* plane = src + (long long)c * np;
      const T* wc = wo + c * 9;
#pragma unroll
      for (int dy = -1; dy <= 1; ++dy) {
        const int yy = (y + dy + p.n) % p.n;
#pragma unroll
        for (int dx = -1; dx <= 1; ++dx) {
          const int xx = (x + dx + p.n) % p.n;
          acc = acc + wc[(dy + 1) * 3 + (dx + 1)] * plane[yy * p.n + xx];
        }
      }
    }
    T base = p.b[o];
    for (int c = 0; c < p.constants; ++c) {
      const T* wc = wo + (p.cin_conv + c) * 9;
      T s = T(0);
      for (int t = 0; t < 9; ++t) s = s + wc[t];
      base = base + src[p.cin_conv * np + c] * s;
    }
    T* dst = p.out + r * p.cout * np + (long long)o * np + pix;
    T z = acc;
    if (p.hidden) {
      T aux;
      sfdt::nn_hidden_unit(p.act, &z, base, &aux);
      if (keep != nullptr) keep[dst - p.out] = aux;
    } else {
      sfdt::nn_output_unit(&z, base);
    }
    *dst = z;
  }
}

extern "C" __global__ void sfdt_cnn_layer_f32(CnnLayerParams<float> p) { cnn_layer(p); }
extern "C" __global__ void sfdt_cnn_layer_f64(CnnLayerParams<double> p) { cnn_layer(p); }

// ------------------------------------------------------------------ training (F64): the backward pass
// Activations stay sample-major as in the forward kernel, [batch][C][N²]. Every value below is one
// thread's sequential sum in a fixed order (no atomics), so a launch gives the same bits on every
// run and for any grid shape; against PeriodicCnn.backward (im2col GEMMs) it agrees to rounding.

// Forward of one layer that also keeps aux (σ(v) for SiLU, 0 for tanh) of a hidden layer.
struct CnnTrainLayerParams {
  CnnLayerParams<double> layer;
  double* aux;          // [batch][cout·N²]
};
static_assert(sizeof(CnnTrainLayerParams) == 80, "CnnTrainLayerParams: keep CudaCnn's argument order in step");

extern "C" __global__ void sfdt_cnn_train_layer_f64(CnnTrainLayerParams p) { cnn_layer(p.layer, p.aux); }

// δ_{l−1} = (W_lᵀ ⋆ δ_l) ⊙ φ'(kept values of layer l−1): the adjoint of the circular convolution,
// dst[r][c](y, x) = Σ_o Σ_{dy,dx} W[o][c][dy+1][dx+1] · δ[r][o]((y−dy) mod N, (x−dx) mod N).
struct CnnInputGradParams {
  const double* delta;  // δ_l [batch][cout·N²]
  double* dst;          // δ_{l−1} [batch][cin_conv·N²]
  const double* w;      // W_l [cout][cin_total][9]
  const double* aux;    // layer l−1's kept aux [batch][cin_conv·N²] (null: no activation, e.g. the input)
  const double* a;      // layer l−1's activation [batch][cin_conv·N²]
  long long batch;
  int n, cin_conv, cin_total, cout, act, pad;
};
static_assert(sizeof(CnnInputGradParams) == 72, "CnnInputGradParams: keep CudaCnn's argument order in step");

extern "C" __global__ void sfdt_cnn_input_grad_f64(CnnInputGradParams p) {
  const long long np = (long long)p.n * p.n;
  const long long total = p.batch * p.cin_conv * np;
  for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < total; i += (long long)gridDim.x * blockDim.x) {
    const long long r = i / (p.cin_conv * np);
    const int c = (int)((i / np) % p.cin_conv);
    const int pix = (int)(i % np), y = pix / p.n, x = pix % p.n;
    const double* dr = p.delta + r * p.cout * np;
    double s = 0;
    for (int o = 0; o < p.cout; ++o) {
      const double* plane = dr + (long long)o * np;
      const double* wc = p.w + ((long long)o * p.cin_total + c) * 9;
      for (int dy = -1; dy <= 1; ++dy) {
        const int yy = (y - dy + p.n) % p.n;
        for (int dx = -1; dx <= 1; ++dx) {
          const int xx = (x - dx + p.n) % p.n;
          s = s + wc[(dy + 1) * 3 + (dx + 1)] * plane[yy * p.n + xx];
        }
      }
    }
    if (p.aux != nullptr) sfdt::nn_hidden_delta(p.act, &s, p.aux[i], p.a[i]);
    p.dst[i] = s;
  }
}

// ∂L/∂W_l and ∂L/∂b_l, one thread per entry: entry e < cout·cin_total·9 is W[o][c][t],
//   field channel c:    Σ_r Σ_(y,x) δ[r][o](y, x) · in[r][c]((y+dy) mod N, (x+dx) mod N),
//   constant channel c: Σ_r const_{r,c} · Σ_(y,x) δ[r][o](y, x)   (the same for all 9 taps),
// and entry cout·cin_total·9 + o is b[o] = Σ_r Σ_(y,x) δ[r][o](y, x).
struct CnnParamGradParams {
  const double* delta;  // δ_l [batch][cout·N²]
  const double* in;     // layer input [batch][in_stride] (layer 1: the input rows, constants at cin_conv·N²)
  double* gw;           // ∂L/∂W_l, followed by ∂L/∂b_l (PeriodicCnn's flat layout)
  long long batch;
  int n, in_stride, cin_conv, cin_total, cout, pad;
};
static_assert(sizeof(CnnParamGradParams) == 56, "CnnParamGradParams: keep CudaCnn's argument order in step");

extern "C" __global__ void sfdt_cnn_param_grad_f64(CnnParamGradParams p) {
  const long long np = (long long)p.n * p.n;
  const long long weights = (long long)p.cout * p.cin_total * 9;
  for (long long e = (long long)blockIdx.x * blockDim.x + threadIdx.x; e < weights + p.cout; e += (long long)gridDim.x * blockDim.x) {
    double s = 0;
    if (e >= weights) {
      const int o = (int)(e - weights);
      for (long long r = 0; r < p.batch; ++r) {
        const double* d = p.delta + (r * p.cout + o) * np;
        for (long long q = 0; q < np; ++q) s = s + d[q];
      }
    } else {
      const int o = (int)(e / (p.cin_total * 9)), c = (int)((e / 9) % p.cin_total), t = (int)(e % 9);
      const int dy = t / 3 - 1, dx = t % 3 - 1;
      for (long long r = 0; r < p.batch; ++r) {
        const double* d = p.delta + (r * p.cout + o) * np;
        const double* src = p.in + r * p.in_stride;
        if (c < p.cin_conv) {
          const double* plane = src + (long long)c * np;
          for (int y = 0; y < p.n; ++y) {
            const int yy = (y + dy + p.n) % p.n;
            for (int x = 0; x < p.n; ++x) s = s + d[y * p.n + x] * plane[yy * p.n + (x + dx + p.n) % p.n];
          }
        } else {
          double ds = 0;
          for (long long q = 0; q < np; ++q) ds = ds + d[q];
          s = s + src[p.cin_conv * np + (c - p.cin_conv)] * ds;
        }
      }
    }
    p.gw[e] = s;
  }
}
