// dst[view] = src[view] for float32 views of any rank and strides: the copies behind contiguous(),
// permute/transpose, the head split and merge of attention, and the gradients of narrow, select
// and cat (assign into a slice). JavaScript coalesces the dimensions first, so the rank is small
// and the innermost loop long; this walks the outer index like an odometer.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "binding.h"
#include "thread-pool.h"

namespace nabla {
namespace {

constexpr int64_t kElementsPerThread = 32768;

// The lowest and highest element a view reaches from its offset.
void extent(int64_t offset, const int32_t* shape, const int32_t* strides, int64_t rank, int64_t* low, int64_t* high) {
  *low = *high = offset;
  for (int64_t d = 0; d < rank; ++d) {
    const int64_t span = static_cast<int64_t>(shape[d] - 1) * strides[d];
    if (span < 0) *low += span;
    else *high += span;
  }
}

}  // namespace

// Entry point (see binding.h): shape, srcStrides and dstStrides have the same length (the rank);
// every extent must be inside its array.
void stridedCopyEntry(F32 src, Size srcOffset, I32 srcStrides, F32 dst, Size dstOffset, I32 dstStrides, I32 shape) {
  const int64_t rank = shape.length;
  if (!check(rank >= 1 && srcStrides.length == rank && dstStrides.length == rank, "rank mismatch")) return;
  int64_t n = 1;
  for (int64_t d = 0; d < rank; ++d) n *= shape.data[d];
  if (n == 0) return;
  if (!check(n > 0, "negative size")) return;
  int64_t lo = 0, hi = 0;
  extent(srcOffset, shape.data, srcStrides.data, rank, &lo, &hi);
  if (!check(lo >= 0 && hi < src.length, "src view outside its array")) return;
  extent(dstOffset, shape.data, dstStrides.data, rank, &lo, &hi);
  if (!check(lo >= 0 && hi < dst.length, "dst view outside its array")) return;

  const int64_t inner = shape.data[rank - 1];
  const int64_t si = srcStrides.data[rank - 1], di = dstStrides.data[rank - 1];
  const int64_t rows = n / inner;
  const int32_t* dims = shape.data;
  const int32_t* ss = srcStrides.data;
  const int32_t* ds = dstStrides.data;
  parallelFor(rows, std::max<int64_t>(1, kElementsPerThread / inner), 1, [&](int64_t begin, int64_t end) {
    // The odometer over the outer dimensions, started at row `begin`.
    std::vector<int64_t> index(static_cast<size_t>(rank), 0);
    int64_t so = srcOffset, dof = dstOffset;
    for (int64_t d = rank - 2, r = begin; d >= 0; --d) {
      index[d] = r % dims[d];
      r /= dims[d];
      so += index[d] * ss[d];
      dof += index[d] * ds[d];
    }
    for (int64_t row = begin; row < end; ++row) {
      const float* s = src.data + so;
      float* t = dst.data + dof;
      if (si == 1 && di == 1) std::memmove(t, s, static_cast<size_t>(inner) * sizeof(float));
      else for (int64_t i = 0; i < inner; ++i) t[i * di] = s[i * si];
      for (int64_t d = rank - 2; d >= 0; --d) {
        so += ss[d];
        dof += ds[d];
        if (++index[d] < dims[d]) break;
        so -= static_cast<int64_t>(dims[d]) * ss[d];
        dof -= static_cast<int64_t>(dims[d]) * ds[d];
        index[d] = 0;
      }
    }
  });
}
NABLA_EXPORT(stridedCopy, stridedCopyEntry);

}  // namespace nabla
