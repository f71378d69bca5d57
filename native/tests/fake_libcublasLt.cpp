// fake_libcublasLt.cpp — an (almost) empty libcublasLt.so.13 so that the presets' libjnicublas, which
// needs both cuBLAS libraries, loads against fake_libcublas on machines without CUDA's libraries.
#include <cstddef>
extern "C" __attribute__((visibility("default"))) size_t cublasLtGetVersion() { return 130000; }
