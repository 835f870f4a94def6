// sgemm for AVX-512F (Skylake-X, Ice Lake, Zen 4/5), compiled with -mavx512f.
// 8×32 micro-tile: 16 zmm accumulators + 2 for B; 16 FMAs per depth step against 2 loads and 8
// broadcasts. With 16 floats per FMA it doubles the AVX2 flops per instruction.
#if defined(__x86_64__) || defined(_M_X64)
#define NABLA_VEC_BYTES 64
#define NABLA_MR 8
#define NABLA_NV 2
#define NABLA_MC 128
#define NABLA_KC 256
#define NABLA_NC 2048
#define NABLA_FEW_ROWS 256
#define NABLA_K_UNROLL 4
#define NABLA_IMPL gemmAvx512
#define NABLA_IMPL_NAME "avx512"
#include "gemm-kernel.h"
#endif
