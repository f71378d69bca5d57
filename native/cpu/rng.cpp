// rng.cpp — Philox entry points for the Java parity and known-answer tests, plus status messages.
#include "scorefdt/abi.h"
#include "scorefdt/philox.h"
#include "normals.h"
#include "threads.h"

extern "C" int32_t sfdt_philox_normals(uint64_t seed, uint32_t stream, int64_t member, int64_t step,
                                       double* out, int64_t count) {
  if (!out) return SFDT_E_NULL;
  if (count < 0) return SFDT_E_ARG;
  sfdt_cpu::fill_normals(sfdt::noise_key(seed, stream, (uint64_t)member, (uint64_t)step), out, count);
  return SFDT_OK;
}

extern "C" int32_t sfdt_philox_block(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3, uint32_t k0,
                                     uint32_t k1, uint32_t* out4) {
  if (!out4) return SFDT_E_NULL;
  sfdt::Philox4 r = sfdt::philox4x32_10(c0, c1, c2, c3, k0, k1);
  for (int i = 0; i < 4; ++i) out4[i] = r.v[i];
  return SFDT_OK;
}

extern "C" int32_t sfdt_max_threads(void) { return sfdt_cpu::thread_count(0, 1 << 30); }

extern "C" const char* sfdt_status_message(int32_t code) {
  switch (code) {
    case SFDT_OK: return "ok";
    case SFDT_E_NULL: return "a required pointer was null";
    case SFDT_E_ARG: return "an argument was out of range";
    case SFDT_E_FFT: return "FFTW could not create a plan";
    case SFDT_E_NOMEM: return "out of memory";
    default: return "unknown status code";
  }
}
