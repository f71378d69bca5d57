// cnn.cu — forward pass of the periodic CNN (org.scorefdt.score.nn.PeriodicCnn) for inference:
// one launch per layer, one thread per output value (sample r, channel o, pixel p), a direct 3×3
// circular convolution summed over input channels c and then taps (dy, dx) in order. Every pixel is
// computed by the same operation sequence, so the network stays exactly translation-equivariant on
// the GPU too (shifting the input shifts the output bit for bit). Bias, the constant channels of
// layer 1 (their convolution is c·Σ_taps W) and the activation come from nn.h in PeriodicCnn's order:
// base = b + Σ_c const_c·tapSum, v = conv + base, a = φ(v). Against Java, whose im2col GEMM sums in
// another order, agreement is to rounding.
#include "scorefdt/nn.h"
#include "scorefdt/cuda_params.h"

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

extern "C" __global__ void sfdt_cnn_train_layer_f64(CnnTrainLayerParams p) { cnn_layer(p.layer, p.aux); }

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
