// abi.h — the C ABI of the native CPU library (libscorefdt_cpu); the CUDA kernels reuse its structs and conventions.
// Conventions written down once:
//  * State layout: [member][component], row-major, contiguous; grids are [y][x] row-major, N×N.
//  * precision: 0 = float64 (state is double*), 1 = float32 (state is float*). Normals are always
//    computed in double and rounded once to the state precision.
//  * Randomness: Philox4x32-10 keyed by (seed, stream, member_offset + row, step0 + s, component),
//    see philox.h. Results do not depend on thread count or on how members are batched.
//  * Functions validate nothing beyond null pointers: the Java facade checks shapes first.
//  * Return 0 on success, a negative SFDT_E_* code otherwise (sfdt_status_message describes it).
#pragma once
#include <stdint.h>

// The library is built with hidden visibility; only these entry points are exported.
#if defined(__GNUC__)
#define SFDT_API __attribute__((visibility("default")))
#else
#define SFDT_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

enum { SFDT_OK = 0, SFDT_E_NULL = -1, SFDT_E_ARG = -2, SFDT_E_FFT = -3, SFDT_E_NOMEM = -4 };
enum { SFDT_F64 = 0, SFDT_F32 = 1 };

typedef struct sfdt_lowdim_params {
  int32_t model;          // sfdt::ModelId
  int32_t scheme;         // sfdt::SchemeId
  int32_t precision;      // SFDT_F64 | SFDT_F32
  int32_t dim;            // components per member
  int64_t members;        // rows in state
  int64_t member_offset;  // global member index of row 0 (keys the RNG)
  int64_t step0;          // global index of the first step taken (keys the RNG)
  int32_t nsteps;         // steps to take
  int32_t threads;        // 0 = library default
  uint64_t seed;
  double dt;
  const double* sigma;    // [dim]: σ_i of the additive noise σ dW
  const double* params;   // model parameters (Lorenz-96: {F})
  int32_t nparams;
  void* state;            // [members][dim], advanced in place
} sfdt_lowdim_params;

typedef struct sfdt_spectral_params {
  int32_t n;              // grid is n×n, periodic
  int32_t precision;
  int64_t members;
  int64_t member_offset;
  int64_t step0;
  int32_t nsteps;
  int32_t threads;
  uint64_t seed;
  // Step coefficients on the half spectrum [ky][kx], kx = 0..n/2: û' = a·û + b·ŵ, where ŵ is the
  // unnormalised DFT of the step's white noise w (n² normals of the noise stream).
  const double* a_re;
  const double* a_im;
  const double* b_re;
  const double* b_im;
  void* state;            // [members][n*n] real fields, advanced in place
} sfdt_spectral_params;

// Semilinear SPDEs on an n×n grid (spdes.h; the Allen–Cahn SPDE of docs/systems.md §2): drift
// f(u) = L u + G r(u) with the reaction r(u) = u − u³, then the additive increment
// η = noise_scale·Σ^{1/2} w (w: n² normals of the noise stream, Σ^{1/2} applied spectrally), i.e.
// u' = Φ_dt(u) + η with Φ the scheme's deterministic step (java: integrate/SemiLinearStepper):
//   SFDT_SEMI_RK4_EM: classical RK4 of f in real space (reads lin_re, lin_im, react);
//   SFDT_SEMI_ETD1:   û' = e·û + p1·r̂(u);  SFDT_SEMI_ETD2: Cox–Matthews ETDRK2 (reads e, p1, p2).
// All spectral arrays use the half spectrum [ky][kx], kx = 0..n/2.
enum { SFDT_SEMI_RK4_EM = 3, SFDT_SEMI_ETD1 = 4, SFDT_SEMI_ETD2 = 5 };

typedef struct sfdt_semilinear_params {
  int32_t n;              // grid is n×n, periodic, n even
  int32_t precision;      // SFDT_F64 | SFDT_F32
  int32_t scheme;         // SFDT_SEMI_*
  int32_t reaction;       // sfdt::SemiLinearReaction (1: Allen–Cahn u − u³)
  int64_t members;
  int64_t member_offset;
  int64_t step0;
  int32_t nsteps;
  int32_t threads;        // 0 = library default
  uint64_t seed;
  double dt;
  double noise_scale;           // amplitude·√dt of the increment
  const double* noise_symbol;   // Σ^{1/2}(k), real
  const double* lin_re;         // L(k)           (RK4_EM)
  const double* lin_im;
  const double* react;          // g(k), real     (RK4_EM)
  const double* e_re;           // e^{L dt}       (ETD1, ETD2)
  const double* e_im;
  const double* p1_re;          // dt·φ₁(L dt)·g  (ETD1, ETD2)
  const double* p1_im;
  const double* p2_re;          // dt·φ₂(L dt)·g  (ETD2)
  const double* p2_im;
  void* state;                  // [members][n*n] real fields, advanced in place
} sfdt_semilinear_params;

