// Fused softmax cross-entropy over the rows of a contiguous float32 [rows, classes] array against
// int32 class targets (see softmaxCrossEntropy in src/backends/types.ts). exp goes through the
// vectorized transcendentals; sums are in double.
#pragma once

#include <cstdint>

namespace nabla {

void softmaxCrossEntropyF32(const float* logits, const int32_t* targets, int64_t rows, int64_t classes,
                            int64_t ignoreIndex, float* losses, float* lse);

void softmaxCrossEntropyBackwardF32(const float* logits, const int32_t* targets, const float* lse,
                                    const float* dLosses, int64_t rows, int64_t classes, int64_t ignoreIndex,
                                    float* dLogits);

}  // namespace nabla
