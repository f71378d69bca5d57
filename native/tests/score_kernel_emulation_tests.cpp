// score_kernel_emulation_tests.cpp — ctest, no GPU: the score kernels (cuda/kernels/kde.cu, mlp.cu,
// cnn.cu, kgmm.cu) run on the host through cuda_emulation.h with the launch shapes of the Java
// facades (CudaKde, CudaMlp, CudaDsmStep, CudaCnn, CudaKgmm), against the CPU library or plain loops:
//  * KDE F64 == sfdt_kde_score bit for bit (specialised d = 3, 8 and the generic d = 11; leave-one-out);
//  * KDE F32 within kde_fast.h's bound of the F64 result (exp2f standing in for the SFU's ex2);
//  * fused MLP forward within 10⁻¹² (F64) / 5·10⁻⁴ (F32) of sfdt_mlp_forward (other summation order);
//  * layer, DSM-residual, Adam and EMA kernels == the library / nn.h loops bit for bit; the
//    block-reduced sums within 2nε;
//  * CNN layer kernel == a direct circular convolution in the kernel's order, bit for bit;
//  * KGMM nearest centroid and kernel interpolant == plain loops bit for bit.
// This checks the kernels' index arithmetic, tiling, barriers and reductions, not nvcc's code.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <vector>
#include "cuda_emulation.h"
#include "scorefdt/abi.h"

#include "score_kernel_shims.h"

#include "../../cuda/kernels/kde.cu"
#include "../../cuda/kernels/mlp.cu"
#include "../../cuda/kernels/cnn.cu"
#include "../../cuda/kernels/kgmm.cu"

#include <cstddef>
// The by-value parameter structs laid out by C's rules (fields in order, each aligned to its size),
// as the JavaCPP bindings the Java side fills see them: the offsets below are the ones that layout produces.
static_assert(offsetof(KdeF64Params, want_div) == 20 && offsetof(KdeF64Params, neg_inv_2h2) == 24 &&
              offsetof(KdeF64Params, data) == 40 && offsetof(KdeF64Params, log_sum) == 96 && sizeof(KdeF64Params) == 104);
static_assert(offsetof(KdeF32Params, inv_scale) == 24 && offsetof(KdeF32Params, data) == 40 &&
              offsetof(KdeF32Params, log_sum) == 96 && sizeof(KdeF32Params) == 104);
static_assert(offsetof(MlpFusedParams<float>, widths) == 8 && offsetof(MlpFusedParams<float>, stride) == 44 &&
              offsetof(MlpFusedParams<double>, batch) == 48 && offsetof(MlpFusedParams<double>, output) == 72);
static_assert(offsetof(LayerParams<double>, count) == 32 && offsetof(LayerParams<float>, act) == 44 && sizeof(LayerParams<double>) == 48);
static_assert(offsetof(ReduceParams, n) == 32 && offsetof(ReduceParams, scale) == 40 && offsetof(ReduceParams, slot) == 48);
static_assert(offsetof(AdamParams, n) == 32 && offsetof(AdamParams, clip) == 88 && sizeof(AdamParams) == 96);
static_assert(offsetof(EmaParams, decay) == 24);
static_assert(offsetof(CnnLayerParams<double>, batch) == 32 && offsetof(CnnLayerParams<double>, act) == 68);
static_assert(offsetof(NearestParams, m) == 24 && offsetof(NearestParams, d) == 36);
static_assert(offsetof(InterpParams, m) == 40 && offsetof(InterpParams, outputs) == 56 && offsetof(InterpParams, inv_2h2) == 64);

static int failures = 0;
#define CHECK(cond, ...) do { if (!(cond)) { std::printf("FAIL: " __VA_ARGS__); std::printf("\n"); ++failures; } } while (0)

static std::mt19937_64 rng(12345);
static double uniform(double a, double b) { return std::uniform_real_distribution<double>(a, b)(rng); }

// ---------------------------------------------------------------------------------------------- KDE

struct KdeCase {
  int n, d, m;
  std::vector<double> x, xx, y;
  std::vector<long long> self;
};