// 2-D Navier–Stokes with hidden random-wave forcing (navier_stokes.h; docs/systems.md §3), RK4 + EM.
// State per member: [ζ (n*n, row-major [y][x]) | φ (nmodes)]. Forcing mode j has wavenumber
// (mode_kx[j], mode_ky[j]) and mode_partner[j] is the index of −k (org.scorefdt.model.ForcingModes).
// Noise: φ_j += phase_sigma·√dt·z with z the noise-stream normal of component n*n + j; ζ has none.
typedef struct sfdt_ns_params {
  int32_t n;              // grid is n×n, even, ≥ 4
  int32_t precision;      // SFDT_F64 | SFDT_F32
  int64_t members;
  int64_t member_offset;
  int64_t step0;
  int32_t nsteps;
  int32_t threads;
  uint64_t seed;
  double dt;
  double u0;              // mean flow U₀
  double nu_hypo;         // ν_h
  double nu;              // ν
  double forcing;         // F
  double phase_sigma;     // σ of dφ = σ dW
  int32_t dealias;        // 1: 2/3 rule
  int32_t nmodes;         // |K|
  const int32_t* mode_kx;       // [nmodes]
  const int32_t* mode_ky;       // [nmodes]
  const int32_t* mode_partner;  // [nmodes]
  void* state;            // [members][n*n + nmodes], advanced in place
} sfdt_ns_params;

// Gaussian-KDE score (kde.h): for each query y_q, with logits a_j = −|y_q − x_j|²/(2h²),
// score = (Σ softmax(a)_j x_j − y_q)/h², divergence = (Σ softmax(a)_j |x_j − m|²/h² − d)/h²,
// log_sum = log Σ_j exp(a_j). Data and queries in the same (caller-centred) coordinates.
typedef struct sfdt_kde_params {
  int32_t dim;            // components d
  int32_t threads;        // 0 = library default
  int64_t n_data;         // rows of data, ≥ 1
  int64_t n_query;        // rows of query
  double neg_inv_2h2;     // −1/(2h²)
  double inv_h2;          // 1/h²
  const double* data;     // [n_data][dim]
  const double* data_sq;  // [n_data]: |x_j|², needed when divergence != NULL
  const double* query;    // [n_query][dim]
  const int64_t* self_index; // [n_query] or NULL: query q skips data row self_index[q] (< 0: none)
  double* score;          // [n_query][dim] or NULL
  double* divergence;     // [n_query] or NULL
  double* log_sum;        // [n_query] or NULL
} sfdt_kde_params;

// Dense network (nn.h; the same math and parameter layout as org.scorefdt.score.nn.Mlp), widths
// w_0 → … → w_L:  a_0 = x,  z_l = a_{l−1} W_lᵀ + b_l,  a_l = φ(z_l) for l < L,  out = z_L.
// params is one flat vector: for l = 1…L, W_l row-major [w_l][w_{l−1}] then b_l [w_l]. Products by
// OpenBLAS (cblas_dgemm), per-element bodies from nn.h. The forward pass writes into workspace what
// the backward pass reads: a backward call takes the same widths, params, input, batch and workspace
// as the forward call before it. threads > 0 sets OpenBLAS's (process-wide) thread count and the
// OpenMP threads of the element loops; 0 leaves both at their defaults.
enum { SFDT_ACT_SILU = 0, SFDT_ACT_TANH = 1 };  // ordinals of org.scorefdt.score.nn.Activation

