// fake_libcuda.cpp — a stand-in libcuda.so.1 for end-to-end tests of the Java CUDA tier on machines
// without a GPU: one "device" whose memory is host memory (cuMemAlloc = malloc, copies = memcpy)
// and whose kernels are our own kernel sources run by cuda_emulation.h, dispatched by name. Loaded
// instead of the driver (LD_LIBRARY_PATH) under the presets' libjnicudart, it lets the Java side —
// context, KernelModule, the KernelParams bindings, DeviceBuffer, integrators, accumulators, errors — run for
// real (FakeDriverTest). Only what the backend calls is implemented; everything else is absent and,
// bound lazily, never resolved. cuFFT is faked separately (fake_libcufft.cpp, FFTW).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include "cuda_emulation.h"
#include "../../cuda/kernels/lowdim.cu"
#include "../../cuda/kernels/philox_normals.cu"
#include "../../cuda/kernels/spectral.cu"
#include "../../cuda/kernels/lagged.cu"
#include "../../cuda/kernels/truth.cu"
#include "../../cuda/kernels/semilinear.cu"
#include "../../cuda/kernels/navier_stokes.cu"
#include "../../cuda/kernels/conjugate.cu"
#include "../../cuda/kernels/grid_conjugate.cu"
// The score kernels, with the shims they need beyond cuda_emulation.h (static __shared__, warp votes).
#include "score_kernel_shims.h"
#include "../../cuda/kernels/kde.cu"
#include "../../cuda/kernels/cnn.cu"
#include "../../cuda/kernels/kgmm.cu"
#include "../../cuda/kernels/mlp.cu"

