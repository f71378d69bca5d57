// normals.cpp — see normals.h.
#include "normals.h"

namespace sfdt_cpu {

__attribute__((target_clones("avx2", "default")))
void fill_normals(const sfdt::NoiseKey& key, double* out, int64_t count) {
  sfdt::fill_normals(key, out, count);
}

__attribute__((target_clones("avx2", "default")))
void fill_normals(const sfdt::NoiseKey& key, float* out, int64_t count) {
  sfdt::fill_normals(key, out, count);
}

}  // namespace sfdt_cpu