static KdeCase kde_case(int n, int d, int m) {
  KdeCase c{n, d, m, std::vector<double>(n * d), std::vector<double>(n), std::vector<double>(m * d), std::vector<long long>(m)};
  for (int i = 0; i < n * d; ++i) c.x[i] = uniform(-1, 1) * (1 + i % 3);
  for (int j = 0; j < n; ++j) {
    double q = 0;
    for (int k = 0; k < d; ++k) q += c.x[j * d + k] * c.x[j * d + k];
    c.xx[j] = q;
  }
  for (int q = 0; q < m; ++q) {
    const bool at = q % 2 == 0;
    const int row = (int)(rng() % n);
    c.self[q] = at ? row : -1;
    for (int k = 0; k < d; ++k) c.y[q * d + k] = at ? c.x[row * d + k] : uniform(-3, 3);
  }
  c.y[d] = 1e3;  // query 1: far from the data
  return c;
}

static void kde_f64(int n, int d, int m) {
  KdeCase c = kde_case(n, d, m);
  const double h = 0.45, neg = -0.5 / (h * h), inv = 1 / (h * h);
  std::vector<double> s(m * d), dv(m), l(m), gs(m * d), gd(m), gl(m), scratch(m * d);
  sfdt_kde_params p{};
  p.dim = d; p.threads = 1; p.n_data = n; p.n_query = m; p.neg_inv_2h2 = neg; p.inv_h2 = inv;
  p.data = c.x.data(); p.data_sq = c.xx.data(); p.query = c.y.data();
  p.self_index = reinterpret_cast<const int64_t*>(c.self.data());
  p.score = s.data(); p.divergence = dv.data(); p.log_sum = l.data();
  CHECK(sfdt_kde_score(&p) == SFDT_OK, "library KDE");
  KdeF64Params k{};
  k.n_data = n; k.n_query = m; k.dim = d; k.want_div = 1; k.neg_inv_2h2 = neg; k.inv_h2 = inv;
  k.data = c.x.data(); k.data_sq = c.xx.data(); k.query = c.y.data(); k.self_index = c.self.data();
  k.scratch = scratch.data(); k.score = gs.data(); k.divergence = gd.data(); k.log_sum = gl.data();
  void (*kernel)(KdeF64Params) = d == 3 ? sfdt_kde_f64_d3 : d == 8 ? sfdt_kde_f64_d8 : sfdt_kde_f64_any;
  emu_launch(kernel, (unsigned)((m + KDE_THREADS - 1) / KDE_THREADS), KDE_THREADS, k, true);
  CHECK(std::memcmp(s.data(), gs.data(), sizeof(double) * s.size()) == 0, "KDE F64 score == library (n %d, d %d)", n, d);
  CHECK(std::memcmp(dv.data(), gd.data(), sizeof(double) * m) == 0, "KDE F64 divergence == library (n %d, d %d)", n, d);
  CHECK(std::memcmp(l.data(), gl.data(), sizeof(double) * m) == 0, "KDE F64 log-sum == library (n %d, d %d)", n, d);
}

// kde_fast.h's bound (as CudaKdeTest and kde_fast_tests): relative error of the weighted sums.
static double fast_relative(int n, int d, double lse, double R) {
  const double u = std::ldexp(1.0, -24), A = std::max(0.0, -1.4426950408889634 * (lse - std::log((double)n))) + 32;
  return std::log(2.0) * ((d + 2) * u * A + 4 * u * std::sqrt(d * A) * R) + std::ldexp(1.0, -22) +
         (2 * 256 + (double)n / 256 + 4) * u + std::ldexp(1.0, -32) * n;
}

