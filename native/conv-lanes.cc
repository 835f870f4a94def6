#include "conv-lanes.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "conv-wide.h"
#include "scratch.h"
#include "thread-pool.h"

namespace nabla {

namespace {

// Output positions per block of rows: their dyᵀ rows and image rows stay in cache across the
// blocks of pairs that read them.
constexpr int64_t kLanesPositions = 256;
// Pairs per task when a sample's pairs are split over the pool (whole blocks of 6 and of 8).
constexpr int64_t kLanesPairTask = 24;

int64_t roundUp(int64_t v, int64_t unit) { return (v + unit - 1) / unit * unit; }

void lanesKernel(int64_t lanes, const LanesWeight& a) {
  if (lanes == 16) {
    convLanesWeightAvx512(a);
  } else {
    convLanesWeightAvx2(a);
  }
}

float* imageBuffer(int64_t floats) {
  thread_local Scratch s;
  return s.get(floats);
}
float* gradBuffer(int64_t floats) {
  thread_local Scratch s;
  return s.get(floats);
}
float* sumBuffer(int64_t floats) {
  thread_local Scratch s;
  return s.get(floats);
}

}  // namespace

// NOTE(weight-lanes): the weight gradient of every 2-d convolution of one group with at least a
// vector of output channels (16 on AVX-512, 8 on AVX2) runs here, whatever its kernel, stride,
// padding or plane: on one thread it beat the direct path and im2col + GEMM on every such layer
// measured (bench/NOTES.md, session 12) — ResNet-20's 3×3 layers at batch 64 by 1.2–1.8×, ResNet-18's
// at batch 8 by 1.3–2.2×, MobileNetV2's 1×1 layers by 1.2–5×, LeNet's 6→16 5×5 by 1.8×, on both
// ISAs. With fewer output channels most lanes would idle (LeNet's 1→6 5×5 took 2.7× as long).
bool lanesWeightTakes(const ConvShape& s, const Window3& w) {
  const int64_t lanes = directLanes();
  return lanes > 0 && s.groups == 1 && w.id == 1 && w.kd == 1 && w.od == 1 && s.cOut >= lanes;
}

void lanesWeightSamples(const float* x, const float* dy, const ConvShape& s, const Window3& w, int64_t first,
                        int64_t last, bool parallel, float* dwT) {
  const int64_t lanes = directLanes();
  const int64_t taps = w.kernel(), pairs = s.cIn * taps;
  const int64_t width = w.iw + 2 * w.pw, height = w.ih + 2 * w.ph, plane = width * height;
  const int64_t ld = roundUp(s.cOut, lanes), positions = w.oh * w.ow;
  // Samples a call of the inner loops sums (small planes: enough positions to pay for loading and
  // storing the sums), or output rows (large planes: a block of them stays in cache).
  const int64_t group = std::clamp<int64_t>(kLanesPositions / std::max<int64_t>(positions, 1), 1, last - first);
  const int64_t rows = group > 1 ? w.oh : std::max<int64_t>(1, kLanesPositions / std::max<int64_t>(w.ow, 1));
  // Without padding the images are read in place; else each is copied into zero-padded planes.
  const bool inPlaceImages = w.ph == 0 && w.pw == 0;
  const int64_t imageStride = inPlaceImages ? s.cIn * plane : roundUp(s.cIn * plane, 16), dyStride = positions * ld;
  float* images = inPlaceImages ? nullptr : imageBuffer(group * imageStride);
  float* dyT = gradBuffer(group * dyStride);
  // The sums in place when their rows are whole vectors (aligned: conv.cc's chunks of them are
  // whole vectors too), else in rows of ld, copied out at the end.
  const bool inPlace = ld == s.cOut && reinterpret_cast<uintptr_t>(dwT) % 64 == 0;
  float* sums = inPlace ? dwT : sumBuffer(pairs * ld);
  // The padding rows and columns stay zero: each sample overwrites the inside.
  if (!inPlaceImages) std::memset(images, 0, group * imageStride * sizeof(float));
  if (!inPlace) std::memset(sums, 0, pairs * ld * sizeof(float));
  if (ld > s.cOut) std::memset(dyT, 0, group * dyStride * sizeof(float));
  // Named by pointer in the tasks below: a worker thread has its own (empty) thread_local vector.
  thread_local std::vector<int64_t> offsets;
  offsets.resize(pairs);
  int64_t* off = offsets.data();
  lanesPairOffsets(s.cIn, w.kh, w.kw, w.dh, w.dw, width, plane, off);
  for (int64_t i0 = first; i0 < last; i0 += group) {
    const int64_t count = std::min(group, last - i0);
    for (int64_t k = 0; k < count; ++k) {
      const float* xi = x + (i0 + k) * s.cIn * w.ih * w.iw;
      if (!inPlaceImages) lanesCopyInside(xi, 0, s.cIn, w.ih, w.iw, w.ph, w.pw, width, plane, images + k * imageStride);
      lanesTranspose(dy + (i0 + k) * s.cOut * positions, s.cOut, positions, positions, ld, dyT + k * dyStride);
    }
    for (int64_t oy = 0; oy < w.oh; oy += rows) {
      claimRanges((pairs + kLanesPairTask - 1) / kLanesPairTask, parallel, [&](int64_t b0, int64_t b1) {
        const LanesWeight a{inPlaceImages ? x + i0 * imageStride : images,
                            off,
                            dyT,
                            ld,
                            count,
                            imageStride,
                            dyStride,
                            w.sh * width,
                            w.sw,
                            w.ow,
                            oy,
                            std::min(w.oh, oy + rows),
                            b0 * kLanesPairTask,
                            std::min(pairs, b1 * kLanesPairTask),
                            0,
                            ld / lanes,
                            sums};
        lanesKernel(lanes, a);
      });
    }
  }
  for (int64_t q = 0; !inPlace && q < pairs; ++q)
    for (int64_t co = 0; co < s.cOut; ++co) dwT[q * s.cOut + co] += sums[q * ld + co];
}

void lanesPairOffsets(int64_t channels, int64_t kh, int64_t kw, int64_t dh, int64_t dw, int64_t width, int64_t plane,
                      int64_t* off) {
  const int64_t taps = kh * kw;
  for (int64_t q = 0; q < channels * taps; ++q) {
    const int64_t t = q % taps;
    off[q] = q / taps * plane + t / kw * dh * width + t % kw * dw;
  }
}

void lanesCopyInside(const float* in, int64_t c0, int64_t c1, int64_t inH, int64_t inW, int64_t padH, int64_t padW,
                     int64_t width, int64_t plane, float* padded) {
  for (int64_t c = c0; c < c1; ++c) {
    for (int64_t r = 0; r < inH; ++r) {
      // A loop, not memcpy: rows are short (32 floats in ResNet-20), the calls cost more.
      const float* src = in + (c * inH + r) * inW;
      float* dst = padded + c * plane + (r + padH) * width + padW;
      for (int64_t j = 0; j < inW; ++j) dst[j] = src[j];
    }
  }
}

void lanesTranspose(const float* in, int64_t rows, int64_t cols, int64_t ldIn, int64_t ldOut, float* out) {
  if (directLanes() == 16) {
    convLanesTransposeAvx512(in, rows, cols, ldIn, ldOut, out);
  } else {
    convLanesTransposeAvx2(in, rows, cols, ldIn, ldOut, out);
  }
}

void lanesWeightLayout(const float* dwT, const ConvShape& s, const Window3& w, float* dw) {
  const int64_t pairs = s.cIn * w.kernel();
  lanesTranspose(dwT, pairs, s.cOut, s.cOut, pairs, dw);
}

#if !(defined(__x86_64__) || defined(_M_X64))
void convLanesWeightAvx2(const LanesWeight&) {
  std::abort();
}
void convLanesWeightAvx512(const LanesWeight&) {
  std::abort();
}
void convLanesTransposeAvx2(const float*, int64_t, int64_t, int64_t, int64_t, float*) {
  std::abort();
}
void convLanesTransposeAvx512(const float*, int64_t, int64_t, int64_t, int64_t, float*) {
  std::abort();
}
void convLanesForwardAvx2(const LanesForward&) {
  std::abort();
}
void convLanesForwardAvx512(const LanesForward&) {
  std::abort();
}
#endif

}  // namespace nabla
