// cuda_params.h — the by-value parameter struct of every kernel in cuda/kernels/*.cu, one declaration
// per kernel family. Each kernel takes exactly one of these structs; the Java side packs the same fields
// in the same order, once per struct (backend/cuda/runtime/KernelStructs.java), laid out as C lays them
// out: each field aligned to its size, the total padded to 8.
// The sizes are asserted here and checked again by KernelStructsTest, so a field added on one side only
// fails the build or the tests. Plain C++ (no CUDA types): the host emulation and the stand-in driver
// (native/tests) compile the kernel sources, and with them this header, as host code.
#pragma once

// ---- cnn.cu

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
static_assert(sizeof(CnnLayerParams<double>) == 72, "CnnLayerParams: keep KernelStructs.java (field order, size 72) in step");
static_assert(sizeof(CnnLayerParams<float>) == 72, "CnnLayerParams<float>: keep KernelStructs.java (field order, size 72) in step");

// Forward of one layer that also keeps aux (σ(v) for SiLU, 0 for tanh) of a hidden layer.
struct CnnTrainLayerParams {
  CnnLayerParams<double> layer;
  double* aux;          // [batch][cout·N²]
};
static_assert(sizeof(CnnTrainLayerParams) == 80, "CnnTrainLayerParams: keep KernelStructs.java (field order) in step");

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
static_assert(sizeof(CnnInputGradParams) == 72, "CnnInputGradParams: keep KernelStructs.java (field order) in step");

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
static_assert(sizeof(CnnParamGradParams) == 56, "CnnParamGradParams: keep KernelStructs.java (field order) in step");

// ---- conjugate.cu

struct ConjAffineParams {
  const double* src;    // [rows][width]
  double* dst;          // [rows][dst_width]; may alias src when dst_width = width
  const double* sub;    // [width] or null
  const double* div;    // [width] or null
  long long rows;
  int width;
  int dst_width;        // width, or width + 1: column `width` gets `extra` (DsmScore's noise feature)
  double scale;
  double extra;
};
static_assert(sizeof(ConjAffineParams) == 64, "ConjAffineParams: keep KernelStructs.java (field order, size 64) in step");

struct ConjGaussianParams {
  const double* x;      // [rows][d]
  double* out;          // [rows][d], distinct from x
  const double* mean;   // [d]
  const double* l;      // [d][d] Cholesky factor
  long long rows;
  int d;
  int pad;
};
static_assert(sizeof(ConjGaussianParams) == 48, "ConjGaussianParams: keep KernelStructs.java (field order, size 48) in step");

struct ConjMatvecParams {
  const double* src;    // [rows][d]
  double* dst;          // [rows][d], distinct from src
  const double* t;      // [d][d] row-major
  long long rows;
  int d;
  int pad;
};
static_assert(sizeof(ConjMatvecParams) == 40, "ConjMatvecParams: keep KernelStructs.java (field order, size 40) in step");

struct ConjLocalPolyParams {
  const double* x;      // [rows][d]
  double* out;          // [rows][d], distinct from x
  const double* theta;  // [1 + d + nonlinear]
  const int* vars;      // [nonlinear][degree] window offsets, −1-padded
  long long rows;
  double mu;
  double inv;           // 1/σ as the host computes it
  int d;
  int lo;               // first linear offset −⌈d/2⌉ + 1
  int nonlinear;
  int degree;
  int radius;
  int pad;
};
static_assert(sizeof(ConjLocalPolyParams) == 80, "ConjLocalPolyParams: keep KernelStructs.java (field order, size 80) in step");

// ---- grid_conjugate.cu

struct RowsScaleParams {
  long long members;
  long long cells;       // values per row copied
  long long src_stride;  // values between rows of src
  long long dst_stride;  // values between rows of dst
  double scale;          // dst = src · scale (1: a copy; −1/σ: the CNN output to B = −net/σ)
  const double* src;
  double* dst;
};
static_assert(sizeof(RowsScaleParams) == 56, "RowsScaleParams: keep KernelStructs.java (field order, size 56) in step");

struct DsmInputParams {
  long long members;
  long long cells;       // N²; the row written is cells + 1 wide (the field, then τ)
  long long src_stride;
  double sigma2;         // σ²
  double tau;            // the noise feature τ(σ)
  const double* src;     // [members][src_stride], the field first
  const double* mean;    // μ [cells]
  const double* std;     // s [cells]
  double* in;            // [members][cells + 1]
};
static_assert(sizeof(DsmInputParams) == 72, "DsmInputParams: keep KernelStructs.java (field order, size 72) in step");

