// The direct convolution's inner loops (conv-direct-kernel.h) in AVX-512F, compiled with
// -mavx512f: vectors of 16 outputs, forward blocks of 6 channels × up to 4 vectors (24 of the 32
// registers accumulate).
#if defined(__x86_64__) || defined(_M_X64)
#define NABLA_LANES 16
#define NABLA_NV 4
#define NABLA_FORWARD convWideForwardAvx512
#define NABLA_WEIGHT convWideWeightAvx512
#include "conv-direct-kernel.h"
#endif
