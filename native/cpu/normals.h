// normals.h — the CPU's Gaussian noise: philox.h's normals, produced 8 Philox lanes at a time with
// AVX2 where the CPU has it (chosen once at load time) and by the plain scalar loop elsewhere. Both
// paths perform the same IEEE operations (FMA contraction is off), so the bits never depend on the
// machine, only the speed does; the Java parity and known-answer tests cover both.
#pragma once
#include <stdint.h>
#include "scorefdt/philox.h"

namespace sfdt_cpu {

// out[0..count) = normals of components 0..count-1 of one (seed, stream, member, step).
void fill_normals(const sfdt::NoiseKey& key, double* out, int64_t count);
void fill_normals(const sfdt::NoiseKey& key, float* out, int64_t count);

// out[m][0..d) = normals of members member0 .. member0+members−1 at one (seed, stream, step):
// lanes run over members, so short states (d = 1, 40) still fill whole vectors.
void fill_normals_members(uint64_t seed, uint32_t stream, uint64_t member0, int64_t members, uint64_t step,
                          int64_t d, double* out);
void fill_normals_members(uint64_t seed, uint32_t stream, uint64_t member0, int64_t members, uint64_t step,
                          int64_t d, float* out);

}  // namespace sfdt_cpu