static void kde_f32(int n, int d, int m) {
  KdeCase c = kde_case(n, d, m);
  c.y[d] = 2.5;  // the far query's bound is loose in F32: keep every query near the data here
  const double h = 0.45, neg = -0.5 / (h * h), inv = 1 / (h * h), cc = -neg * 1.4426950408889634, sc = std::sqrt(cc);
  std::vector<double> s(m * d), dv(m), l(m), gs(m * d), gd(m), gl(m);
  sfdt_kde_params p{};
  p.dim = d; p.threads = 1; p.n_data = n; p.n_query = m; p.neg_inv_2h2 = neg; p.inv_h2 = inv;
  p.data = c.x.data(); p.data_sq = c.xx.data(); p.query = c.y.data();
  p.self_index = reinterpret_cast<const int64_t*>(c.self.data());
  p.score = s.data(); p.divergence = dv.data(); p.log_sum = l.data();
  CHECK(sfdt_kde_score(&p) == SFDT_OK, "library KDE");
  // CudaKde's F32 upload: scaled by √c, rounded once; |x'|² from the rounded values
  std::vector<float> xs(n * d), qs(n), ys(m * d), scratch(2 * m * d);
  double R = 0;
  for (int j = 0; j < n; ++j) {
    double q = 0;
    for (int k = 0; k < d; ++k) {
      xs[j * d + k] = (float)(c.x[j * d + k] * sc);
      q += (double)xs[j * d + k] * xs[j * d + k];
      R = std::max(R, std::fabs((double)xs[j * d + k]));
    }
    qs[j] = (float)q;
  }
  for (int i = 0; i < m * d; ++i) {
    ys[i] = (float)(c.y[i] * sc);
    R = std::max(R, std::fabs((double)ys[i]));
  }
  KdeF32Params k{};
  k.n_data = n; k.n_query = m; k.dim = d; k.inv_scale = 1.0 / sc; k.inv_h2 = inv;
  k.data = xs.data(); k.data_sq = qs.data(); k.query = ys.data(); k.self_index = c.self.data(); k.scratch = scratch.data();
  k.score = gs.data(); k.divergence = gd.data(); k.log_sum = gl.data();
  const bool generic = !(d <= 8 || d == 16);
  void (*kernel)(KdeF32Params) = generic ? sfdt_kde_f32_any : d == 3 ? sfdt_kde_f32_div_d3 : sfdt_kde_f32_div_d8;
  const int per = generic ? KDE_THREADS : KDE_THREADS * (d <= 8 ? 4 : 2);
  emu_launch(kernel, (unsigned)((m + per - 1) / per), KDE_THREADS, k, true);
  double worst = 0;
  for (int q = 0; q < m; ++q) {
    const double rel = fast_relative(n, d, l[q], R);
    const double bs = (2 * R * rel + std::ldexp(1.0, -24) * R) / (sc * h * h);
    const double bd = 4 * R * R * rel / (cc * h * h * h * h) + 1e-12 * d / (h * h);
    for (int kk = 0; kk < d; ++kk) worst = std::max(worst, std::fabs(gs[q * d + kk] - s[q * d + kk]) / bs);
    worst = std::max(worst, std::fabs(gd[q] - dv[q]) / bd);
    worst = std::max(worst, std::fabs(gl[q] - l[q]) / (rel + 1e-15 * std::fabs(l[q])));
  }
  std::printf("KDE F32 kernel n=%d d=%d: worst error/bound %.3g\n", n, d, worst);
  CHECK(worst <= 1, "KDE F32 within kde_fast.h's bound (n %d, d %d): %g", n, d, worst);
}

// ---------------------------------------------------------------------------------------------- MLP

static std::vector<double> mlp_params(const std::vector<int32_t>& w) {
  int64_t np = sfdt_mlp_param_count(w.data(), (int32_t)w.size() - 1);
  std::vector<double> p(np);
  for (auto& v : p) v = uniform(-0.6, 0.6);
  return p;
}

template <typename T>
static void mlp_fused(const std::vector<int32_t>& w, int act, int batch, int rt, double tol) {
  const int L = (int)w.size() - 1;
  std::vector<double> par = mlp_params(w), in(batch * w[0]), want(batch * w[L]);
  for (auto& v : in) v = uniform(-2, 2);
  sfdt_mlp_params p{};
  std::vector<double> ws(sfdt_mlp_workspace_size(w.data(), L, batch) + 1);
  p.layers = L; p.activation = act; p.widths = w.data(); p.batch = batch; p.threads = 1; p.params = par.data();
  p.input = in.data(); p.output = want.data(); p.workspace = ws.data();
  CHECK(sfdt_mlp_forward(&p) == SFDT_OK, "library MLP forward");
  std::vector<T> tp(par.begin(), par.end()), tin(in.begin(), in.end()), tout(batch * w[L]);
  MlpFusedParams<T> k{};
  k.layers = L; k.activation = act;
  int maxw = 0;
  for (int i = 0; i <= L; ++i) { k.widths[i] = w[i]; maxw = std::max(maxw, (int)w[i]); }
  k.stride = maxw | 1; k.batch = batch; k.params = tp.data(); k.input = tin.data(); k.output = tout.data();
  const size_t bytes = (par.size() + 2 * 32 * rt * (size_t)k.stride) * sizeof(T);
  CHECK(bytes <= sizeof(smem), "fused MLP shared memory %zu", bytes);
  void (*kernel)(MlpFusedParams<T>);
  if constexpr (sizeof(T) == 8) kernel = rt == 1 ? sfdt_mlp_fused_f64_r1 : rt == 2 ? sfdt_mlp_fused_f64_r2 : sfdt_mlp_fused_f64_r4;
  else kernel = rt == 1 ? sfdt_mlp_fused_f32_r1 : rt == 2 ? sfdt_mlp_fused_f32_r2 : sfdt_mlp_fused_f32_r4;
  const int rows = 32 * rt;
  emu_launch(kernel, (unsigned)((batch + rows - 1) / rows), MLP_THREADS, k, true);
  double diff = 0, scale = 0;
  for (size_t i = 0; i < want.size(); ++i) {
    diff = std::max(diff, std::fabs((double)tout[i] - want[i]));
    scale = std::max(scale, std::fabs(want[i]));
  }
  std::printf("fused MLP %s rt=%d batch=%d: max error / scale %.3g\n", sizeof(T) == 8 ? "f64" : "f32", rt, batch, diff / scale);
  CHECK(diff <= tol * scale, "fused MLP (%s, rt %d, batch %d): %g > %g × %g", sizeof(T) == 8 ? "f64" : "f32", rt, batch, diff, tol, scale);
}

