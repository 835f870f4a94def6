// conv-lanes.h's inner loops (conv-lanes-kernel.h) in AVX-512F, compiled with -mavx512f: 16 output
// channels a vector, blocks of up to 6 pairs × 4 vectors.
#if defined(__x86_64__) || defined(_M_X64)
#define NABLA_LANES 16
#define NABLA_MAX_VECTORS 4
#define NABLA_LANES_WEIGHT convLanesWeightAvx512
#define NABLA_LANES_TRANSPOSE convLanesTransposeAvx512
#define NABLA_LANES_FORWARD convLanesForwardAvx512
#include "conv-lanes-kernel.h"
#endif
