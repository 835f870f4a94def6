// F(2×2, 3×3)'s transforms (conv-winograd-kernel.h) in AVX2, compiled with -mavx2 -mfma: 8 tiles
// per vector.
#if defined(__x86_64__) || defined(_M_X64)
#define NABLA_LANES 8
#define NABLA_FILTER winogradFilterAvx2
#define NABLA_INPUT winogradInputAvx2
#define NABLA_OUTPUT winogradOutputAvx2
#include "conv-winograd-kernel.h"
#endif
