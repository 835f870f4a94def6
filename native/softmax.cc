// Softmax along the last axis of contiguous rows, and its adjoint: attention weights and class
// probabilities in one pass each way instead of the max, shift, exp, sum and divide kernels
// (and their gradients) of the composition; and the causal attention weights, which also take the
// place of the scale and the mask. The spec is src/backends/fallback/softmax.ts.
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

// The keys row r of causal [queries, size] matrices sees (0..r mod queries); with queries 0, all.
int64_t visibleKeys(int64_t r, int64_t queries, int64_t size) {
  return queries == 0 ? size : std::min<int64_t>(r % queries + 1, size);
}

// Rows are done in chunks of at least this many elements: each row's shift first, then one call
// of the vectorized exp over the chunk, then each row's sum and division. A call per row cost as
// much as the exps themselves on attention's rows of 64 (or fewer, causal).
constexpr int64_t kExpChunk = 2048;

// The softmax of scale · x over each of rows [begin, end) of `size` elements, row r over its first
// visibleKeys of them and 0 after (with queries 0, the whole row).
void softmaxRows(const float* x, float* out, int64_t begin, int64_t end, int64_t size, float scale,
                 int64_t queries) {
  const int64_t chunkRows = std::max<int64_t>(1, kExpChunk / std::max<int64_t>(size, 1));
  for (int64_t r0 = begin; r0 < end; r0 += chunkRows) {
    const int64_t r1 = std::min(end, r0 + chunkRows);
    for (int64_t r = r0; r < r1; ++r) {
      const float* xr = x + r * size;
      float* o = out + r * size;
      const int64_t v = visibleKeys(r, queries, size);
      for (int64_t c = 0; c < v; ++c) o[c] = scale * xr[c];
      // NaN wins, as Math.max in the reference. An infinite maximum makes the row NaN (∞ − ∞), as
      // in PyTorch.
      const float max = rowMax(o, v);
      for (int64_t c = 0; c < v; ++c) o[c] -= max;
      for (int64_t c = v; c < size; ++c) o[c] = 0.0f;  // exp'd with the rest, zeroed again below
    }
    transcendentalF32(Transcendental::Exp, out + r0 * size, out + r0 * size, static_cast<size_t>((r1 - r0) * size));
    for (int64_t r = r0; r < r1; ++r) {
      float* o = out + r * size;
      const int64_t v = visibleKeys(r, queries, size);
      const float inverse = 1.0f / rowSum(o, v);  // NOTE(lane-sums); a product, as PyTorch's
      for (int64_t c = 0; c < v; ++c) o[c] *= inverse;
      for (int64_t c = v; c < size; ++c) o[c] = 0.0f;
    }
  }
}

// dx = scale · y·(dy − Σ dy·y) over a row's first `visible` elements, zeros after them.
void causalBackwardRow(const float* y, const float* dy, float* dx, int64_t visible, int64_t size, float scale) {
  const float d = laneSum(
      visible, [&](int64_t c) { return loadLanes(dy + c) * loadLanes(y + c); },
      [&](int64_t c) { return dy[c] * y[c]; });
  for (int64_t c = 0; c < visible; ++c) dx[c] = scale * (y[c] * (dy[c] - d));
  for (int64_t c = visible; c < size; ++c) dx[c] = 0.0f;
}

// Rows per thread for a causal matrix: as for a full one of half its keys.
int64_t causalRowsPerThread(int64_t keys) { return rowsPerThread((keys + 1) / 2); }

}  // namespace

// Entry points (see binding.h): `rows` rows of `size` elements.
void softmaxEntry(F32 x, Size rows, Size size, F32 out) {
  if (!fits(rows * size, x.length, "x") || !fits(rows * size, out.length, "out")) return;
  parallelFor(rows, rowsPerThread(size), 1, [&](int64_t begin, int64_t end) {
    softmaxRows(x.data, out.data, begin, end, size, 1.0f, 0);
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

// Causal attention weights (src/backends/types.ts, causalSoftmax): `batch` matrices of `queries`
// rows of `keys`, row i seeing keys 0..i.
void causalSoftmaxEntry(F32 x, Size batch, Size queries, Size keys, double scale, F32 out) {
  const int64_t rows = batch * queries, n = rows * keys;
  if (!fits(n, x.length, "x") || !fits(n, out.length, "out")) return;
  const float s = static_cast<float>(scale);
  parallelFor(rows, causalRowsPerThread(keys), 1, [&](int64_t begin, int64_t end) {
    softmaxRows(x.data, out.data, begin, end, keys, s, queries);
  });
}
NABLA_EXPORT(causalSoftmax, causalSoftmaxEntry);

void causalSoftmaxBackwardEntry(F32 y, F32 dy, Size batch, Size queries, Size keys, double scale, F32 dx) {
  const int64_t rows = batch * queries, n = rows * keys;
  if (!fits(n, y.length, "y") || !fits(n, dy.length, "dy") || !fits(n, dx.length, "dx")) return;
  const float s = static_cast<float>(scale);
  parallelFor(rows, causalRowsPerThread(keys), 1, [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      const int64_t at = r * keys;
      causalBackwardRow(y.data + at, dy.data + at, dx.data + at, visibleKeys(r, queries, keys), keys, s);
    }
  });
}
NABLA_EXPORT(causalSoftmaxBackward, causalSoftmaxBackwardEntry);

}  // namespace nabla
