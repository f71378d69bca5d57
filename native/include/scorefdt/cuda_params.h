// cuda_params.h — the by-value parameter struct of every kernel in cuda/kernels/*.cu, one declaration
// per kernel family. Each kernel takes exactly one of these structs. The build parses this header with
// JavaCPP into the Java bindings the launches fill field by field (backend/cuda/runtime/
// KernelParamsConfig.java), so this is the only place the fields are listed. Pointer fields are device
// addresses. Plain C++ (no CUDA types): the host emulation, the stand-in driver (native/tests) and the
// JNI glue compile this header as host code, with the same layout nvcc gives it.
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
static_assert(sizeof(CnnLayerParams<float>) == sizeof(CnnLayerParams<double>), "CnnLayerParams: one binding serves both");

// Forward of one layer that also keeps aux (σ(v) for SiLU, 0 for tanh) of a hidden layer.
struct CnnTrainLayerParams {
  CnnLayerParams<double> layer;
  double* aux;          // [batch][cout·N²]
};

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

struct ConjGaussianParams {
  const double* x;      // [rows][d]
  double* out;          // [rows][d], distinct from x
  const double* mean;   // [d]
  const double* l;      // [d][d] Cholesky factor
  long long rows;
  int d;
  int pad;
};

struct ConjMatvecParams {
  const double* src;    // [rows][d]
  double* dst;          // [rows][d], distinct from src
  const double* t;      // [d][d] row-major
  long long rows;
  int d;
  int pad;
};

struct ConjLinearAddParams {
  const double* src;    // [rows][d]
  double* dst;          // [rows][d], distinct from src: dst += scale·(off + T (src − sub))
  const double* t;      // [d][d] row-major
  const double* sub;    // [d]
  const double* off;    // [d]
  long long rows;
  double scale;
  int d;
  int pad;
};

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

// ---- kgmm.cu

struct NearestParams {
  const double* centroids;  // [k][d]
  const double* points;     // [m][d]
  int* out;                 // [m]
  long long m;
  int k, d;
};

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
  long long first;      // global number of member 0 of this batch (member_batch_block_start)
  long long run;        // the run's members T, or 0: the batch alone is split over the blocks
};

// The response matrix (CudaLaggedMatrix): one struct for its push and cell kernels. Blocks come as
// starts, not from member_block_start, because a part of a run (memberRange) has the run's blocks,
// some of them empty here.
struct LaggedMatrixParams {
  long long members;
  long long t;               // saves before this one in the member batch
  int d;
  int cols;                  // chosen columns of B
  int lags;
  int max_lag;               // min(L − 1, t)
  int blocks;
  int pad;
  const int* columns;        // [cols] impulse components j
  const int* block_start;    // [blocks + 1]: block b holds members block_start[b] … block_start[b + 1] − 1
  const double* x;           // [member][d]
  const double* conj;        // [member][d] this save's B (push kernel)
  double* ring;              // [member][lags][cols]
  double* sums;              // [block][lag][d][cols]
  double* marg;              // [block][lag][d + cols]: Σ x_i | Σ B_k
};

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
static_assert(sizeof(MlpFusedParams<float>) == sizeof(MlpFusedParams<double>), "MlpFusedParams: one binding serves both");

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
static_assert(sizeof(LayerParams<float>) == sizeof(LayerParams<double>), "LayerParams: one binding serves both");

struct ReduceParams {
  double* x;            // residual: out (overwritten by ∂loss/∂out); sum_sq: the vector
  const double* z;      // residual: the noise
  double* partials;     // [gridDim.x]; sum_partials: the input
  double* result;       // sum_partials: result[slot] = Σ partials
  long long n;          // elements (sum_partials: number of partials)
  double scale;         // residual: 2/(B·d)
  int slot;
};

struct AdamParams {
  double* params;
  const double* grad;
  double* m;
  double* v;
  long long n;
  double beta1, beta2, eps, lr, c1, c2;
  double clip;          // the gradient's factor: 1, or maxNorm/‖g‖ when clipped (Adam.clipGlobalNorm)
};

struct EmaParams {
  double* average;
  const double* params;
  long long n;
  double decay;         // this update's ramped decay b (Ema.update)
};

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

// ---- spectral.cu

struct SpectralNoiseParams {
  unsigned long long seed;
  long long members;
  long long member_offset;
  long long step;
  long long cells;   // n², even
  void* out;         // [members][cells] in T (the normals, rounded once from double)
};

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

struct SpectralScaleParams {
  long long count;   // values
  long long cells;   // n²: the inverse transform is unnormalised
  void* x;
};

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
