// F(2×2, 3×3)'s transforms (conv-winograd-kernel.h) in AVX-512F, compiled with -mavx512f: 16
// tiles per vector.
#if defined(__x86_64__) || defined(_M_X64)
#define NABLA_LANES 16
#define NABLA_FILTER winogradFilterAvx512
#define NABLA_INPUT winogradInputAvx512
#define NABLA_OUTPUT winogradOutputAvx512
#include "conv-winograd-kernel.h"
#endif