struct AllenCahnConjugateParams {
  long long members;
  long long cells;
  long long src_stride;
  double prefactor;      // 2/(ε²c²)
  double alpha;
  const double* src;     // u [members][src_stride]
  const double* lin;     // c2r of κ(−|k|² − |k|⁴)·û [members][cells], unnormalised
  double* dst;           // B = −s [members][cells]
};
static_assert(sizeof(AllenCahnConjugateParams) == 64, "AllenCahnConjugateParams: keep KernelStructs.java (field order, size 64) in step");

// ---- kde.cu

struct KdeF64Params {
  long long n_data, n_query;
  int dim;
  int want_div;                 // S2 needed (divergence requested)
  double neg_inv_2h2, inv_h2;
  const double* data;           // [n_data][dim], centred
  const double* data_sq;        // [n_data] |x_j|² (read when want_div)
  const double* query;          // [n_query][dim], centred
  const long long* self_index;  // [n_query] or null: the data row query q skips (< 0: none)
  double* scratch;              // generic kernel only: [n_query][dim] (S1)
  double* score;                // [n_query][dim] or null
  double* divergence;           // [n_query] or null
  double* log_sum;              // [n_query] or null
};
static_assert(sizeof(KdeF64Params) == 104, "KdeF64Params: keep KernelStructs.java (field order, size 104) in step");

struct KdeF32Params {
  long long n_data, n_query;
  int dim;
  double inv_scale;             // 1/√c, c = log₂e/(2h²): scaled → centred units
  double inv_h2;
  const float* data;            // [n_data][dim], centred and scaled by √c
  const float* data_sq;         // [n_data] |x'_j|² (read by the DIV kernels)
  const float* query;           // [n_query][dim], centred and scaled by √c
  const long long* self_index;  // [n_query] or null
  float* scratch;               // generic kernel only: [2][dim][n_query] (S1 totals, T1 partials)
  double* score;                // [n_query][dim] or null
  double* divergence;           // [n_query] or null
  double* log_sum;              // [n_query] or null, natural log of Σ_j exp(−|y − x_j|²/(2h²))
};
static_assert(sizeof(KdeF32Params) == 104, "KdeF32Params: keep KernelStructs.java (field order, size 104) in step");

// ---- kgmm.cu

struct NearestParams {
  const double* centroids;  // [k][d]
  const double* points;     // [m][d]
  int* out;                 // [m]
  long long m;
  int k, d;
};
static_assert(sizeof(NearestParams) == 40, "NearestParams: keep KernelStructs.java (field order, size 40) in step");

struct InterpParams {
  const double* anchors;    // [count][d]
  const double* values;     // [count][outputs]
  const double* log_w;      // [count]
  const double* x;          // [m][d]
  double* out;              // [m][outputs], also the accumulator
  long long m;
  int count, d, outputs;
  double inv_2h2;           // 1/(2h²), as Java computes it
};
static_assert(sizeof(InterpParams) == 72, "InterpParams: keep KernelStructs.java (field order, size 72) in step");

// ---- lagged.cu

struct LaggedPushParams {
  long long members;
  long long width;      // values per member per slot: 1 (column) or 2·modes (grid)
  long long src_stride; // values between members in src
  long long src_offset; // first value of member 0 in src (column: the impulse component j)
  long long lags;
  long long slot;       // t mod L
  const double* src;
  double* ring;         // [member][lags][width]
};
static_assert(sizeof(LaggedPushParams) == 64, "LaggedPushParams: keep KernelStructs.java (field order, size 64) in step");

struct LaggedColumnParams {
  long long members;
  long long blocks;
  long long t;          // saves before this one
  int d;
  int lags;
  int max_lag;          // min(L − 1, t)
  int pad;
  const void* x;        // [member][d] in T
  const double* ring;   // [member][lags]
  double* sums;         // [block][lag][d]
  double* marg;         // [block][lag][d + 1] (cyclic [block][lag][2]): Σ A | Σ B
};
static_assert(sizeof(LaggedColumnParams) == 72, "LaggedColumnParams: keep KernelStructs.java (field order, size 72) in step");

