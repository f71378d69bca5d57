// fftw_decl.h — the handful of FFTW 3 entry points we call. The FFTW presets jar ships the shared
// libraries (libfftw3.so.3, libfftw3f.so.3) but no headers; these declarations match FFTW 3's
// stable public API (fftw3.h) and nothing else is used.
#pragma once
#include <stddef.h>

extern "C" {
typedef double fftw_complex[2];
typedef float fftwf_complex[2];
typedef struct fftw_plan_s* fftw_plan;
typedef struct fftwf_plan_s* fftwf_plan;

fftw_plan fftw_plan_dft_r2c_2d(int n0, int n1, double* in, fftw_complex* out, unsigned flags);
fftw_plan fftw_plan_dft_c2r_2d(int n0, int n1, fftw_complex* in, double* out, unsigned flags);
void fftw_execute_dft_r2c(const fftw_plan p, double* in, fftw_complex* out);
void fftw_execute_dft_c2r(const fftw_plan p, fftw_complex* in, double* out);
fftw_plan fftw_plan_dft_1d(int n, fftw_complex* in, fftw_complex* out, int sign, unsigned flags);
fftw_plan fftw_plan_many_dft(int rank, const int* n, int howmany, fftw_complex* in, const int* inembed, int istride,
                             int idist, fftw_complex* out, const int* onembed, int ostride, int odist, int sign,
                             unsigned flags);
void fftw_execute_dft(const fftw_plan p, fftw_complex* in, fftw_complex* out);
void fftw_destroy_plan(fftw_plan p);
void fftwf_destroy_plan(fftwf_plan p);
void* fftw_malloc(size_t n);
void fftw_free(void* p);

fftwf_plan fftwf_plan_dft_r2c_2d(int n0, int n1, float* in, fftwf_complex* out, unsigned flags);
fftwf_plan fftwf_plan_dft_c2r_2d(int n0, int n1, fftwf_complex* in, float* out, unsigned flags);
void fftwf_execute_dft_r2c(const fftwf_plan p, float* in, fftwf_complex* out);
void fftwf_execute_dft_c2r(const fftwf_plan p, fftwf_complex* in, float* out);
}

#define SFDT_FFTW_FORWARD (-1)
#define SFDT_FFTW_BACKWARD (+1)
#define SFDT_FFTW_MEASURE (0U)
#define SFDT_FFTW_DESTROY_INPUT (1U << 0)
#define SFDT_FFTW_ESTIMATE (1U << 6)