typedef struct sfdt_mlp_params {
  int32_t layers;          // L ≥ 1
  int32_t activation;      // SFDT_ACT_*
  const int32_t* widths;   // [L + 1], each ≥ 1
  int64_t batch;           // rows, 0 ≤ batch ≤ 2³¹ − 1
  int32_t threads;         // 0 = defaults
  const double* params;    // [sfdt_mlp_param_count]
  const double* input;     // [batch][w_0]
  double* output;          // [batch][w_L] (forward)
  double* workspace;       // [sfdt_mlp_workspace_size] (forward writes, backward reads)
  const double* d_output;  // ∂L/∂out [batch][w_L] (backward)
  double* gradient;        // ∂L/∂θ [sfdt_mlp_param_count], overwritten (backward)
  double* d_input;         // ∂L/∂in [batch][w_0], or NULL when not needed (backward)
} sfdt_mlp_params;

SFDT_API int32_t sfdt_mlp_forward(const sfdt_mlp_params* p);
SFDT_API int32_t sfdt_mlp_backward(const sfdt_mlp_params* p);
// Doubles of workspace a batch of `batch` rows needs (0 for a network without hidden layers);
// negative SFDT_E_ARG on bad widths.
SFDT_API int64_t sfdt_mlp_workspace_size(const int32_t* widths, int32_t layers, int64_t batch);
// Σ_l w_l (w_{l−1} + 1); negative SFDT_E_ARG on bad widths.
SFDT_API int64_t sfdt_mlp_param_count(const int32_t* widths, int32_t layers);

// Training updates (nn.h bodies; the same operations as org.scorefdt.score.nn.Adam / Ema / DsmTrainer):
// Adam over n coordinates with bias corrections c1 = 1 − β₁ᵗ, c2 = 1 − β₂ᵗ; EMA avg ← b·avg + (1 − b)θ;
// DSM residual e = out + z, out ← scale·e, *sum_sq = Σ e² in index order.
SFDT_API int32_t sfdt_adam_step(double* params, const double* grad, double* m, double* v, int64_t n, double beta1,
                                double beta2, double eps, double lr, double c1, double c2);
SFDT_API int32_t sfdt_ema_update(double* average, const double* params, int64_t n, double decay);
SFDT_API int32_t sfdt_dsm_residual(double* out, const double* z, int64_t n, double scale, double* sum_sq);

// Periodic CNN (the math, parameter layout and row layout of org.scorefdt.score.nn.PeriodicCnn):
// 3×3 circular convolutions on the N×N grid, channels C_0 = F + K → C_1 → … → C_L. Input rows are
// [F][N][N] fields then K scalars (constant channels), output rows [C_L][N][N]; params per layer
// W_l [C_l][C_{l−1}][3][3] then b_l [C_l]. `precision` types every `void*` below (double or float).
// The batch is cut into chunks of sfdt_cnn_chunk_samples(n) samples, fixed by the grid alone; each
// chunk runs the whole network on one OpenMP thread (im2col + one BLAS product per layer), and the
// parameter gradient is the sum of the chunks' partial gradients in chunk order — so every result
// is independent of the thread count. A backward call takes the same params, input, batch and
// workspace as the forward call before it. threads > 0 sets the OpenMP threads (and OpenBLAS's
// process-wide count to 1 while they run); the workspace must be sized with the same thread count.
typedef struct sfdt_cnn_params {
  int32_t precision;        // SFDT_F64 | SFDT_F32
  int32_t n;                // grid side N ≥ 1
  int32_t fields;           // F ≥ 1
  int32_t constants;        // K ≥ 0
  int32_t layers;           // L ≥ 1
  int32_t activation;       // SFDT_ACT_*
  const int32_t* channels;  // [L + 1], channels[0] = F + K, each ≥ 1
  int64_t batch;            // rows, ≤ the workspace's capacity
  int32_t threads;          // 0 = all
  const void* params;       // [sfdt_cnn_param_count]
  const void* input;        // [batch][F·N² + K]
  void* output;             // [batch][C_L·N²] (forward)
  void* workspace;          // [sfdt_cnn_workspace_size] elements of the precision
  const void* d_output;     // ∂L/∂out [batch][C_L·N²] (backward)
  void* gradient;           // ∂L/∂θ [sfdt_cnn_param_count], overwritten (backward)
  void* d_input;            // ∂L/∂in [batch][F·N² + K], or NULL when not needed (backward)
} sfdt_cnn_params;

