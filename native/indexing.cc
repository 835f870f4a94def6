// indexAdd on float32: out[o, index[j], i] += src[o, j, i] for a contiguous [outer, size, inner]
// out and [outer, count, inner] src (an embedding's backward, a scatter of rows). Each element's
// additions run in j order, float32 adds as the reference kernel's (src/backends/reference/
// indexing.ts) rounded stores, so the two agree exactly.
#include "binding.h"

#include <cstdint>

namespace nabla {

namespace {

void indexAddF32(float* out, int64_t outer, int64_t size, int64_t inner, const int32_t* index, int64_t count,
                 const float* src) {
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t j = 0; j < count; ++j) {
      float* row = out + (o * size + index[j]) * inner;
      const float* from = src + (o * count + j) * inner;
      for (int64_t i = 0; i < inner; ++i) row[i] += from[i];
    }
  }
}

}  // namespace

// Entry point (see binding.h).
void indexAddEntry(F32 out, Size outer, Size size, Size inner, I32 index, F32 src) {
  const int64_t count = index.length;
  if (!fits(outer * size * inner, out.length, "out") || !fits(outer * count * inner, src.length, "src")) return;
  for (int64_t j = 0; j < count; ++j) {
    if (!check(index.data[j] >= 0 && index.data[j] < size, "index out of range")) return;
  }
  indexAddF32(out.data, outer, size, inner, index.data, count, src.data);
}
NABLA_EXPORT(indexAdd, indexAddEntry);

}  // namespace nabla