struct LaggedModeParams {
  long long members;
  long long blocks;
  long long t;
  long long modes;      // N·(N/2 + 1)
  int lags;
  int max_lag;
  const double* u_hat;  // [member][modes][2]
  const double* ring;   // [member][lags][modes][2]
  double* sums;         // [block][lag][modes][2]
  double* marg;         // [block][lag][2]: Σ Re û_0 | Σ Re B̂_0
};
static_assert(sizeof(LaggedModeParams) == 72, "LaggedModeParams: keep KernelStructs.java (field order, size 72) in step");

// ---- lowdim.cu

struct LowdimParams {
  unsigned long long seed;
  long long members;         // rows in this launch
  long long member_offset;   // global member index of row 0 (keys the RNG)
  long long step0;           // global index of the first step (keys the RNG)
  int nsteps;
  int dim;                   // d ≤ 1024: one thread per component
  int model;                 // sfdt::ModelId
  int scheme;                // sfdt::SchemeId
  int teams;                 // members per block; blockDim.x == teams·dim
  int pad;
  double dt;
  double forcing;            // Lorenz-96 F; unused by the double well
  const double* s;           // [dim]: σ_i·√dt, rounded to T here as the CPU does
  void* state;               // [members][dim] in T, advanced in place
  void* state2;              // null, or a second [members][dim] copy advanced with the same normals
};
static_assert(sizeof(LowdimParams) == 96, "LowdimParams: keep KernelStructs.java (field order, size 96) in step");

// ---- mlp.cu

constexpr int MLP_MAX_LAYERS = 8;  // layers of the fused kernel (CudaMlp.MAX_FUSED_LAYERS)

template <typename T>
struct MlpFusedParams {
  int layers;                         // L ≥ 1, ≤ MLP_MAX_LAYERS
  int activation;                     // sfdt::NnActivation
  int widths[MLP_MAX_LAYERS + 1];
  int stride;                         // activation row stride in shared memory: odd, ≥ max width
  long long batch;
  const T* params;                    // flat vector: per layer W_l [w_l][w_{l−1}], then b_l [w_l]
  const T* input;                     // [batch][w_0]
  T* output;                          // [batch][w_L]
};
static_assert(sizeof(MlpFusedParams<double>) == 80, "MlpFusedParams: keep KernelStructs.java (field order, size 80) in step");
static_assert(sizeof(MlpFusedParams<float>) == 80, "MlpFusedParams<float>: keep KernelStructs.java (field order, size 80) in step");

template <typename T>
struct LayerParams {
  T* z;            // [rows][n]: GEMM output in, activation (or z + b) out; δ for the delta kernel
  T* aux;          // [rows][n]: kept aux (hidden) / read aux (delta)
  const T* b;      // [n] bias (hidden, output)
  const T* a;      // [rows][n] kept activation (delta)
  long long count; // rows × n
  int n;
  int act;         // sfdt::NnActivation
};
static_assert(sizeof(LayerParams<double>) == 48, "LayerParams: keep KernelStructs.java (field order, size 48) in step");
static_assert(sizeof(LayerParams<float>) == 48, "LayerParams<float>: keep KernelStructs.java (field order, size 48) in step");

struct ReduceParams {
  double* x;            // residual: out (overwritten by ∂loss/∂out); sum_sq: the vector
  const double* z;      // residual: the noise
  double* partials;     // [gridDim.x]; sum_partials: the input
  double* result;       // sum_partials: result[slot] = Σ partials
  long long n;          // elements (sum_partials: number of partials)
  double scale;         // residual: 2/(B·d)
  int slot;
};
static_assert(sizeof(ReduceParams) == 56, "ReduceParams: keep KernelStructs.java (field order, size 56) in step");

struct AdamParams {
  double* params;
  const double* grad;
  double* m;
  double* v;
  long long n;
  double beta1, beta2, eps, lr, c1, c2;
  double clip;          // the gradient's factor: 1, or maxNorm/‖g‖ when clipped (Adam.clipGlobalNorm)
};
static_assert(sizeof(AdamParams) == 96, "AdamParams: keep KernelStructs.java (field order, size 96) in step");

struct EmaParams {
  double* average;
  const double* params;
  long long n;
  double decay;         // this update's ramped decay b (Ema.update)
};
static_assert(sizeof(EmaParams) == 32, "EmaParams: keep KernelStructs.java (field order, size 32) in step");

// ---- navier_stokes.cu

