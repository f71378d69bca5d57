// normals.h — the CPU entry to philox.h's fill_normals, compiled twice (AVX2 and baseline x86-64)
// and picked at load time: the same IEEE operations either way (FMA contraction is off), so the
// bits do not depend on the machine; only the speed does.
#pragma once
#include <stdint.h>
#include "scorefdt/philox.h"

namespace sfdt_cpu {
void fill_normals(const sfdt::NoiseKey& key, double* out, int64_t count);
void fill_normals(const sfdt::NoiseKey& key, float* out, int64_t count);
}  // namespace sfdt_cpu