namespace {

constexpr int OK = 0, INVALID_VALUE = 1, OUT_OF_MEMORY = 2, NOT_FOUND = 500;
constexpr size_t TOTAL = size_t(1) << 30;  // 1 GiB of "device" memory

std::mutex lock;
std::map<void*, size_t> allocations;
size_t used = 0;

struct Kernel {
  void (*run)(unsigned grid, unsigned block, void* params);
};

template <typename P, void (*K)(P), bool threaded>
void run_kernel(unsigned grid, unsigned block, void* params) {
  emu_launch(K, grid, block, *static_cast<const P*>(params), threaded);
}

const std::map<std::string, Kernel>& kernels() {
  static const std::map<std::string, Kernel> k = {
      {"sfdt_lowdim_f64", {run_kernel<LowdimParams, sfdt_lowdim_f64, true>}},
      {"sfdt_lowdim_f32", {run_kernel<LowdimParams, sfdt_lowdim_f32, true>}},
      {"sfdt_philox_normals_kernel", {run_kernel<PhiloxNormalsParams, sfdt_philox_normals_kernel, false>}},
      {"sfdt_spectral_noise_f64", {run_kernel<SpectralNoiseParams, sfdt_spectral_noise_f64, false>}},
      {"sfdt_spectral_noise_f32", {run_kernel<SpectralNoiseParams, sfdt_spectral_noise_f32, false>}},
      {"sfdt_spectral_update_f64", {run_kernel<SpectralUpdateParams, sfdt_spectral_update_f64, false>}},
      {"sfdt_spectral_update_f32", {run_kernel<SpectralUpdateParams, sfdt_spectral_update_f32, false>}},
      {"sfdt_spectral_scale_f64", {run_kernel<SpectralScaleParams, sfdt_spectral_scale_f64, false>}},
      {"sfdt_spectral_scale_f32", {run_kernel<SpectralScaleParams, sfdt_spectral_scale_f32, false>}},
      // Navier–Stokes (navier_stokes.cu)
      {"sfdt_ns_unpack_f64", {run_kernel<NsKernelParams, sfdt_ns_unpack_f64, false>}},
      {"sfdt_ns_unpack_f32", {run_kernel<NsKernelParams, sfdt_ns_unpack_f32, false>}},
      {"sfdt_ns_pack_f64", {run_kernel<NsKernelParams, sfdt_ns_pack_f64, false>}},
      {"sfdt_ns_pack_f32", {run_kernel<NsKernelParams, sfdt_ns_pack_f32, false>}},
      {"sfdt_ns_phases_f64", {run_kernel<NsKernelParams, sfdt_ns_phases_f64, false>}},
      {"sfdt_ns_phases_f32", {run_kernel<NsKernelParams, sfdt_ns_phases_f32, false>}},
      {"sfdt_ns_prepare_f64", {run_kernel<NsKernelParams, sfdt_ns_prepare_f64, false>}},
      {"sfdt_ns_prepare_f32", {run_kernel<NsKernelParams, sfdt_ns_prepare_f32, false>}},
      {"sfdt_ns_advective_f64", {run_kernel<NsKernelParams, sfdt_ns_advective_f64, false>}},
      {"sfdt_ns_advective_f32", {run_kernel<NsKernelParams, sfdt_ns_advective_f32, false>}},
      {"sfdt_ns_products_f64", {run_kernel<NsKernelParams, sfdt_ns_products_f64, false>}},
      {"sfdt_ns_products_f32", {run_kernel<NsKernelParams, sfdt_ns_products_f32, false>}},
      {"sfdt_ns_combine_adv_f64", {run_kernel<NsKernelParams, sfdt_ns_combine_adv_f64, false>}},
      {"sfdt_ns_combine_adv_f32", {run_kernel<NsKernelParams, sfdt_ns_combine_adv_f32, false>}},
      {"sfdt_ns_combine_skew_f64", {run_kernel<NsKernelParams, sfdt_ns_combine_skew_f64, false>}},
      {"sfdt_ns_combine_skew_f32", {run_kernel<NsKernelParams, sfdt_ns_combine_skew_f32, false>}},
      {"sfdt_ns_forcing_f64", {run_kernel<NsKernelParams, sfdt_ns_forcing_f64, false>}},
      {"sfdt_ns_forcing_f32", {run_kernel<NsKernelParams, sfdt_ns_forcing_f32, false>}},
      {"sfdt_ns_rk4_first_f64", {run_kernel<NsKernelParams, sfdt_ns_rk4_first_f64, false>}},
      {"sfdt_ns_rk4_first_f32", {run_kernel<NsKernelParams, sfdt_ns_rk4_first_f32, false>}},
      {"sfdt_ns_rk4_mid_half_f64", {run_kernel<NsKernelParams, sfdt_ns_rk4_mid_half_f64, false>}},
      {"sfdt_ns_rk4_mid_half_f32", {run_kernel<NsKernelParams, sfdt_ns_rk4_mid_half_f32, false>}},
      {"sfdt_ns_rk4_mid_full_f64", {run_kernel<NsKernelParams, sfdt_ns_rk4_mid_full_f64, false>}},
      {"sfdt_ns_rk4_mid_full_f32", {run_kernel<NsKernelParams, sfdt_ns_rk4_mid_full_f32, false>}},
      {"sfdt_ns_rk4_last_f64", {run_kernel<NsKernelParams, sfdt_ns_rk4_last_f64, false>}},
      {"sfdt_ns_rk4_last_f32", {run_kernel<NsKernelParams, sfdt_ns_rk4_last_f32, false>}},
      {"sfdt_ns_phase_noise_f64", {run_kernel<NsKernelParams, sfdt_ns_phase_noise_f64, false>}},
      {"sfdt_ns_phase_noise_f32", {run_kernel<NsKernelParams, sfdt_ns_phase_noise_f32, false>}},
      // Allen–Cahn (semilinear.cu)
      {"sfdt_semi_reaction_f64", {run_kernel<SemiCellParams, sfdt_semi_reaction_f64, false>}},
      {"sfdt_semi_reaction_f32", {run_kernel<SemiCellParams, sfdt_semi_reaction_f32, false>}},
      {"sfdt_semi_reaction_scaled_f64", {run_kernel<SemiCellParams, sfdt_semi_reaction_scaled_f64, false>}},
      {"sfdt_semi_reaction_scaled_f32", {run_kernel<SemiCellParams, sfdt_semi_reaction_scaled_f32, false>}},
      {"sfdt_semi_stage_half_f64", {run_kernel<SemiCellParams, sfdt_semi_stage_half_f64, false>}},
      {"sfdt_semi_stage_half_f32", {run_kernel<SemiCellParams, sfdt_semi_stage_half_f32, false>}},
      {"sfdt_semi_stage_full_f64", {run_kernel<SemiCellParams, sfdt_semi_stage_full_f64, false>}},
      {"sfdt_semi_stage_full_f32", {run_kernel<SemiCellParams, sfdt_semi_stage_full_f32, false>}},
      {"sfdt_semi_combine_f64", {run_kernel<SemiCellParams, sfdt_semi_combine_f64, false>}},
      {"sfdt_semi_combine_f32", {run_kernel<SemiCellParams, sfdt_semi_combine_f32, false>}},
      {"sfdt_semi_scale_f64", {run_kernel<SemiCellParams, sfdt_semi_scale_f64, false>}},
      {"sfdt_semi_scale_f32", {run_kernel<SemiCellParams, sfdt_semi_scale_f32, false>}},
      {"sfdt_semi_increment_f64", {run_kernel<SemiCellParams, sfdt_semi_increment_f64, false>}},
      {"sfdt_semi_increment_f32", {run_kernel<SemiCellParams, sfdt_semi_increment_f32, false>}},
      {"sfdt_semi_etd_finish_f64", {run_kernel<SemiCellParams, sfdt_semi_etd_finish_f64, false>}},
      {"sfdt_semi_etd_finish_f32", {run_kernel<SemiCellParams, sfdt_semi_etd_finish_f32, false>}},
      {"sfdt_semi_drift_f64", {run_kernel<SemiModeParams, sfdt_semi_drift_f64, false>}},
      {"sfdt_semi_drift_f32", {run_kernel<SemiModeParams, sfdt_semi_drift_f32, false>}},
      {"sfdt_semi_noise_f64", {run_kernel<SemiModeParams, sfdt_semi_noise_f64, false>}},
      {"sfdt_semi_noise_f32", {run_kernel<SemiModeParams, sfdt_semi_noise_f32, false>}},
      {"sfdt_semi_etd1_f64", {run_kernel<SemiModeParams, sfdt_semi_etd1_f64, false>}},
      {"sfdt_semi_etd1_f32", {run_kernel<SemiModeParams, sfdt_semi_etd1_f32, false>}},
      {"sfdt_semi_etd2_f64", {run_kernel<SemiModeParams, sfdt_semi_etd2_f64, false>}},
      {"sfdt_semi_etd2_f32", {run_kernel<SemiModeParams, sfdt_semi_etd2_f32, false>}},
      {"sfdt_lagged_push", {run_kernel<LaggedPushParams, sfdt_lagged_push, false>}},
      {"sfdt_lagged_column_f64", {run_kernel<LaggedColumnParams, sfdt_lagged_column_f64, false>}},
      {"sfdt_lagged_column_f32", {run_kernel<LaggedColumnParams, sfdt_lagged_column_f32, false>}},
      {"sfdt_lagged_modes", {run_kernel<LaggedModeParams, sfdt_lagged_modes, false>}},
      {"sfdt_lagged_cyclic_f64", {run_kernel<LaggedColumnParams, sfdt_lagged_cyclic_f64, false>}},
      {"sfdt_lagged_matrix_push", {run_kernel<LaggedMatrixParams, sfdt_lagged_matrix_push, false>}},
      {"sfdt_lagged_matrix", {run_kernel<LaggedMatrixParams, sfdt_lagged_matrix, false>}},
      {"sfdt_conj_affine_f64", {run_kernel<ConjAffineParams, sfdt_conj_affine_f64, false>}},
      {"sfdt_conj_gaussian_f64", {run_kernel<ConjGaussianParams, sfdt_conj_gaussian_f64, false>}},
      {"sfdt_conj_matvec_f64", {run_kernel<ConjMatvecParams, sfdt_conj_matvec_f64, false>}},
      {"sfdt_conj_linear_add_f64", {run_kernel<ConjLinearAddParams, sfdt_conj_linear_add_f64, false>}},
      {"sfdt_conj_local_poly_f64", {run_kernel<ConjLocalPolyParams, sfdt_conj_local_poly_f64, false>}},
      // device conjugates of the reproduction job (grid_conjugate.cu)
      {"sfdt_rows_scale_f64", {run_kernel<RowsScaleParams, sfdt_rows_scale_f64, false>}},
      {"sfdt_dsm_input_f64", {run_kernel<DsmInputParams, sfdt_dsm_input_f64, false>}},
      {"sfdt_allen_cahn_conjugate_f64", {run_kernel<AllenCahnConjugateParams, sfdt_allen_cahn_conjugate_f64, false>}},
      {"sfdt_truth_kick", {run_kernel<TruthParams, sfdt_truth_kick, false>}},
      {"sfdt_truth_moment_blocks", {run_kernel<TruthParams, sfdt_truth_moment_blocks, false>}},
      {"sfdt_truth_moment_merge", {run_kernel<TruthParams, sfdt_truth_moment_merge, false>}},
      {"sfdt_truth_pairs", {run_kernel<TruthParams, sfdt_truth_pairs, false>}},
      {"sfdt_truth_projection_blocks", {run_kernel<TruthParams, sfdt_truth_projection_blocks, false>}},
      {"sfdt_truth_projection_merge", {run_kernel<TruthParams, sfdt_truth_projection_merge, false>}},
      // score kernels (CudaMlp's products go to fake_libcublas)
      {"sfdt_mlp_fused_f32_r1", {run_kernel<MlpFusedParams<float>, sfdt_mlp_fused_f32_r1, true>}},
      {"sfdt_mlp_fused_f32_r2", {run_kernel<MlpFusedParams<float>, sfdt_mlp_fused_f32_r2, true>}},
      {"sfdt_mlp_fused_f32_r4", {run_kernel<MlpFusedParams<float>, sfdt_mlp_fused_f32_r4, true>}},
      {"sfdt_mlp_fused_f64_r1", {run_kernel<MlpFusedParams<double>, sfdt_mlp_fused_f64_r1, true>}},
      {"sfdt_mlp_fused_f64_r2", {run_kernel<MlpFusedParams<double>, sfdt_mlp_fused_f64_r2, true>}},
      {"sfdt_mlp_fused_f64_r4", {run_kernel<MlpFusedParams<double>, sfdt_mlp_fused_f64_r4, true>}},
      {"sfdt_mlp_hidden_f32", {run_kernel<LayerParams<float>, sfdt_mlp_hidden_f32, false>}},
      {"sfdt_mlp_hidden_f64", {run_kernel<LayerParams<double>, sfdt_mlp_hidden_f64, false>}},
      {"sfdt_mlp_output_f32", {run_kernel<LayerParams<float>, sfdt_mlp_output_f32, false>}},
      {"sfdt_mlp_output_f64", {run_kernel<LayerParams<double>, sfdt_mlp_output_f64, false>}},
      {"sfdt_mlp_delta_f32", {run_kernel<LayerParams<float>, sfdt_mlp_delta_f32, false>}},
      {"sfdt_mlp_delta_f64", {run_kernel<LayerParams<double>, sfdt_mlp_delta_f64, false>}},
      {"sfdt_dsm_residual_f64", {run_kernel<ReduceParams, sfdt_dsm_residual_f64, true>}},
      {"sfdt_sum_sq_f64", {run_kernel<ReduceParams, sfdt_sum_sq_f64, true>}},
      {"sfdt_sum_partials_f64", {run_kernel<ReduceParams, sfdt_sum_partials_f64, true>}},
      {"sfdt_adam_f64", {run_kernel<AdamParams, sfdt_adam_f64, false>}},
      {"sfdt_ema_f64", {run_kernel<EmaParams, sfdt_ema_f64, false>}},
      {"sfdt_kde_f64_d1", {run_kernel<KdeF64Params, sfdt_kde_f64_d1, true>}},
      {"sfdt_kde_f64_d2", {run_kernel<KdeF64Params, sfdt_kde_f64_d2, true>}},
      {"sfdt_kde_f64_d3", {run_kernel<KdeF64Params, sfdt_kde_f64_d3, true>}},
      {"sfdt_kde_f64_d4", {run_kernel<KdeF64Params, sfdt_kde_f64_d4, true>}},
      {"sfdt_kde_f64_d5", {run_kernel<KdeF64Params, sfdt_kde_f64_d5, true>}},
      {"sfdt_kde_f64_d6", {run_kernel<KdeF64Params, sfdt_kde_f64_d6, true>}},
      {"sfdt_kde_f64_d7", {run_kernel<KdeF64Params, sfdt_kde_f64_d7, true>}},
      {"sfdt_kde_f64_d8", {run_kernel<KdeF64Params, sfdt_kde_f64_d8, true>}},
      {"sfdt_kde_f32_d1", {run_kernel<KdeF32Params, sfdt_kde_f32_d1, true>}},
      {"sfdt_kde_f32_div_d1", {run_kernel<KdeF32Params, sfdt_kde_f32_div_d1, true>}},
      {"sfdt_kde_f32_d2", {run_kernel<KdeF32Params, sfdt_kde_f32_d2, true>}},
      {"sfdt_kde_f32_div_d2", {run_kernel<KdeF32Params, sfdt_kde_f32_div_d2, true>}},
      {"sfdt_kde_f32_d3", {run_kernel<KdeF32Params, sfdt_kde_f32_d3, true>}},
      {"sfdt_kde_f32_div_d3", {run_kernel<KdeF32Params, sfdt_kde_f32_div_d3, true>}},
      {"sfdt_kde_f32_d4", {run_kernel<KdeF32Params, sfdt_kde_f32_d4, true>}},
      {"sfdt_kde_f32_div_d4", {run_kernel<KdeF32Params, sfdt_kde_f32_div_d4, true>}},
      {"sfdt_kde_f32_d5", {run_kernel<KdeF32Params, sfdt_kde_f32_d5, true>}},
      {"sfdt_kde_f32_div_d5", {run_kernel<KdeF32Params, sfdt_kde_f32_div_d5, true>}},
      {"sfdt_kde_f32_d6", {run_kernel<KdeF32Params, sfdt_kde_f32_d6, true>}},
      {"sfdt_kde_f32_div_d6", {run_kernel<KdeF32Params, sfdt_kde_f32_div_d6, true>}},
      {"sfdt_kde_f32_d7", {run_kernel<KdeF32Params, sfdt_kde_f32_d7, true>}},
      {"sfdt_kde_f32_div_d7", {run_kernel<KdeF32Params, sfdt_kde_f32_div_d7, true>}},
      {"sfdt_kde_f32_d8", {run_kernel<KdeF32Params, sfdt_kde_f32_d8, true>}},
      {"sfdt_kde_f32_div_d8", {run_kernel<KdeF32Params, sfdt_kde_f32_div_d8, true>}},
      {"sfdt_kde_f32_d16", {run_kernel<KdeF32Params, sfdt_kde_f32_d16, true>}},
      {"sfdt_kde_f32_div_d16", {run_kernel<KdeF32Params, sfdt_kde_f32_div_d16, true>}},
      {"sfdt_kde_f64_any", {run_kernel<KdeF64Params, sfdt_kde_f64_any, false>}},
      {"sfdt_kde_f32_any", {run_kernel<KdeF32Params, sfdt_kde_f32_any, false>}},
      {"sfdt_cnn_layer_f64", {run_kernel<CnnLayerParams<double>, sfdt_cnn_layer_f64, false>}},
      {"sfdt_cnn_layer_f32", {run_kernel<CnnLayerParams<float>, sfdt_cnn_layer_f32, false>}},
      {"sfdt_cnn_train_layer_f64", {run_kernel<CnnTrainLayerParams, sfdt_cnn_train_layer_f64, false>}},
      {"sfdt_cnn_input_grad_f64", {run_kernel<CnnInputGradParams, sfdt_cnn_input_grad_f64, false>}},
      {"sfdt_cnn_param_grad_f64", {run_kernel<CnnParamGradParams, sfdt_cnn_param_grad_f64, false>}},
      {"sfdt_nearest_f64", {run_kernel<NearestParams, sfdt_nearest_f64, false>}},
      {"sfdt_kernel_interp_f64", {run_kernel<InterpParams, sfdt_kernel_interp_f64, false>}}};
  return k;
}

int module_token;

}  // namespace

