// Batch norm over contiguous [batch, channels, plane] in training: the per-channel statistics,
// the per-channel affine map that applies them (also eval mode's whole forward), and the
// backward, each one pass per channel instead of the mean/sub/square/rsqrt/mul/add chain and its
// gradients. Work splits over channels, so every sum runs in one fixed order. The spec is
// src/backends/fallback/batch-norm.ts.
#include <algorithm>
#include <cmath>

#include "binding.h"
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

void channelAffineEntry(F32 x, Size batch, Size channels, Size plane, F32 scale, F32 shift, F32 out) {
  const int64_t n = batch * channels * plane;
  if (!shapesFit(n, x, channels, scale, shift, "scale", "shift") || !fits(n, out.length, "out")) return;
  // Split over (sample, channel) planes.
  parallelFor(batch * channels, channelsPerThread(plane), 1, [&](int64_t begin, int64_t end) {
    for (int64_t p = begin; p < end; ++p) {
      const int64_t c = p % channels;
      const float s = scale.data[c], t = shift.data[c];
      const float* row = x.data + p * plane;
      float* o = out.data + p * plane;
      for (int64_t i = 0; i < plane; ++i) o[i] = row[i] * s + t;
    }
  });
}
NABLA_EXPORT(channelAffine, channelAffineEntry);

void batchNormBackwardEntry(F32 x, F32 dy, F32 mean, F32 rstd, OptionalF32 weight, Size batch, Size channels,
                            Size plane, F32 dx, OptionalF32 dWeight, OptionalF32 dBias) {
  const int64_t n = batch * channels * plane;
  if (!shapesFit(n, x, channels, mean, rstd, "mean", "rstd") || !fits(n, dy.length, "dy") ||
      !fits(n, dx.length, "dx") || (weight.data && !fits(channels, weight.length, "weight")) ||
      (dWeight.data && !fits(channels, dWeight.length, "dWeight")) ||
      (dBias.data && !fits(channels, dBias.length, "dBias"))) {
    return;
  }
  const double count = static_cast<double>(batch * plane);
  parallelFor(channels, channelsPerThread(batch * plane), 1, [&](int64_t begin, int64_t end) {
    for (int64_t c = begin; c < end; ++c) {
      const float m = mean.data[c], s = rstd.data[c];
      const float w = weight.data ? weight.data[c] : 1.0f;
      double sumDy = 0, sumDyX = 0;
      for (int64_t b = 0; b < batch; ++b) {
        const int64_t base = (b * channels + c) * plane;
        const float* xb = x.data + base;
        const float* dyb = dy.data + base;
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
      for (int64_t b = 0; b < batch; ++b) {
        const int64_t base = (b * channels + c) * plane;
        for (int64_t i = 0; i < plane; ++i) {
          const float xhat = (x.data[base + i] - m) * s;
          dx.data[base + i] = s * (dy.data[base + i] * w - meanG - xhat * meanGx);
        }
      }
    }
  });
}
NABLA_EXPORT(batchNormBackward, batchNormBackwardEntry);

}  // namespace nabla