struct NsKernelParams {
  long long members;
  long long count;      // working threads of this launch
  long long dim;        // state row: n² + nmodes
  int n;
  int nmodes;
  int dealias;
  int pad;
  unsigned long long seed;
  long long member_offset;
  long long step;
  double u0, nu_hypo, nu, dt, sdt, forcing;  // sdt = σ·√dt of the phases
  void* p0;
  void* p1;
  void* p2;
  void* p3;
  void* p4;
  void* p5;
  void* p6;
  void* p7;
  const int* kx;        // forcing modes [nmodes]
  const int* ky;
  const int* partner;
};
static_assert(sizeof(NsKernelParams) == 200, "NsKernelParams: keep KernelStructs.java (field order, size 200) in step");

// ---- philox_normals.cu

struct PhiloxNormalsParams {
  unsigned long long seed;
  unsigned int stream;
  long long member_offset;
  long long step;
  long long members;
  long long count;   // normals per member
  double* out;       // [members][count]
};
static_assert(sizeof(PhiloxNormalsParams) == 56, "PhiloxNormalsParams: keep KernelStructs.java (field order, size 56) in step");

// ---- semilinear.cu

struct SemiCellParams {
  long long count;     // values: members · cells
  long long cells;     // n² (the inverse transforms are unnormalised)
  double dt;
  double noise_scale;  // ε·c·√dt
  void* x;             // written (and read where the kernel says so)
  const void* a;
  const void* b;
  const void* c;
  const void* d;
  const void* e;
};
static_assert(sizeof(SemiCellParams) == 80, "SemiCellParams: keep KernelStructs.java (field order, size 80) in step");

struct SemiModeParams {
  long long members;
  long long modes;     // n·(n/2 + 1)
  const void* c0;      // per-mode coefficients [modes] in T (meaning per kernel)
  const void* c1;
  const void* c2;
  const void* c3;
  void* out;           // [members][modes][2] in T
  const void* u;       // [members][modes][2] in T (may equal out)
  const void* r;       // [members][modes][2] in T
};
static_assert(sizeof(SemiModeParams) == 72, "SemiModeParams: keep KernelStructs.java (field order, size 72) in step");

// ---- spectral.cu

struct SpectralNoiseParams {
  unsigned long long seed;
  long long members;
  long long member_offset;
  long long step;
  long long cells;   // n², even
  void* out;         // [members][cells] in T (the normals, rounded once from double)
};
static_assert(sizeof(SpectralNoiseParams) == 48, "SpectralNoiseParams: keep KernelStructs.java (field order, size 48) in step");

struct SpectralUpdateParams {
  long long members;
  long long modes;   // n·(n/2 + 1)
  const void* a_re;  // [modes] in T
  const void* a_im;
  const void* b_re;
  const void* b_im;
  void* u_hat;       // [members][modes][2] in T, updated in place
  const void* w_hat; // [members][modes][2] in T
};
static_assert(sizeof(SpectralUpdateParams) == 64, "SpectralUpdateParams: keep KernelStructs.java (field order, size 64) in step");

struct SpectralScaleParams {
  long long count;   // values
  long long cells;   // n²: the inverse transform is unnormalised
  void* x;
};
static_assert(sizeof(SpectralScaleParams) == 24, "SpectralScaleParams: keep KernelStructs.java (field order, size 24) in step");

// ---- truth.cu

struct TruthParams {
  long long members;
  long long count0;        // moments: pairs of this lag before this save; projections: projection pairs before
  long long save;          // save index (divergence records)
  int d;                   // state dimension (row stride)
  int observed;            // recorded components 0 … observed−1
  int lags;
  int lag;                 // this save's lag in its window
  int projections;
  int kick_component;      // impulse component j (used when u == null)
  double delta;
  const double* x;         // [member][d]
  double* xd;              // [member][d], the perturbed copy
  const double* u;         // [observed] profile, or null for an impulse
  const double* weights;   // [projection][lags][observed]
  double* mean;            // [lags][observed]
  double* m2;              // [lags][observed]
  double* pair_values;     // [member][projection]
  double* p_mean;          // [projection]
  double* p_m2;            // [projection]
  long long* first_bad;    // [observed]: 1 + save·members + r of the first non-finite difference, 0 if none
  double* bad_value;       // [observed]
  long long block;         // members per block (BlockedMoments.BLOCK)
  double* part_mean;       // [block][observed or projection] partial moments of this save
  double* part_m2;         // [block][observed or projection]
  long long* part_bad;     // [block][observed]: the block's first non-finite difference, as first_bad
  double* part_bad_value;  // [block][observed]
};
static_assert(sizeof(TruthParams) == 184, "TruthParams: keep KernelStructs.java (field order, size 184) in step");