static void layer_kernels() {
  const int rows = 37, n = 19;
  const long long count = rows * n;
  std::vector<double> z(count), b(n), aux(count), ref(count), refAux(count), a(count), d(count), dref(count);
  for (auto& v : z) v = uniform(-4, 4);
  for (auto& v : b) v = uniform(-1, 1);
  for (int act = 0; act < 2; ++act) {
    ref = z;
    for (long long i = 0; i < count; ++i) sfdt::nn_hidden_unit(act, &ref[i], b[i % n], &refAux[i]);
    std::vector<double> dz = z;
    LayerParams<double> p{dz.data(), aux.data(), b.data(), nullptr, count, n, act};
    emu_launch(sfdt_mlp_hidden_f64, 3, 256, p, false);
    CHECK(std::memcmp(dz.data(), ref.data(), sizeof(double) * count) == 0 &&
          std::memcmp(aux.data(), refAux.data(), sizeof(double) * count) == 0, "hidden-layer kernel == nn.h (act %d)", act);
    for (auto& v : d) v = uniform(-1, 1);
    dref = d;
    for (long long i = 0; i < count; ++i) sfdt::nn_hidden_delta(act, &dref[i], refAux[i], ref[i]);
    LayerParams<double> q{d.data(), refAux.data(), nullptr, ref.data(), count, n, act};
    emu_launch(sfdt_mlp_delta_f64, 2, 256, q, false);
    CHECK(std::memcmp(d.data(), dref.data(), sizeof(double) * count) == 0, "delta kernel == nn.h (act %d)", act);
  }
  std::vector<double> o = z, oref = z;
  for (long long i = 0; i < count; ++i) sfdt::nn_output_unit(&oref[i], b[i % n]);
  LayerParams<double> p{o.data(), nullptr, b.data(), nullptr, count, n, 0};
  emu_launch(sfdt_mlp_output_f64, 2, 256, p, false);
  CHECK(std::memcmp(o.data(), oref.data(), sizeof(double) * count) == 0, "output-layer kernel == nn.h");
}