SFDT_API int32_t sfdt_cnn_forward(const sfdt_cnn_params* p);
SFDT_API int32_t sfdt_cnn_backward(const sfdt_cnn_params* p);
// Σ_l C_l (9 C_{l−1} + 1); negative SFDT_E_ARG on bad channels.
SFDT_API int64_t sfdt_cnn_param_count(const int32_t* channels, int32_t layers);
// Samples per chunk on an N×N grid.
SFDT_API int32_t sfdt_cnn_chunk_samples(int32_t n);
// Elements of workspace for `batch` rows with `threads` threads (0 = all); negative on bad arguments.
SFDT_API int64_t sfdt_cnn_workspace_size(const int32_t* channels, int32_t layers, int32_t n, int32_t fields,
                                         int64_t batch, int32_t threads);
// One DSM minibatch: forward, residual e = out + z with ∂loss/∂out = 2e/(B·d) written over output
// (nn_dsm_residual), backward without d_input; loss_norm[0] = Σe²/(B·d) (summed in index order),
// loss_norm[1] = ‖∂loss/∂θ‖₂ (squares summed in index order), both in double. z is [batch][C_L·N²].
SFDT_API int32_t sfdt_cnn_dsm_gradient(const sfdt_cnn_params* p, const double* z, double* loss_norm);

// The update of a DSM step over n coordinates (nn.h bodies, the operations of Adam.clipGlobalNorm,
// Adam.step and Ema.update): g = grad·clip, Adam on the float64 master weights, EMA of them with
// decay ema_decay, and for SFDT_F32 the master weights rounded into params32.
typedef struct sfdt_dsm_update_params {
  int32_t precision;     // of grad: SFDT_F64 (double*) | SFDT_F32 (float*)
  int64_t n;
  double* master;        // θ, float64
  float* params32;       // SFDT_F32: receives (float)θ; ignored for SFDT_F64
  const void* grad;
  double* m;
  double* v;
  double* ema;
  double clip;           // maxNorm/‖g‖ where ‖g‖ > maxNorm, else 1
  double beta1, beta2, eps, lr;
  double c1, c2;         // 1 − β₁ᵗ, 1 − β₂ᵗ
  double ema_decay;      // the step's ramped decay b
} sfdt_dsm_update_params;

SFDT_API int32_t sfdt_dsm_update(const sfdt_dsm_update_params* p);

// Lagged GFDT sums on an n×n grid (docs/backends.md §1; java: response/LaggedGridAccumulator).
// Spectra are the r2c half spectra [ky][kx], kx = 0..n/2, h = n·(n/2+1) modes, stored per row as two
// planes [re (h) | im (h)] in the precision asked (F32: the fields are rounded to float and
// transformed in float). sfdt_lagged_grid_push transforms save `save` of every member: B̂ of its
// conjugate into ring slot save mod slots, û of its field into held slot save − held_from.
// sfdt_lagged_grid_sums then adds, for the held saves t = held_from … held_from + held − 1 and
// τ = 0 … min(lags − 1, t), û(t)·conj B̂(t − τ) (products and sums in double) to the sums of each
// member's block, over t ascending, then members ascending: the Java accumulator's order. The ring
// needs slots ≥ lags − 1 + batch so that no B̂ still needed is overwritten while saves are held.
typedef struct sfdt_lagged_grid_params {
  int32_t n;                   // grid is n×n, periodic, n ≥ 2
  int32_t precision;           // SFDT_F64 | SFDT_F32: transforms and stored spectra
  int32_t lags;                // L ≥ 1
  int32_t slots;               // ring slots per member, ≥ lags − 1 + batch
  int32_t batch;               // held slots per member, ≥ 1
  int32_t blocks;              // member blocks, ≥ 1
  int32_t threads;             // 0 = library default
  int64_t members;             // rows of states and conjugates
  const int64_t* block_start;  // [blocks + 1]: block b holds members block_start[b] … block_start[b + 1] − 1
  int64_t save;                // push: the save transformed (≥ 0)
  int64_t held_from;           // the save in held slot 0
  int32_t held;                // sums: saves held, 1 … batch
  const double* states;        // push: [members][n*n] fields u
  const double* conjugates;    // push: [members][n*n] conjugates B; NULL: B = u (the autocorrelation)
  void* ring;                  // [members][slots][2h]
  void* held_spectra;          // [members][batch][2h]: û of the held saves
  double* sums;                // [blocks][lags][2h], added to
} sfdt_lagged_grid_params;

SFDT_API int32_t sfdt_lagged_grid_push(const sfdt_lagged_grid_params* p);
SFDT_API int32_t sfdt_lagged_grid_sums(const sfdt_lagged_grid_params* p);

