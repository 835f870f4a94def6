// conv-lanes.h's inner loops (conv-lanes-kernel.h) in AVX2 + FMA, compiled with -mavx2 -mfma: 8
// output channels a vector, blocks of up to 6 pairs × 2 vectors.
#if defined(__x86_64__) || defined(_M_X64)
#define NABLA_LANES 8
#define NABLA_MAX_VECTORS 2
#define NABLA_LANES_WEIGHT convLanesWeightAvx2
#define NABLA_LANES_TRANSPOSE convLanesTransposeAvx2
#define NABLA_LANES_FORWARD convLanesForwardAvx2
#include "conv-lanes-kernel.h"
#endif
