// The direct convolution's inner loops (conv-direct-kernel.h) in AVX2 + FMA, compiled with
// -mavx2 -mfma: vectors of 8 outputs, forward blocks of 6 channels × 2 vectors (12 of the 16
// registers accumulate).
#if defined(__x86_64__) || defined(_M_X64)
#define NABLA_LANES 8
#define NABLA_NV 2
#define NABLA_FORWARD convWideForwardAvx2
#define NABLA_WEIGHT convWideWeightAvx2
#include "conv-direct-kernel.h"
#endif
