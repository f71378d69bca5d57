// fake_libcuda.cpp — a stand-in libcuda.so.1 for end-to-end tests of the Java CUDA tier on machines
// without a GPU: one "device" whose memory is host memory (cuMemAlloc = malloc, copies = memcpy)
// and whose kernels are our own kernel sources run by cuda_emulation.h, dispatched by name. Loaded
// instead of the driver (LD_LIBRARY_PATH) under the presets' libjnicudart, it lets the Java side —
// context, KernelModule, KernelStructs, DeviceBuffer, integrators, accumulators, errors — run for
// real (FakeDriverTest). Only what the backend calls is implemented; everything else is absent and,
// bound lazily, never resolved. cuFFT is not faked (spectral paths need the real library).
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
      {"sfdt_lagged_push", {run_kernel<LaggedPushParams, sfdt_lagged_push, false>}},
      {"sfdt_lagged_column_f64", {run_kernel<LaggedColumnParams, sfdt_lagged_column_f64, false>}},
      {"sfdt_lagged_column_f32", {run_kernel<LaggedColumnParams, sfdt_lagged_column_f32, false>}},
      {"sfdt_lagged_modes", {run_kernel<LaggedModeParams, sfdt_lagged_modes, false>}}};
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