// The same sums by FFT over time (docs/backends.md §1; native/cpu/lagged_grid_fft.cpp): saves are
// taken in time blocks of P = block_len saves starting at block_from. Spectra are stored as for
// sfdt_lagged_grid_*, rows of [re (h) | im (h)]. Per member and mode the block's û (u_block, row
// save − block_from) and B̂ of the last L − 1 + P saves (b_ring, row save mod (L − 1 + P); saves
// before 0 count as 0: no partner) are correlated in time by complex FFTs of
// length fft_len ≥ L − 1 + P (in double whatever the precision; exact linear correlation, no wrap),
// the products summed over the block's members in the frequency domain, in member order, and one
// inverse FFT per (block, mode) adds z(τ) = Σ_t û(t)·conj B̂(t − τ), τ < L, to sums. Every (block, mode)
// is one thread's, so results do not depend on the thread count. sfdt_lagged_fft_sums reads only:
// called once per full block (or batch end) it yields the same pairs as sfdt_lagged_grid_sums.
typedef struct sfdt_lagged_fft_params {
  int32_t n;                   // grid is n×n, periodic, n ≥ 2
  int32_t precision;           // SFDT_F64 | SFDT_F32: spatial transforms and stored spectra
  int32_t lags;                // L ≥ 1
  int32_t block_len;           // P ≥ 1: saves per time block
  int32_t fft_len;             // ≥ lags − 1 + block_len
  int32_t blocks;              // member blocks, ≥ 1
  int32_t threads;             // 0 = library default
  int64_t members;             // rows of states and conjugates
  const int64_t* block_start;  // [blocks + 1]
  int64_t save;                // push: the save transformed, block_from ≤ save < block_from + block_len
  int64_t block_from;          // first save of the current time block (a multiple of block_len)
  int32_t filled;              // sums: saves of the block pushed, 1 … block_len
  const double* states;        // push: [members][n*n] fields u
  const double* conjugates;    // push: [members][n*n] conjugates B
  void* u_block;               // [members][block_len][2h]
  void* b_ring;                // [members][lags − 1 + block_len][2h]
  double* sums;                // [blocks][lags][2h] planes [re | im], added to
} sfdt_lagged_fft_params;

SFDT_API int32_t sfdt_lagged_fft_push(const sfdt_lagged_fft_params* p);
SFDT_API int32_t sfdt_lagged_fft_sums(const sfdt_lagged_fft_params* p);

// Lagged GFDT response-matrix sums of a low-dimensional state (docs/systems.md §5.11; java:
// response/LaggedMatrixAccumulator; native/cpu/lagged_matrix.cpp). For save `save` of the current
// member batch: copies B_{columns[k]} of every member into ring slot save mod lags, then adds, for
// τ = 0 … min(lags − 1, save) and every member in its block, x_i(save)·B_k(save − τ) to
// sums[b][τ][i][k] and x_i, B_k to marginals[b][τ][d + cols] (Σ x_i | Σ B_k), members in order: the
// Java loop's sums bit for bit. OpenMP over members for the ring, over (block, lag) rows for the
// sums; results do not depend on the thread count.
typedef struct sfdt_lagged_matrix_params {
  int32_t d;                   // state dimension, ≥ 1
  int32_t cols;                // columns, 1 … d
  const int32_t* columns;      // [cols]: the impulse components, in 0 … d − 1
  int32_t lags;                // L ≥ 1
  int32_t blocks;              // member blocks, ≥ 1
  int32_t threads;             // 0 = library default
  int64_t members;             // rows of states and conjugates
  const int64_t* block_start;  // [blocks + 1]
  int64_t save;                // the save, counted from 0 in the member batch
  const double* states;        // [members][d]
  const double* conjugates;    // [members][d]: B for every impulse direction
  double* ring;                // [members][lags][cols]
  double* sums;                // [blocks][lags][d][cols], added to
  double* marginals;           // [blocks][lags][d + cols], added to
} sfdt_lagged_matrix_params;

SFDT_API int32_t sfdt_lagged_matrix_add(const sfdt_lagged_matrix_params* p);

