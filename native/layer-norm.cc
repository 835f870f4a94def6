// Layer normalization of contiguous rows, forward and backward, one pass each over the rows
// instead of the mean, subtract, square, mean, rsqrt, multiply and add kernels of the
// composition (and twice that backward). The spec is src/backends/fallback/layer-norm.ts.
#include <algorithm>
#include <cmath>

#include "binding.h"
#include "lane-sum.h"
#include "thread-pool.h"

namespace nabla {
namespace {

// Rows (or columns) per thread: at least this many elements, or one thread does them all.
constexpr int64_t kElementsPerThread = 16384;

int64_t perThread(int64_t length) { return std::max<int64_t>(1, kElementsPerThread / std::max<int64_t>(length, 1)); }

}  // namespace

// Entry points (see binding.h).
void layerNormEntry(F32 x, Size rows, Size size, OptionalF32 weight, OptionalF32 bias, double eps, F32 out, F32 mean,
                    F32 rstd) {
  if (!fits(rows * size, x.length, "x") || !fits(rows * size, out.length, "out") || !fits(rows, mean.length, "mean") ||
      !fits(rows, rstd.length, "rstd") || (weight.data && !fits(size, weight.length, "weight")) ||
      (bias.data && !fits(size, bias.length, "bias"))) {
    return;
  }
  const float* w = weight.data;
  const float* b = bias.data;
  parallelFor(rows, perThread(size), 1, [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      const float* xr = x.data + r * size;
      float* o = out.data + r * size;
      // In float lanes (NOTE(lane-sums)); the mean's square root in double.
      const float m = static_cast<float>(static_cast<double>(rowSum(xr, size)) / static_cast<double>(size));
      const Lanes mv = splat(m);
      const float squares = laneSum(
          size,
          [&](int64_t j) {
            const Lanes d = loadLanes(xr + j) - mv;
            return d * d;
          },
          [&](int64_t j) { return (xr[j] - m) * (xr[j] - m); });
      const float s = static_cast<float>(1.0 / std::sqrt(static_cast<double>(squares) / static_cast<double>(size) + eps));
      mean.data[r] = m;
      rstd.data[r] = s;
      if (w && b) {
        for (int64_t j = 0; j < size; ++j) o[j] = (xr[j] - m) * s * w[j] + b[j];
      } else {
        for (int64_t j = 0; j < size; ++j) o[j] = (xr[j] - m) * s * (w ? w[j] : 1.0f) + (b ? b[j] : 0.0f);
      }
    }
  });
}
NABLA_EXPORT(layerNorm, layerNormEntry);

void layerNormBackwardEntry(F32 x, F32 dy, F32 mean, F32 rstd, OptionalF32 weight, Size rows, Size size, F32 dx,
                            OptionalF32 dWeight, OptionalF32 dBias) {
  const int64_t n = rows * size;
  if (!fits(n, x.length, "x") || !fits(n, dy.length, "dy") || !fits(n, dx.length, "dx") ||
      !fits(rows, mean.length, "mean") || !fits(rows, rstd.length, "rstd") ||
      (weight.data && !fits(size, weight.length, "weight")) || (dWeight.data && !fits(size, dWeight.length, "dWeight")) ||
      (dBias.data && !fits(size, dBias.length, "dBias"))) {
    return;
  }
  const float* w = weight.data;
  parallelFor(rows, perThread(size), 1, [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      const float* xr = x.data + r * size;
      const float* dyr = dy.data + r * size;
      float* dxr = dx.data + r * size;
      const float m = mean.data[r];
      const float s = rstd.data[r];
      const Lanes mv = splat(m), sv = splat(s);
      float sumG, sumGx;
      laneSum2(
          size,
          [&](int64_t j, Lanes* u, Lanes* v) {
            const Lanes g = w ? loadLanes(dyr + j) * loadLanes(w + j) : loadLanes(dyr + j);
            *u += g;
            *v += g * ((loadLanes(xr + j) - mv) * sv);
          },
          [&](int64_t j, float* u, float* v) {
            const float g = dyr[j] * (w ? w[j] : 1.0f);
            *u += g;
            *v += g * ((xr[j] - m) * s);
          },
          &sumG, &sumGx);
      const float meanG = static_cast<float>(static_cast<double>(sumG) / static_cast<double>(size));
      const float meanGx = static_cast<float>(static_cast<double>(sumGx) / static_cast<double>(size));
      for (int64_t j = 0; j < size; ++j) {
        const float g = dyr[j] * (w ? w[j] : 1.0f);
        dxr[j] = s * (g - meanG - (xr[j] - m) * s * meanGx);
      }
    }
  });
  if (!dWeight.data && !dBias.data) return;
  // Column sums over the rows, split by columns so that each thread owns its outputs.
  parallelFor(size, perThread(rows), 1, [&](int64_t begin, int64_t end) {
    for (int64_t j = begin; j < end; ++j) {
      if (dWeight.data) dWeight.data[j] = 0.0f;
      if (dBias.data) dBias.data[j] = 0.0f;
    }
    for (int64_t r = 0; r < rows; ++r) {
      const float* xr = x.data + r * size;
      const float* dyr = dy.data + r * size;
      const float m = mean.data[r];
      const float s = rstd.data[r];
      if (dWeight.data) {
        for (int64_t j = begin; j < end; ++j) dWeight.data[j] += dyr[j] * ((xr[j] - m) * s);
      }
      if (dBias.data) {
        for (int64_t j = begin; j < end; ++j) dBias.data[j] += dyr[j];
      }
    }
  });
}
NABLA_EXPORT(layerNormBackward, layerNormBackwardEntry);

}  // namespace nabla
