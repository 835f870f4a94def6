// Sum over the middle axis of a contiguous float32 [outer, size, inner] array into [outer, inner].
// Each output is accumulated in double, in index order, as the reference kernel does
// (src/backends/reference/reduce.ts), so the two agree exactly.
#pragma once

#include <cstdint>

namespace nabla {

void reduceSumF32(const float* x, int64_t outer, int64_t size, int64_t inner, float* out);

}  // namespace nabla