static void training_kernels() {
  const long long n = 3 * 256 + 17;  // several blocks and a ragged tail
  std::vector<double> out(n), z(n), lib, partials(256), result(2);
  for (auto& v : out) v = uniform(-2, 2);
  for (auto& v : z) v = uniform(-2, 2);
  lib = out;
  double sum = 0;
  const double scale = 2.0 / n;
  CHECK(sfdt_dsm_residual(lib.data(), z.data(), n, scale, &sum) == SFDT_OK, "library residual");
  const unsigned blocks = (unsigned)((n + RED_THREADS - 1) / RED_THREADS);
  ReduceParams r{out.data(), z.data(), partials.data(), result.data(), n, scale, 0};
  emu_launch(sfdt_dsm_residual_f64, blocks, RED_THREADS, r, true);
  ReduceParams s{nullptr, nullptr, partials.data(), result.data(), (long long)blocks, 0, 0};
  emu_launch(sfdt_sum_partials_f64, 1, RED_THREADS, s, true);
  CHECK(std::memcmp(out.data(), lib.data(), sizeof(double) * n) == 0, "DSM residual kernel: ∂loss/∂out == library");
  CHECK(std::fabs(result[0] - sum) <= 2 * n * 1.2e-16 * sum, "DSM residual kernel: Σe² %.17g vs library %.17g", result[0], sum);
  double sq = 0;
  for (double v : z) sq += v * v;
  ReduceParams t{z.data(), nullptr, partials.data(), result.data(), n, 0, 1};
  emu_launch(sfdt_sum_sq_f64, blocks, RED_THREADS, t, true);
  ReduceParams u{nullptr, nullptr, partials.data(), result.data(), (long long)blocks, 0, 1};
  emu_launch(sfdt_sum_partials_f64, 1, RED_THREADS, u, true);
  CHECK(std::fabs(result[1] - sq) <= 2 * n * 1.2e-16 * sq, "Σg² kernel %.17g vs %.17g", result[1], sq);
  // Adam (with a clip factor) and EMA: bit for bit with the library
  std::vector<double> th(n), g(n), m(n, 0.0), v(n, 0.0), th2, m2(n, 0.0), v2(n, 0.0), avg(n), avg2;
  for (auto& x : th) x = uniform(-1, 1);
  th2 = th;
  avg = th;
  avg2 = th;
  for (int step = 1; step <= 5; ++step) {
    for (auto& x : g) x = uniform(-1, 1) * std::pow(10.0, (double)(rng() % 7) - 3);
    const double clip = step == 3 ? 0.5 : 1.0, c1 = 1 - std::pow(0.9, step), c2 = 1 - std::pow(0.999, step);
    std::vector<double> gc = g;
    for (auto& x : gc) x *= clip;
    sfdt_adam_step(th2.data(), gc.data(), m2.data(), v2.data(), n, 0.9, 0.999, 1e-8, 1e-3, c1, c2);
    AdamParams a{th.data(), g.data(), m.data(), v.data(), n, 0.9, 0.999, 1e-8, 1e-3, c1, c2, clip};
    emu_launch(sfdt_adam_f64, 2, 256, a, false);
    CHECK(std::memcmp(th.data(), th2.data(), sizeof(double) * n) == 0, "Adam kernel == library (step %d)", step);
    const double b = std::min(0.999, (1.0 + step) / (10.0 + step));
    sfdt_ema_update(avg2.data(), th2.data(), n, b);
    EmaParams e{avg.data(), th.data(), n, b};
    emu_launch(sfdt_ema_f64, 2, 256, e, false);
    CHECK(std::memcmp(avg.data(), avg2.data(), sizeof(double) * n) == 0, "EMA kernel == library (step %d)", step);
  }
}

// ---------------------------------------------------------------------------------------------- CNN

// PeriodicCnn's layer as a direct loop in the kernel's order (c, then dy, dx).
static void cnn_reference(const std::vector<double>& in, int in_stride, int batch, int n, int cin_conv, int cin_total,
                          int cout, int constants, const double* w, const double* b, bool hidden, int act,
                          std::vector<double>& out) {
  const int np = n * n;
  out.assign((size_t)batch * cout * np, 0.0);
  for (int r = 0; r < batch; ++r)
    for (int o = 0; o < cout; ++o)
      for (int y = 0; y < n; ++y)
        for (int x = 0; x < n; ++x) {
          double acc = 0;
          for (int c = 0; c < cin_conv; ++c)
            for (int dy = -1; dy <= 1; ++dy)
              for (int dx = -1; dx <= 1; ++dx)
                acc = acc + w[(o * cin_total + c) * 9 + (dy + 1) * 3 + dx + 1] *
                                in[r * in_stride + c * np + ((y + dy + n) % n) * n + (x + dx + n) % n];
          double base = b[o];
          for (int c = 0; c < constants; ++c) {
            double s = 0;
            for (int t = 0; t < 9; ++t) s = s + w[(o * cin_total + cin_conv + c) * 9 + t];
            base = base + in[r * in_stride + cin_conv * np + c] * s;
          }
          double z = acc, aux;
          if (hidden) sfdt::nn_hidden_unit(act, &z, base, &aux);
          else sfdt::nn_output_unit(&z, base);
          out[(size_t)r * cout * np + o * np + y * n + x] = z;
        }
}

