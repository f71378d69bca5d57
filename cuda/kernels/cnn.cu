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

template <typename T>
__device__ __forceinline__ void cnn_layer(const CnnLayerParams<T>& p) {
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
    } else {
      sfdt::nn_output_unit(&z, base);
    }
    *dst = z;
  }
}

extern "C" __global__ void sfdt_cnn_layer_f32(CnnLayerParams<float> p) { cnn_layer(p); }
extern "C" __global__ void sfdt_cnn_layer_f64(CnnLayerParams<double> p) { cnn_layer(p); }