// The lagged autocorrelation sums z(τ) = Σ_t û(t)·conj û(t − τ) (the sums above with B = u: what a
// conjugate linear per Fourier mode needs, its gain applied by the caller) by FFT over time
// (native/cpu/lagged_auto_fft.cpp): time blocks of P = block_len ≥ lags − 1 saves starting at
// block_from (a multiple of P), transforms of length 2P, in double. sfdt_lagged_auto_push transforms
// save `save` of every member into u_block; sfdt_lagged_auto_sums adds the pairs of the block's
// `filled` saves t with t − τ ≥ 0 of the same batch, over each member block's members in order, and
// with commit = 1 (a full block only) keeps the block's time transform in x_prev for the next block
// (commit = 0: a read, nothing kept). x_prev is read only when block_from > 0. Every (member block,
// chunk of 8 modes) is one thread's: results do not depend on the thread count.
typedef struct sfdt_lagged_auto_params {
  int32_t n;                   // grid is n×n, periodic, n ≥ 2
  int32_t precision;           // SFDT_F64 | SFDT_F32: spatial transforms and u_block
  int32_t lags;                // L ≥ 1
  int32_t block_len;           // P ≥ max(1, lags − 1); 2P should be an FFTW-fast size
  int32_t blocks;              // member blocks, ≥ 1
  int32_t threads;             // 0 = library default
  int64_t members;             // rows of states
  const int64_t* block_start;  // [blocks + 1]
  int64_t save;                // push: block_from ≤ save < block_from + block_len
  int64_t block_from;          // first save of the current time block
  int32_t filled;              // sums: saves of the block pushed, 1 … block_len
  int32_t commit;              // sums: 1 keeps the block's transforms as the next block's previous ones
  const double* states;        // push: [members][n*n] fields u
  void* u_block;               // [members][⌈h/8⌉][block_len][8][re, im] in the precision
  double* x_prev;              // [members][⌈h/8⌉][2·block_len][8][re, im], double
  double* sums;                // [blocks][lags][2h] planes [re | im], added to
} sfdt_lagged_auto_params;

SFDT_API int32_t sfdt_lagged_auto_push(const sfdt_lagged_auto_params* p);
SFDT_API int32_t sfdt_lagged_auto_sums(const sfdt_lagged_auto_params* p);

// Score of a stationary Gaussian field with circulant covariance on an n×n grid, applied per Fourier
// mode (java: score/SpectralQuasiGaussianScore.score, integrate/OuExact.score; grid_conjugate.h):
// out = c2r(g · r2c(x − mean)) / n² per member, g(k) = −n²/S(k) given on the half spectrum [ky][kx],
// kx = 0..n/2 (S is even in k, so the half holds it all). F32 rounds x − mean to float and transforms in
// float; out is widened to double. OpenMP over members; results do not depend on the thread count.
typedef struct sfdt_spectral_score_params {
  int32_t n;              // grid is n×n, periodic, n ≥ 2
  int32_t precision;      // SFDT_F64 | SFDT_F32: the transforms
  int32_t threads;        // 0 = library default
  int64_t members;        // rows of x and out
  double mean;            // μ, subtracted from every cell
  const double* gain;     // [n*(n/2+1)]: g(k) = −n²/S(k), real
  const double* x;        // [members][n*n]
  double* out;            // [members][n*n]: s(x)
} sfdt_spectral_score_params;

SFDT_API int32_t sfdt_spectral_score(const sfdt_spectral_score_params* p);

// r2c half spectra of a batch of n×n real fields (java: score/SpectralQuasiGaussianScore.Fitter), in
// double, OpenMP over rows: out[r] = [ky][kx][re, im], kx = 0..n/2, unnormalised (FFTW's forward sign).
SFDT_API int32_t sfdt_half_spectra(int32_t n, int32_t threads, int64_t rows, const double* fields, double* out);

SFDT_API int32_t sfdt_lowdim_advance(const sfdt_lowdim_params* p);
SFDT_API int32_t sfdt_spectral_advance(const sfdt_spectral_params* p);
SFDT_API int32_t sfdt_semilinear_advance(const sfdt_semilinear_params* p);
SFDT_API int32_t sfdt_ns_advance(const sfdt_ns_params* p);
SFDT_API int32_t sfdt_kde_score(const sfdt_kde_params* p);
// count normals of (seed, stream, member, step), components 0..count-1.
SFDT_API int32_t sfdt_philox_normals(uint64_t seed, uint32_t stream, int64_t member, int64_t step, double* out, int64_t count);
SFDT_API int32_t sfdt_philox_block(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3, uint32_t k0, uint32_t k1, uint32_t* out4);
SFDT_API int32_t sfdt_max_threads(void);
SFDT_API const char* sfdt_status_message(int32_t code);

#ifdef __cplusplus
}
#endif