#define API extern "C" __attribute__((visibility("default")))

API int cuInit(unsigned) { return OK; }
API int cuDriverGetVersion(int* v) { *v = 13000; return OK; }
API int cuDeviceGetCount(int* n) { *n = 1; return OK; }
API int cuDeviceGet(int* d, int ordinal) { if (ordinal != 0) return INVALID_VALUE; *d = 0; return OK; }
API int cuDeviceGetName(char* name, int len, int) { std::snprintf(name, (size_t)len, "ScoreFDT emulated device"); return OK; }
API int cuDeviceTotalMem_v2(size_t* bytes, int) { *bytes = TOTAL; return OK; }
API int cuDeviceGetAttribute(int* v, int attr, int) {
  switch (attr) {
    case 75: *v = 9; break;        // COMPUTE_CAPABILITY_MAJOR
    case 76: *v = 0; break;        // COMPUTE_CAPABILITY_MINOR
    case 16: *v = 2; break;        // MULTIPROCESSOR_COUNT
    case 97: *v = 232448; break;   // MAX_SHARED_MEMORY_PER_BLOCK_OPTIN
    default: *v = 0;
  }
  return OK;
}
API int cuDevicePrimaryCtxRetain(void** ctx, int) { *ctx = &module_token; return OK; }
API int cuCtxSetCurrent(void*) { return OK; }
API int cuCtxSynchronize() { return OK; }
API int cuCtxSynchronize_v2(void*) { return OK; }
API int cuMemGetInfo_v2(size_t* free_bytes, size_t* total) {
  std::lock_guard<std::mutex> g(lock);
  *free_bytes = TOTAL - used;
  *total = TOTAL;
  return OK;
}
API int cuMemAlloc_v2(unsigned long long* ptr, size_t bytes) {
  std::lock_guard<std::mutex> g(lock);
  if (bytes == 0) return INVALID_VALUE;
  if (bytes > TOTAL - used) return OUT_OF_MEMORY;
  void* p = std::aligned_alloc(256, (bytes + 255) / 256 * 256);
  if (!p) return OUT_OF_MEMORY;
  allocations[p] = bytes;
  used += bytes;
  *ptr = (unsigned long long)p;
  return OK;
}
API int cuMemFree_v2(unsigned long long ptr) {
  std::lock_guard<std::mutex> g(lock);
  auto it = allocations.find((void*)ptr);
  if (it == allocations.end()) return INVALID_VALUE;
  used -= it->second;
  allocations.erase(it);
  std::free((void*)ptr);
  return OK;
}
API int cuMemcpyHtoD_v2(unsigned long long dst, const void* src, size_t n) { std::memcpy((void*)dst, src, n); return OK; }
API int cuMemcpyDtoH_v2(void* dst, unsigned long long src, size_t n) { std::memcpy(dst, (const void*)src, n); return OK; }
API int cuMemcpyDtoD_v2(unsigned long long dst, unsigned long long src, size_t n) { std::memmove((void*)dst, (const void*)src, n); return OK; }
API int cuMemsetD8_v2(unsigned long long dst, unsigned char v, size_t n) { std::memset((void*)dst, v, n); return OK; }
API int cuModuleLoadData(void** module, const void*) { *module = &module_token; return OK; }
API int cuModuleGetFunction(const Kernel** f, void*, const char* name) {
  auto it = kernels().find(name);
  if (it == kernels().end()) return NOT_FOUND;
  *f = &it->second;
  return OK;
}
API int cuFuncSetAttribute(const Kernel*, int, int) { return OK; }
API int cuFuncGetAttribute(int* v, int, const Kernel*) { *v = 0; return OK; }
API int cuLaunchKernel(const Kernel* f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                       unsigned shared, void*, void** params, void**) {
  if (gy != 1 || gz != 1 || by != 1 || bz != 1 || bx > 1024 || shared > sizeof(smem) || !params) return INVALID_VALUE;
  f->run(gx, bx, params[0]);
  return OK;
}
API int cuGetErrorName(int e, const char** s) {
  *s = e == OK ? "CUDA_SUCCESS" : e == INVALID_VALUE ? "CUDA_ERROR_INVALID_VALUE" : e == OUT_OF_MEMORY ? "CUDA_ERROR_OUT_OF_MEMORY"
     : e == NOT_FOUND ? "CUDA_ERROR_NOT_FOUND" : "CUDA_ERROR_UNKNOWN";
  return OK;
}
API int cuGetErrorString(int e, const char** s) {
  *s = e == OUT_OF_MEMORY ? "out of memory" : e == NOT_FOUND ? "named symbol not found" : "emulated error";
  return OK;
}