static void cnn_layers() {
  const int n = 6, batch = 3, f = 1, k = 1, c1 = 5, c2 = 1, np = n * n;
  const int inW = f * np + k;
  std::vector<double> in(batch * inW), w1(c1 * (f + k) * 9), b1(c1), w2(c2 * c1 * 9), b2(c2);
  for (auto* v : {&in, &w1, &b1, &w2, &b2})
    for (auto& x : *v) x = uniform(-1, 1);
  std::vector<double> r1, r2, g1(batch * c1 * np), g2(batch * c2 * np);
  cnn_reference(in, inW, batch, n, f, f + k, c1, k, w1.data(), b1.data(), true, 0, r1);
  cnn_reference(r1, c1 * np, batch, n, c1, c1, c2, 0, w2.data(), b2.data(), false, 0, r2);
  CnnLayerParams<double> p1{in.data(), g1.data(), w1.data(), b1.data(), batch, n, inW, f, f + k, c1, k, 1, 0};
  emu_launch(sfdt_cnn_layer_f64, 2, 256, p1, false);
  CnnLayerParams<double> p2{g1.data(), g2.data(), w2.data(), b2.data(), batch, n, c1 * np, c1, c1, c2, 0, 0, 0};
  emu_launch(sfdt_cnn_layer_f64, 1, 256, p2, false);
  CHECK(std::memcmp(g1.data(), r1.data(), sizeof(double) * g1.size()) == 0, "CNN layer 1 kernel == direct convolution");
  CHECK(std::memcmp(g2.data(), r2.data(), sizeof(double) * g2.size()) == 0, "CNN layer 2 kernel == direct convolution");
}

// --------------------------------------------------------------------------------------------- KGMM

static void kgmm_lookups() {
  const int k = 23, d = 4, m = 301, outputs = 4;
  std::vector<double> c(k * d), x(m * d), vals(k * outputs), lw(k), got(m * outputs), want(m * outputs);
  for (auto& v : c) v = uniform(-2, 2);
  std::memcpy(&c[7 * d], &c[0], sizeof(double) * d);  // a duplicated centre: ties to the lowest index
  for (auto& v : x) v = uniform(-2.5, 2.5);
  std::memcpy(&x[0], &c[0], sizeof(double) * d);
  for (auto& v : vals) v = uniform(-5, 5);
  for (auto& v : lw) v = std::log(1.0 + (double)(rng() % 40));
  std::vector<int> idx(m);
  NearestParams np{c.data(), x.data(), idx.data(), m, k, d};
  emu_launch(sfdt_nearest_f64, 3, 128, np, false);
  bool same = idx[0] == 0;
  for (int i = 0; i < m; ++i) {
    int best = 0;
    double bd = INFINITY;
    for (int q = 0; q < k; ++q) {
      double s = 0;
      for (int j = 0; j < d; ++j) { const double t = x[i * d + j] - c[q * d + j]; s += t * t; }
      if (s < bd) { bd = s; best = q; }
    }
    same = same && idx[i] == best;
  }
  CHECK(same, "nearest-centroid kernel == KMeans.nearest's loop");
  const double h = 0.5, inv = 1 / (2 * h * h);
  InterpParams ip{c.data(), vals.data(), lw.data(), x.data(), got.data(), m, k, d, outputs, inv};
  emu_launch(sfdt_kernel_interp_f64, 3, 128, ip, false);
  std::vector<double> e(k);
  for (int i = 0; i < m; ++i) {
    double mx = -INFINITY;
    for (int q = 0; q < k; ++q) {
      double s = 0;
      for (int j = 0; j < d; ++j) { const double t = x[i * d + j] - c[q * d + j]; s += t * t; }
      e[q] = lw[q] - s * inv;
      mx = std::max(mx, e[q]);
    }
    double norm = 0;
    for (int o = 0; o < outputs; ++o) want[i * outputs + o] = 0;
    for (int q = 0; q < k; ++q) {
      const double wq = std::exp(e[q] - mx);
      norm += wq;
      for (int o = 0; o < outputs; ++o) want[i * outputs + o] += wq * vals[q * outputs + o];
    }
    for (int o = 0; o < outputs; ++o) want[i * outputs + o] /= norm;
  }
  CHECK(std::memcmp(got.data(), want.data(), sizeof(double) * got.size()) == 0, "kernel-interpolant kernel == KernelScoreInterpolator's loop");
}

int main() {
  kde_f64(300, 3, 131);
  kde_f64(129, 8, 70);
  kde_f64(200, 11, 40);
  kde_f32(700, 3, 140);
  kde_f32(300, 8, 600);
  kde_f32(260, 11, 40);
  layer_kernels();
  training_kernels();
  mlp_fused<double>({41, 64, 64, 40}, 0, 70, 1, 1e-12);
  mlp_fused<double>({3, 17, 33, 2}, 1, 130, 4, 1e-12);
  mlp_fused<float>({8, 128, 128, 8}, 0, 100, 1, 5e-4);
  mlp_fused<float>({5, 3}, 1, 33, 1, 5e-4);
  cnn_layers();
  kgmm_lookups();
  if (failures) std::printf("%d score-kernel emulation checks failed\n", failures);
  else std::printf("score-kernel emulation: all checks passed\n");
  return failures ? 1 : 0;
}
