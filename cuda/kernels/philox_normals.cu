// philox_normals.cu — fills a [members][count] block with the
// noise normals of one step, using exactly the per-element body the CPU runs (philox.h). The GPU
// parity test compares its output bit for bit with sfdt_philox_normals on the CPU.
#include "scorefdt/philox.h"
#include "scorefdt/cuda_params.h"

extern "C" __global__ void sfdt_philox_normals_kernel(PhiloxNormalsParams p) {
  long long pairs = (p.count + 1) / 2;
  long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= p.members * pairs) return;
  long long m = t / pairs, j = t % pairs;
  sfdt::NoiseKey key = sfdt::noise_key(p.seed, p.stream, (unsigned long long)(p.member_offset + m),
                                       (unsigned long long)p.step);
  double z0, z1;
  sfdt::normal_pair(key, (unsigned int)j, &z0, &z1);
  double* row = p.out + m * p.count;
  row[2 * j] = z0;
  if (2 * j + 1 < p.count) row[2 * j + 1] = z1;
}
