// Batch norm over contiguous [batch, channels, plane] in training: the per-channel statistics,
// the per-channel affine map that applies them (also eval mode's whole forward), and the
// backward, each one pass per channel instead of the mean/sub/square/rsqrt/mul/add chain and its
// gradients. Work splits over groups of channels, so every sum runs in one fixed order: a plane's
// sum in float lanes, the planes added in double in sample order. The spec is
// src/backends/fallback/batch-norm.ts.
#include <algorithm>
#include <cmath>
#include <vector>

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

// NOTE(channel-groups): a channel's data is `batch` planes, one per sample, `channels · plane`
// apart. Walked one channel at a time, an 8 × 8 plane is a 256-byte run, which the prefetcher
// does not follow: cold in memory (as in a training step), ResNet-20's 64-channel backward ran
// 4–7× slower than warm, at ~4 GB/s. So the kernels walk groups of neighbouring channels, whose
// planes make one run of ≥ kRunFloats per sample, and keep the group's passes in the cache.
constexpr int64_t kRunFloats = 1024;

struct ChannelGroups {
  int64_t size;   // channels per group
  int64_t count;  // groups
  int64_t perThread;
};

ChannelGroups channelGroups(int64_t batch, int64_t channels, int64_t plane) {
  const int64_t size = std::clamp<int64_t>(kRunFloats / std::max<int64_t>(plane, 1), 1, std::max<int64_t>(channels, 1));
  return {size, (channels + size - 1) / size, channelsPerThread(batch * plane * size)};
}

bool shapesFit(int64_t n, const F32& x, int64_t channels, const F32& a, const F32& b, const char* an, const char* bn) {
  return fits(n, x.length, "x") && fits(channels, a.length, an) && fits(channels, b.length, bn);
}

}  // namespace

// Entry points (see binding.h).
void batchNormStatsEntry(F32 x, Size batch, Size channels, Size plane, F32 mean, F32 variance) {
  if (!shapesFit(batch * channels * plane, x, channels, mean, variance, "mean", "variance")) return;
  const double count = static_cast<double>(batch * plane);
  const ChannelGroups groups = channelGroups(batch, channels, plane);
  parallelFor(groups.count, groups.perThread, 1, [&](int64_t begin, int64_t end) {
    std::vector<double> sums(static_cast<size_t>(groups.size));
    for (int64_t group = begin; group < end; ++group) {
      const int64_t c0 = group * groups.size, c1 = std::min<int64_t>(channels, c0 + groups.size);
      std::fill(sums.begin(), sums.end(), 0.0);
      // One plane in float lanes (NOTE(lane-sums)), the planes added in double.
      for (int64_t b = 0; b < batch; ++b) {
        for (int64_t c = c0; c < c1; ++c) sums[c - c0] += rowSum(x.data + (b * channels + c) * plane, plane);
      }
      for (int64_t c = c0; c < c1; ++c) mean.data[c] = static_cast<float>(sums[c - c0] / count);
      std::fill(sums.begin(), sums.end(), 0.0);
      for (int64_t b = 0; b < batch; ++b) {
        for (int64_t c = c0; c < c1; ++c) {
          const float* row = x.data + (b * channels + c) * plane;
          const float m = mean.data[c];
          const Lanes mv = splat(m);
          sums[c - c0] += laneSum(
              plane,
              [&](int64_t i) {
                const Lanes d = loadLanes(row + i) - mv;
                return d * d;
              },
              [&](int64_t i) { return (row[i] - m) * (row[i] - m); });
        }
      }
      for (int64_t c = c0; c < c1; ++c) variance.data[c] = static_cast<float>(sums[c - c0] / count);
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
  const ChannelGroups groups = channelGroups(batch, channels, plane);
  parallelFor(groups.count, groups.perThread, 1, [&](int64_t begin, int64_t end) {
    std::vector<double> sumDy(static_cast<size_t>(groups.size)), sumDyX(static_cast<size_t>(groups.size));
    for (int64_t group = begin; group < end; ++group) {
      const int64_t c0 = group * groups.size, c1 = std::min<int64_t>(channels, c0 + groups.size);
      std::fill(sumDy.begin(), sumDy.end(), 0.0);
      std::fill(sumDyX.begin(), sumDyX.end(), 0.0);
      for (int64_t b = 0; b < batch; ++b) {
        for (int64_t c = c0; c < c1; ++c) {
          const float m = mean.data[c], s = rstd.data[c];
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
          sumDy[c - c0] += pDy;
          sumDyX[c - c0] += pDyX;
        }
      }
      for (int64_t c = c0; c < c1; ++c) {
        if (dWeight.data) dWeight.data[c] = static_cast<float>(sumDyX[c - c0]);
        if (dBias.data) dBias.data[c] = static_cast<float>(sumDy[c - c0]);
      }
      const float* g = !y.data ? dy.data : gated.data ? gated.data : dx.data;
      for (int64_t b = 0; b < batch; ++b) {
        for (int64_t c = c0; c < c1; ++c) {
          const float m = mean.data[c], s = rstd.data[c];
          const float w = weight.data ? weight.data[c] : 1.0f;
          const float meanG = static_cast<float>(w * sumDy[c - c0] / count);
          const float meanGx = static_cast<float>(w * sumDyX[c - c0] / count);
          const int64_t base = (b * channels + c) * plane;
          for (int64_t i = 0; i < plane; ++i) {
            const float xhat = (x.data[base + i] - m) * s;
            dx.data[base + i] = s * (g[base + i] * w - meanG - xhat * meanGx);
          }
        }
      }
    }
  });
}
NABLA_EXPORT(batchNormBackward, batchNormBackwardEntry);

}  // namespace nabla
