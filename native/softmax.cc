// Softmax along the last axis of contiguous rows, and its adjoint: attention weights and class
// probabilities in one pass each way instead of the max, shift, exp, sum and divide kernels
// (and their gradients) of the composition. The spec is src/backends/fallback/softmax.ts.
#include <algorithm>
#include <cmath>

#include "binding.h"
#include "lane-sum.h"
#include "thread-pool.h"
#include "transcendental.h"

namespace nabla {
namespace {

// Rows per thread: at least this many elements, or one thread does them all.
constexpr int64_t kElementsPerThread = 16384;

int64_t rowsPerThread(int64_t size) { return std::max<int64_t>(1, kElementsPerThread / std::max<int64_t>(size, 1)); }

void softmaxRow(const float* x, float* out, int64_t size) {
  // NaN wins, as Math.max in the reference. An infinite maximum makes the row NaN (∞ − ∞), as in
  // PyTorch.
  const float max = rowMax(x, size);
  for (int64_t c = 0; c < size; ++c) out[c] = x[c] - max;
  transcendentalF32(Transcendental::Exp, out, out, static_cast<size_t>(size));
  const float total = rowSum(out, size);  // NOTE(lane-sums)
  for (int64_t c = 0; c < size; ++c) out[c] /= total;
}

}  // namespace

// Entry points (see binding.h): `rows` rows of `size` elements.
void softmaxEntry(F32 x, Size rows, Size size, F32 out) {
  if (!fits(rows * size, x.length, "x") || !fits(rows * size, out.length, "out")) return;
  parallelFor(rows, rowsPerThread(size), 1, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) softmaxRow(x.data + i * size, out.data + i * size, size);
  });
}
NABLA_EXPORT(softmax, softmaxEntry);

void softmaxBackwardEntry(F32 y, F32 dy, Size rows, Size size, F32 dx) {
  const int64_t n = rows * size;
  if (!fits(n, y.length, "y") || !fits(n, dy.length, "dy") || !fits(n, dx.length, "dx")) return;
  parallelFor(rows, rowsPerThread(size), 1, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      const float* yr = y.data + i * size;
      const float* dyr = dy.data + i * size;
      float* dxr = dx.data + i * size;
      const float d = laneSum(
          size, [&](int64_t c) { return loadLanes(dyr + c) * loadLanes(yr + c); },
          [&](int64_t c) { return dyr[c] * yr[c]; });
      for (int64_t c = 0; c < size; ++c) dxr[c] = yr[c] * (dyr[c] - d);
    }
  });
}
NABLA_EXPORT(softmaxBackward, softmaxBackwardEntry);

}  // namespace nabla
