// sgemm for AVX2 + FMA (Haswell, Zen 1-3, and later), compiled with -mavx2 -mfma.
// 6×16 micro-tile: 12 ymm accumulators + 2 for B + 1 broadcast of the 16 registers, the
// BLIS Haswell shape. The k loop issues 12 FMAs against 8 loads per step, enough to keep two
// FMA pipes busy (latency 4 × 2 pipes needs at least 8 independent accumulators).
#if defined(__x86_64__) || defined(_M_X64)
#define NABLA_VEC_BYTES 32
#define NABLA_MR 6
#define NABLA_NV 2
#define NABLA_MC 144
#define NABLA_KC 256
#define NABLA_NC 2048
#define NABLA_FEW_ROWS NABLA_MC
#define NABLA_K_UNROLL 1
#define NABLA_IMPL gemmAvx2
#define NABLA_IMPL_NAME "avx2"
#include "gemm-kernel.h"
#endif
