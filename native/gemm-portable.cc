// sgemm for any CPU: 16-byte vectors (SSE2 on every x86-64, NEON on arm64), compiled with the
// build's baseline flags. 4×8 micro-tile: 8 accumulators of the 16 xmm registers.
#define NABLA_VEC_BYTES 16
#define NABLA_MR 4
#define NABLA_NV 2
#define NABLA_MC 128
#define NABLA_KC 256
#define NABLA_NC 2048
#define NABLA_FEW_ROWS NABLA_MC
#define NABLA_K_UNROLL 1
#define NABLA_IMPL gemmPortable
#define NABLA_IMPL_NAME "portable"
#include "gemm-kernel.h"
