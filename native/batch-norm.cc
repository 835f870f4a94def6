// Batch norm over contiguous [batch, channels, plane] in training: the per-channel statistics,
// the per-channel affine map that applies them (also eval mode's whole forward), and the
// backward, each one pass per channel instead of the mean/sub/square/rsqrt/mul/add chain and its
// gradients. Work splits over channels, so every sum runs in one fixed order. The spec is
// src/backends/fallback/batch-norm.ts.
#include <algorithm>
#include <cmath>

#include "binding.h"
#include "elementwise.h"
#include "lane-sum.h"
#include "thread-pool.h"

namespace nabla {
namespace {

constexpr int64_t kElementsPerThread = 32768;

int64_t channelsPerThread(int64_t perChannel) {
  return std::max<int64_t>(1, kElementsPerThread / std::max<int64_t>(perChannel, 1));
}

bool shapesFit(int64_t n, const F32& x, int64_t channels, const F32& a, const F32& b, const char* an, const char* bn) {
  return fits(n, x.length, "x") && fits(channels, a.length, an) && fits(channels, b.length, bn);
}

}  // namespace

// Entry points (see binding.h).
void batchNormStatsEntry(F32 x, Size batch, Size channels, Size plane, F32 mean, F32 variance) {
  if (!shapesFit(batch * channels * plane, x, channels, mean, variance, "mean", "variance")) return;
  const double count = static_cast<double>(batch * plane);
  parallelFor(channels, channelsPerThread(batch * plane), 1, [&](int64_t begin, int64_t end) {
    for (int64_t c = begin; c < end; ++c) {
      // One plane in float lanes (NOTE(lane-sums)), the planes added in double.
      double sum = 0;
      for (int64_t b = 0; b < batch; ++b) sum += rowSum(x.data + (b * channels + c) * plane, plane);
      const float m = static_cast<float>(sum / count);
      const Lanes mv = splat(m);
      double squares = 0;
      for (int64_t b = 0; b < batch; ++b) {
        const float* row = x.data + (b * channels + c) * plane;
        squares += laneSum(
            plane,
            [&](int64_t i) {
              const Lanes d = loadLanes(row + i) - mv;
              return d * d;
            },
            [&](int64_t i) { return (row[i] - m) * (row[i] - m); });
      }
      mean.data[c] = m;
      variance.data[c] = static_cast<float>(squares / count);
    }
  });
}
NABLA_EXPORT(batchNormStats, batchNormStatsEntry);

void channelAffineEntry(F32 x, Size batch, Size channels, Size plane, F32 scale, F32 shift, OptionalF32 residual,
                        double lo, double hi, F32 out) {
  const int64_t n = batch * channels * plane;
  if (!shapesFit(n, x, channels, scale, shift, "scale", "shift") || !fits(n, out.length, "out") ||
      (residual.data && !fits(n, residual.length, "residual"))) {
    return;
  }
  const float low = static_cast<float>(lo), high = static_cast<float>(hi);
  // Split over (sample, channel) planes.
  parallelFor(batch * channels, channelsPerThread(plane), 1, [&](int64_t begin, int64_t end) {
    for (int64_t p = begin; p < end; ++p) {
      const int64_t c = p % channels;
      const float* r = residual.data ? residual.data + p * plane : nullptr;
      affineClamp(x.data + p * plane, scale.data[c], shift.data[c], r, low, high, out.data + p * plane, plane);
    }
  });
}
NABLA_EXPORT(channelAffine, channelAffineEntry);

// NOTE(gated-batch-norm): with `y` (the output of clamp(batch norm + residual, lo, hi)) the
// gradient entering the batch norm is the clamp's backward, bit for bit as the separate op's: for
// a ReLU (lo 0, hi +∞) relu's dy·step(y) (NaN where y is NaN, −0 for a negative dy stopped), for
// finite bounds hardTanh's dy where lo < y < hi, else +0. `gated` gets that gradient (the
// residual's) when given. Without `y`, dy enters as it is.
void batchNormBackwardEntry(F32 x, F32 dy, F32 mean, F32 rstd, OptionalF32 weight, OptionalF32 y, double lo,
                            double hi, Size batch, Size channels, Size plane, F32 dx, OptionalF32 gated,
                            OptionalF32 dWeight, OptionalF32 dBias) {
  const int64_t n = batch * channels * plane;
  if (!shapesFit(n, x, channels, mean, rstd, "mean", "rstd") || !fits(n, dy.length, "dy") ||
      !fits(n, dx.length, "dx") || (weight.data && !fits(channels, weight.length, "weight")) ||
      (y.data && !fits(n, y.length, "y")) || (gated.data && (!y.data || !fits(n, gated.length, "gated"))) ||
      (dWeight.data && !fits(channels, dWeight.length, "dWeight")) ||
      (dBias.data && !fits(channels, dBias.length, "dBias"))) {
    return;
  }
  const double count = static_cast<double>(batch * plane);
  // Infinite bounds gate nothing: the compare against them is skipped.
  const float low = std::isinf(lo) && lo < 0 ? -INFINITY : static_cast<float>(lo);
  const float high = std::isinf(hi) && hi > 0 ? INFINITY : static_cast<float>(hi);
  const bool highGates = high != INFINITY;
  parallelFor(channels, channelsPerThread(batch * plane), 1, [&](int64_t begin, int64_t end) {
    for (int64_t c = begin; c < end; ++c) {
      const float m = mean.data[c], s = rstd.data[c];
      const float w = weight.data ? weight.data[c] : 1.0f;
      double sumDy = 0, sumDyX = 0;
      for (int64_t b = 0; b < batch; ++b) {
        const int64_t base = (b * channels + c) * plane;
        const float* xb = x.data + base;
        const float* dyb = dy.data + base;
        if (y.data) {
          // The gated gradient, written where the second pass (and the residual) reads it.
          float* g = gated.data ? gated.data + base : dx.data + base;
          const float* yb = y.data + base;
          if (highGates) {
            for (int64_t i = 0; i < plane; ++i) g[i] = yb[i] > low && yb[i] < high ? dyb[i] : 0.0f;
          } else {
            for (int64_t i = 0; i < plane; ++i) {
              float step = yb[i] > low ? 1.0f : 0.0f;  // relu's backward: NaN stays NaN, −dy·0 is −0
              step = yb[i] == yb[i] ? step : yb[i];
              g[i] = dyb[i] * step;
            }
          }
          dyb = g;
        }
        const Lanes mv = splat(m), sv = splat(s);
        float pDy, pDyX;
        laneSum2(
            plane,
            [&](int64_t i, Lanes* u, Lanes* v) {
              const Lanes d = loadLanes(dyb + i);
              *u += d;
              *v += d * ((loadLanes(xb + i) - mv) * sv);
            },
            [&](int64_t i, float* u, float* v) {
              *u += dyb[i];
              *v += dyb[i] * ((xb[i] - m) * s);
            },
            &pDy, &pDyX);
        sumDy += pDy;
        sumDyX += pDyX;
      }
      if (dWeight.data) dWeight.data[c] = static_cast<float>(sumDyX);
      if (dBias.data) dBias.data[c] = static_cast<float>(sumDy);
      const float meanG = static_cast<float>(w * sumDy / count);
      const float meanGx = static_cast<float>(w * sumDyX / count);
      const float* g = !y.data ? dy.data : gated.data ? gated.data : dx.data;
      for (int64_t b = 0; b < batch; ++b) {
        const int64_t base = (b * channels + c) * plane;
        for (int64_t i = 0; i < plane; ++i) {
          const float xhat = (x.data[base + i] - m) * s;
          dx.data[base + i] = s * (g[base + i] * w - meanG - xhat * meanGx);
        }
      }
    }
  });
}
NABLA_EXPORT(batchNormBackward, batchNormBackwardEntry);

}  // namespace nabla
